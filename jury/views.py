from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nominations.criteria import ASSESSMENT_CRITERIA
from nominations.models import Effort, JuryPhase

from . import pdf, scoring, voting
from .access import chair_view, get_effort, jury_view
from .forms import CloseVoteForm, ConflictForm, OpenVoteForm, PhaseForm, ScoreForm, VoteForm
from .models import ConflictDeclaration, Decision, JuryMembership, Score, Vote


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the juror's year; a page explaining itself for anyone else."""
    memberships = list(
        JuryMembership.objects.active().filter(user=request.user).select_related("prize_year")
    )
    if len(memberships) == 1 and request.user.is_verified():
        return redirect("jury:dashboard", year=memberships[0].prize_year.year)
    return render(request, "jury/home.html", {"memberships": memberships})


@jury_view
@require_GET
def dashboard(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    prize_year = membership.prize_year
    efforts = list(
        Effort.objects.eligible()
        .filter(prize_year=prize_year)
        .annotate(nomination_count=Count("nominations"))
        .order_by("name")
    )
    scored = scoring.scored_effort_ids(membership=membership)
    conflicts = scoring.conflicted_effort_ids(membership=membership)
    # The same three lookups give the table and the progress counts.
    progress = scoring.Progress.of(
        efforts={e.pk for e in efforts}, scored=scored, conflicts=conflicts
    )
    return render(
        request,
        "jury/dashboard.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "efforts": efforts,
            "scored": scored,
            "conflicts": conflicts,
            "progress": progress,
            "may_see_ranking": scoring.may_see_ranking(membership=membership, known=progress),
        },
    )


@jury_view
@require_http_methods(["GET", "POST"])
def effort_detail(request: HttpRequest, membership: JuryMembership, effort_id: int):
    effort = get_effort(membership=membership, effort_id=effort_id)
    conflict = (
        ConflictDeclaration.objects.in_force().filter(juror=membership.user, effort=effort).first()
    )
    own = Score.objects.filter(juror=membership.user, effort=effort).first()
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            try:
                scoring.save_score(
                    membership=membership,
                    effort=effort,
                    innovation=form.cleaned_data["innovation"],
                    inspiration=form.cleaned_data["inspiration"],
                    results=form.cleaned_data["results"],
                    comment=form.cleaned_data["comment"],
                )
            except scoring.JuryError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your score for “%(name)s” is saved.") % {"name": effort.name}
                )
                return redirect("jury:dashboard", year=membership.prize_year.year)
    else:
        initial = {}
        if own:
            initial = {key: getattr(own, key) for key in ("innovation", "inspiration", "results")}
            initial["comment"] = own.comment
        form = ScoreForm(initial=initial)
    # Others' scores only once the juror has formed their own view, never with jäv.
    others = (
        Score.objects.filter(effort=effort).exclude(juror=membership.user).select_related("juror")
        if own and not conflict
        else None
    )
    nominations = (
        effort.nominations.without_contact_details()
        .prefetch_related("organisations")
        .order_by("submitted_at")
    )
    return render(
        request,
        "jury/effort.html",
        {
            "membership": membership,
            "prize_year": membership.prize_year,
            "effort": effort,
            "nominations": nominations,
            "conflict": conflict,
            "own": own,
            "others": others,
            "form": form,
            "scoring_open": membership.prize_year.jury_phase == JuryPhase.SCORING,
            "criteria": ASSESSMENT_CRITERIA,
        },
    )


@jury_view
@require_http_methods(["GET", "POST"])
def declare_conflict(request: HttpRequest, membership: JuryMembership, effort_id: int):
    effort = get_effort(membership=membership, effort_id=effort_id)
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            scoring.declare_conflict(
                membership=membership, effort=effort, reason=form.cleaned_data["reason"]
            )
        except scoring.JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your conflict of interest for “%(name)s” is recorded.") % {"name": effort.name},
            )
            return redirect("jury:dashboard", year=membership.prize_year.year)
    return render(
        request,
        "jury/conflict.html",
        {
            "membership": membership,
            "prize_year": membership.prize_year,
            "effort": effort,
            "form": form,
        },
    )


@jury_view
@require_GET
def ranking(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    context = {"membership": membership, "prize_year": membership.prize_year}
    if not scoring.may_see_ranking(membership=membership):
        return render(request, "jury/ranking.html", {**context, "hidden": True}, status=403)
    return render(
        request,
        "jury/ranking.html",
        {
            **context,
            "efforts": scoring.ranking(prize_year=membership.prize_year),
            "conflicts": scoring.conflicted_effort_ids(membership=membership),
        },
    )


@jury_view
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    prize_year = membership.prize_year
    conflicts = scoring.conflicted_effort_ids(membership=membership)
    efforts = voting.shortlist(prize_year=prize_year).exclude(pk__in=conflicts).order_by("name")
    own = Vote.objects.filter(juror=membership.user, prize_year=prize_year).select_related("effort")
    own = own.first()
    form = VoteForm(request.POST if request.method == "POST" else None, efforts=efforts)
    if request.method == "POST" and form.is_valid():
        try:
            voting.cast_vote(membership=membership, effort=form.cleaned_data["effort"])
        except scoring.JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your vote is recorded."))
            return redirect("jury:vote", year=prize_year.year)
    return render(
        request,
        "jury/vote.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "form": form,
            "own": own,
            "voting_open": prize_year.jury_phase == JuryPhase.VOTING,
            "decision": _decision(prize_year),
        },
    )


@chair_view
@require_GET
def conflicts(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    declarations = ConflictDeclaration.objects.filter(
        effort__prize_year=membership.prize_year
    ).select_related("juror", "effort")
    return render(
        request,
        "jury/conflicts.html",
        {
            "membership": membership,
            "prize_year": membership.prize_year,
            "declarations": declarations,
        },
    )


@chair_view
@require_http_methods(["GET", "POST"])
def chair(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    """The chair moves the jury's work on: scoring, shortlist and vote, decision."""
    prize_year = membership.prize_year
    step = request.POST.get("step") if request.method == "POST" else None
    eligible = Effort.objects.eligible().filter(prize_year=prize_year).order_by("name")
    counts = (
        voting.tally(prize_year=prize_year) if prize_year.jury_phase == JuryPhase.VOTING else []
    )
    tied = voting.leaders(counts)
    forms = {
        "phase": PhaseForm(request.POST if step in ("open_scoring", "close_scoring") else None),
        "open_vote": OpenVoteForm(
            request.POST if step == "open_vote" else None,
            efforts=eligible,
            initial={"efforts": list(scoring.ranking(prize_year=prize_year)[:3])},
        ),
        "close_vote": CloseVoteForm(
            request.POST if step == "close_vote" else None,
            tied=tied,
            excluded=scoring.conflicted_effort_ids(membership=membership),
        ),
    }
    if step:
        done = _chair_step(request, membership, step, forms)
        if done:
            return redirect("jury:chair", year=prize_year.year)
    return render(
        request,
        "jury/chair.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "forms": forms,
            "members": scoring.jury_progress(prize_year=prize_year),
            "effort_count": eligible.count(),
            "counts": counts,
            "tied": tied if len(tied) > 1 else [],
            "decision": _decision(prize_year),
        },
    )


def _decision(prize_year) -> Decision | None:
    return Decision.objects.filter(prize_year=prize_year).select_related("effort").first()


def _chair_step(request: HttpRequest, membership: JuryMembership, step: str, forms: dict) -> bool:
    """Run one of the chair's steps from its bound form; False leaves the errors to show."""
    prize_year, by = membership.prize_year, membership.user
    form = forms["phase"] if step in ("open_scoring", "close_scoring") else forms.get(step)
    if form is None or not form.is_valid():
        return False
    try:
        if step == "open_scoring":
            scoring.open_scoring(prize_year=prize_year, by=by)
        elif step == "close_scoring":
            scoring.close_scoring(prize_year=prize_year, by=by)
        elif step == "open_vote":
            voting.open_vote(prize_year=prize_year, efforts=form.cleaned_data["efforts"], by=by)
        elif step == "close_vote":
            voting.close_vote(
                prize_year=prize_year,
                motivation=form.cleaned_data["motivation"],
                casting_vote=form.cleaned_data.get("casting_vote"),
                by=by,
            )
    except scoring.JuryError as error:
        form.add_error(None, str(error))
        return False
    prize_year.refresh_from_db(fields=["jury_phase"])
    messages.success(
        request,
        _("Done: the jury's work is now at “%(phase)s”.")
        % {"phase": prize_year.get_jury_phase_display()},
    )
    return True


@jury_view
@require_GET
def decision_document(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("prize_year", "effort"), prize_year=membership.prize_year
    )
    year = membership.prize_year.year
    return pdf.pdf_response(
        pdf.decision_pdf(decision=decision), f"beslut-trygghetspriset-{year}.pdf"
    )


@jury_view
@require_GET
def dossier_document(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    year = membership.prize_year.year
    return pdf.pdf_response(
        pdf.dossier_pdf(prize_year=membership.prize_year), f"underlag-trygghetspriset-{year}.pdf"
    )
