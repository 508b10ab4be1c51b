import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nominations import attachments as attachment_files
from nominations import legacy
from nominations.models import ConflictRule, Effort, JuryPhase, Nomination
from trygghetspris.people import join_names

from . import basis, phases, reminders, scoring, voting
from . import conflicts as conflict_of_interest
from .access import chair_view, get_attachment, get_effort, jury_view
from .category_vote_views import vote_in_categories

# The decision page has a module of its own (this one is at its bound); urls.py names it here.
from .decision_views import decision  # noqa: E402, F401
from .errors import JuryError
from .forms import (
    CloseVoteForm,
    ConcludeRulingForm,
    ConflictForm,
    NotAwardedForm,
    OpenVoteForm,
    PhaseForm,
    QuestionForm,
    RulingForm,
    ScoreForm,
    VoteForm,
)
from .models import (
    ConflictDeclaration,
    ConflictQuestion,
    Decision,
    JuryMembership,
    JuryRole,
    Score,
)
from .outcome import decision_outcome
from .overview import year_overview
from .participation import participation
from .urls_keys import YearKey

# Account numbers and ids only.
log = logging.getLogger(__name__)


# Nothing is read or changed here: the page redirected to checks the login and appointment.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def legacy_year(request: HttpRequest, year: int, rest: str = "") -> HttpResponse:
    """/jury/2026/… from before several prizes: the same page of Trygghetspriset's year."""
    url = f"{reverse('jury:dashboard', args=[YearKey(settings.LEGACY_PRIZE_SLUG, year)])}{rest}"
    if query := request.META.get("QUERY_STRING"):
        url = f"{url}?{query}"
    return legacy.to(url, method=request.method)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the juror's year; a page explaining itself for anyone else."""
    memberships = list(
        JuryMembership.objects.active()
        .filter(user=request.user)
        .select_related("prize_year__prize")
    )
    if len(memberships) == 1 and request.user.is_verified():
        return redirect("jury:dashboard", year=memberships[0].prize_year)
    return render(request, "jury/home.html", {"memberships": memberships})


@jury_view
@require_GET
def dashboard(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    prize_year = membership.prize_year
    efforts = list(
        Effort.objects.eligible()
        .filter(prize_year=prize_year)
        .annotate(
            nomination_count=Count("nominations", filter=Q(nominations__withdrawn_at__isnull=True))
        )
        .order_by("name")
    )
    scored = scoring.scored_effort_ids(membership=membership)
    juror = participation(prize_year=prize_year).juror(membership.user_id)
    # Under the rule "the whole matter" one declaration keeps the juror out of every effort.
    conflicts = scoring.blocked_effort_ids(juror=juror, efforts={e.pk for e in efforts})
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
            "juror": juror,
            "may_see_ranking": scoring.may_see_ranking(membership=membership, known=progress),
            "basis": basis.stored_basis(prize_year=prize_year),
        },
    )


@jury_view
@require_http_methods(["GET", "POST"])
def effort_detail(request: HttpRequest, membership: JuryMembership, effort_id: int):
    effort = get_effort(membership=membership, effort_id=effort_id)
    conflict = (
        ConflictDeclaration.objects.in_force().filter(juror=membership.user, effort=effort).first()
    )
    criteria = scoring.assessment_criteria(membership.prize_year)
    own = (
        Score.objects.filter(juror=membership.user, effort=effort)
        .prefetch_related("values")
        .first()
    )
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                scoring.save_score(
                    membership=membership,
                    effort=effort,
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                )
            except JuryError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your score for “%(name)s” is saved.") % {"name": effort.name}
                )
                return redirect("jury:dashboard", year=membership.prize_year)
    else:
        initial = {}
        if own:
            given = own.value_by_criterion()
            initial = {c.key: given[c.pk] for c in criteria if c.pk in given}
            initial["comment"] = own.comment
        form = ScoreForm(initial=initial, criteria=criteria)
    # Others' scores only once the juror has formed their own view, never with jäv.
    others = (
        Score.objects.filter(effort=effort)
        .exclude(juror=membership.user)
        .select_related("juror")
        .prefetch_related("values")
        if own and not conflict
        else None
    )
    nominations = Nomination.objects.for_jury().filter(effort=effort)
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
            "own_values": _values_in_order(own, criteria) if own else [],
            "others": None
            if others is None
            else [(score, _values_in_order(score, criteria)) for score in others],
            "form": form,
            "scoring_open": membership.prize_year.jury_phase == JuryPhase.SCORING,
            "criteria": criteria,
        },
    )


def _values_in_order(score: Score, criteria: list) -> list[tuple]:
    """(criterion, value) for each criterion, "–" where the score has none."""
    given = score.value_by_criterion()
    return [(criterion, given.get(criterion.pk, "–")) for criterion in criteria]


@jury_view
@require_http_methods(["GET", "POST"])
def declare_conflict(request: HttpRequest, membership: JuryMembership, effort_id: int):
    effort = get_effort(membership=membership, effort_id=effort_id)
    form = ConflictForm(request.POST if request.method == "POST" else None)
    decided = membership.prize_year.jury_phase == JuryPhase.DECIDED
    # Once decided the page says so up front, and a form posted from earlier gets that page.
    if request.method == "POST" and not decided and form.is_valid():
        try:
            conflict_of_interest.declare_conflict(
                membership=membership, effort=effort, reason=form.cleaned_data["reason"]
            )
        except JuryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your conflict of interest for “%(name)s” is recorded.") % {"name": effort.name},
            )
            return redirect("jury:dashboard", year=membership.prize_year)
    return render(
        request,
        "jury/conflict.html",
        {
            "membership": membership,
            "prize_year": membership.prize_year,
            "effort": effort,
            "form": form,
            "whole_matter": membership.prize_year.conflict_rule == ConflictRule.MATTER,
            "decided": decided,
        },
    )


@jury_view
@require_GET
def ranking(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    context = {"membership": membership, "prize_year": membership.prize_year}
    if not scoring.may_see_ranking(membership=membership):
        return render(request, "jury/ranking.html", {**context, "hidden": True}, status=403)
    criteria = scoring.assessment_criteria(membership.prize_year)
    lowest, highest = scoring.total_range(criteria)
    return render(
        request,
        "jury/ranking.html",
        {
            **context,
            "efforts": scoring.ranking(prize_year=membership.prize_year),
            "criteria": criteria,
            "lowest": lowest,
            "highest": highest,
            "conflicts": conflict_of_interest.conflicted_effort_ids(membership=membership),
        },
    )


@jury_view
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    """Choose, then confirm: a cast vote cannot be changed, so the juror sees that first."""
    prize_year = membership.prize_year
    count = participation(prize_year=prize_year)
    juror = count.juror(membership.user_id)
    if count.categories:
        return vote_in_categories(request, membership, count, juror, _decision(prize_year))
    takes_part = juror is not None and juror.takes_part
    efforts = voting.shortlist(prize_year=prize_year).order_by("name")
    if not takes_part:
        efforts = efforts.none()
    own = juror.vote if juror else None
    form = VoteForm(request.POST if request.method == "POST" else None, efforts=efforts)
    confirming = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            confirming = form.cleaned_data["effort"]
        else:
            try:
                voting.cast_vote(membership=membership, effort=form.cleaned_data["effort"])
            except JuryError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your vote is recorded."))
                return redirect("jury:vote", year=prize_year)
    return render(
        request,
        "jury/vote.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "form": form,
            "own": own,
            "confirming": confirming,
            "voting_open": prize_year.jury_phase == JuryPhase.VOTING,
            "decision": _decision(prize_year),
            "juror": juror,
            "takes_part": takes_part,
            "count": count if own is not None else None,
        },
    )


@jury_view
@require_POST
def withdraw_conflict(request: HttpRequest, membership: JuryMembership, effort_id: int):
    effort = get_effort(membership=membership, effort_id=effort_id)
    declaration = (
        ConflictDeclaration.objects.in_force().filter(juror=membership.user, effort=effort).first()
    )
    if declaration is None:
        messages.error(request, _("There is no declaration of yours to withdraw for this effort."))
    else:
        try:
            conflict_of_interest.withdraw_conflict(membership=membership, declaration=declaration)
        except JuryError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Your conflict of interest for “%(name)s” is withdrawn. You can score it now.")
                % {"name": effort.name},
            )
    return redirect("jury:effort", year=membership.prize_year, effort_id=effort.pk)


@jury_view
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    """Every declaration, withdrawn ones too, and the questions the jury rules on.

    Every juror who takes part votes on a question, with reasons; the one who leads the
    jury records questions and concludes the ruling. The questioned juror takes no part.
    """
    prize_year = membership.prize_year
    count = participation(prize_year=prize_year)
    members = JuryMembership.objects.filter(prize_year=prize_year).not_ended()
    efforts = Effort.objects.eligible().filter(prize_year=prize_year).order_by("name")
    which = request.POST.get("form") if request.method == "POST" else None
    question_form = QuestionForm(
        request.POST if which == "question" else None, members=members, efforts=efforts
    )
    questions = list(
        ConflictQuestion.objects.filter(prize_year=prize_year)
        .select_related("juror", "effort")
        .prefetch_related("votes__juror")
    )
    rows = []
    for q in questions:
        pending = q.outcome == ConflictQuestion.Outcome.PENDING
        voted = any(v.juror_id == membership.user_id for v in q.votes.all())
        entitled = membership.user_id in {
            j.user_id for j in conflict_of_interest.voters(question=q, known=count)
        }
        leader = count.leader(questioned_user_id=q.juror_id)
        vote_form = conclude_form = None
        if pending and entitled and not voted:
            vote_form = RulingForm(
                request.POST if which == f"vote-{q.pk}" else None, prefix=f"vote-{q.pk}"
            )
        if pending and leader and leader.user_id == membership.user_id:
            conclude_form = ConcludeRulingForm(
                request.POST if which == f"ruling-{q.pk}" else None, prefix=f"ruling-{q.pk}"
            )
        rows.append(
            {
                "question": q,
                "vote_form": vote_form,
                "conclude_form": conclude_form,
                "leader": leader,
                "waiting": [
                    j.name
                    for j in conflict_of_interest.voters(question=q, known=count)
                    if j.user_id not in {v.juror_id for v in q.votes.all()}
                ],
            }
        )
    try:
        if which == "question" and question_form.is_valid():
            data = question_form.cleaned_data
            conflict_of_interest.raise_question(
                chair=membership,
                concerned=data["juror"],
                effort=data["effort"],
                raised_by=data["raised_by"],
                question=data["question"],
            )
            messages.success(request, _("The question is recorded. The jury votes on it below."))
            return redirect("jury:conflicts", year=prize_year)
        for row in rows:
            q, form = row["question"], row["vote_form"]
            if which == f"vote-{q.pk}" and form is not None and form.is_valid():
                conflict_of_interest.cast_ruling_vote(
                    question=q,
                    membership=membership,
                    disqualified=form.cleaned_data["outcome"] == "disqualified",
                    reasons=form.cleaned_data["reasons"],
                )
                messages.success(request, _("Your vote on the question is recorded."))
                return redirect("jury:conflicts", year=prize_year)
            form = row["conclude_form"]
            if which == f"ruling-{q.pk}" and form is not None and form.is_valid():
                conflict_of_interest.rule(
                    question=q, chair=membership, reasons=form.cleaned_data["reasons"]
                )
                messages.success(request, _("The jury's ruling is recorded."))
                return redirect("jury:conflicts", year=prize_year)
    except JuryError as error:
        # Shown at the top of the page the juror lands on, whichever form they sent.
        messages.error(request, str(error))
    if (
        which
        and which != "question"
        and not any(
            which in (f"vote-{r['question'].pk}", f"ruling-{r['question'].pk}")
            and (r["vote_form"] or r["conclude_form"])
            for r in rows
        )
    ):
        messages.error(request, _("You cannot vote on or conclude this question now."))
    declarations = ConflictDeclaration.objects.filter(effort__prize_year=prize_year).select_related(
        "juror", "effort", "ruling"
    )
    return render(
        request,
        "jury/conflicts.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "declarations": declarations,
            "rows": rows,
            "question_form": question_form,
            "leads": membership.role == JuryRole.CHAIR or membership.deputy,
            "open": prize_year.jury_phase != JuryPhase.DECIDED,
            "whole_matter": prize_year.conflict_rule == ConflictRule.MATTER,
        },
    )


@chair_view
@require_http_methods(["GET", "POST"])
def chair(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    """The chair moves the jury's work on; consequential steps are confirmed first.

    Every confirmation page says up front what stands in the step's way; the domain
    function refuses again, on the locked row, if anything changed meanwhile.
    """
    prize_year = membership.prize_year
    step = request.POST.get("step") if request.method == "POST" else None
    confirmed = request.POST.get("confirm") == "yes"
    ranked = scoring.ranking(prize_year=prize_year)
    voting_now = prize_year.jury_phase == JuryPhase.VOTING
    outcome = decision_outcome(prize_year=prize_year, by=membership.user) if voting_now else None
    own = outcome.count.juror(membership.user_id) if outcome else None
    forms = {
        "phase": PhaseForm(request.POST if step in PhaseForm.STEPS else None),
        "open_vote": OpenVoteForm(
            request.POST if step == "open_vote" else None,
            ranked=ranked,
            initial={"efforts": [row.effort for row in ranked[:3]]},
        ),
        "close_vote": CloseVoteForm(
            request.POST if step == "close_vote" else None,
            tied=outcome.tied if outcome else [],
            own_votes=[v.effort for v in own.votes.values()] if own and own.takes_part else [],
            seats=outcome.seats if outcome else 1,
        ),
        "not_awarded": NotAwardedForm(request.POST if step == "not_awarded" else None),
    }
    context = {
        "membership": membership,
        "prize_year": prize_year,
        "forms": forms,
        "members": scoring.jury_progress(prize_year=prize_year),
        "effort_count": len(ranked),
        "outcome": outcome,
        "own": own,
        # Nobody, the chair included, sees the count before casting their own vote.
        "may_see_tally": voting.may_see_tally(membership=membership),
        "decision": _decision(prize_year),
        "blockers": phases.chair_scoring_blockers(prize_year=prize_year)
        if prize_year.jury_phase == JuryPhase.PREPARATION
        else [],
    }
    if step == "close_scoring" and not confirmed and forms["phase"].is_valid():
        return render(
            request,
            "jury/chair_confirm.html",
            {
                **context,
                "step": step,
                "behind": [row for row in context["members"] if row.left > 0],
                "unscored": scoring.unscored_efforts(prize_year=prize_year),
            },
        )
    if step == "open_vote" and not confirmed and forms["open_vote"].is_valid():
        chosen = {effort.pk for effort in forms["open_vote"].cleaned_data["efforts"]}
        return render(
            request,
            "jury/chair_confirm.html",
            {
                **context,
                "step": step,
                "shortlist": [row for row in ranked if row.pk in chosen],
            },
        )
    if step == "close_vote" and not confirmed and forms["close_vote"].is_valid():
        chosen = decision_outcome(
            prize_year=prize_year,
            by=membership.user,
            casting_vote=forms["close_vote"].cleaned_data.get("casting_vote"),
        )
        return render(
            request,
            "jury/chair_confirm.html",
            {**context, "step": step, "form": forms["close_vote"], "outcome": chosen},
        )
    if step == "not_awarded" and not confirmed and forms["not_awarded"].is_valid():
        chosen = decision_outcome(prize_year=prize_year, by=membership.user, award=False)
        return render(
            request,
            "jury/chair_confirm.html",
            {**context, "step": step, "form": forms["not_awarded"], "outcome": chosen},
        )
    if step and _chair_step(request, membership, step, forms):
        return redirect("jury:chair", year=prize_year)
    return render(request, "jury/chair.html", context)


def _decision(prize_year) -> Decision | None:
    return (
        Decision.objects.filter(prize_year=prize_year)
        .select_related("effort")
        .prefetch_related("shared_winners__effort", "mentions__effort")
        .first()
    )


def _chair_step(request: HttpRequest, membership: JuryMembership, step: str, forms: dict) -> bool:
    """Run one of the chair's steps from its bound form; False leaves the errors to show."""
    prize_year, by = membership.prize_year, membership.user
    form = forms["phase"] if step in PhaseForm.STEPS else forms.get(step)
    if form is None or not form.is_valid():
        return False
    try:
        if step == "open_scoring":
            phases.open_scoring(prize_year=prize_year, by=by)
        elif step == "close_scoring":
            phases.close_scoring(prize_year=prize_year, by=by)
        elif step == "reopen_scoring":
            phases.reopen_scoring(prize_year=prize_year, by=by)
        elif step == "open_vote":
            phases.open_vote(prize_year=prize_year, efforts=form.cleaned_data["efforts"], by=by)
        elif step == "close_vote":
            phases.decide(
                prize_year=prize_year,
                motivation=form.cleaned_data["motivation"],
                casting_vote=form.cleaned_data.get("casting_vote"),
                by=by,
            )
        elif step == "not_awarded":
            phases.decide(
                prize_year=prize_year,
                motivation="",
                not_awarded_reason=form.cleaned_data["reason"],
                by=by,
            )
    except (phases.PhaseError, JuryError) as error:
        form.add_error(None, str(error))
        return False
    prize_year.refresh_from_db(fields=["jury_phase"])
    messages.success(
        request,
        _("Done: the jury's work is now at “%(phase)s”.")
        % {"phase": prize_year.get_jury_phase_display()},
    )
    return True


@chair_view
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    """Årets gång for the chair, with a reminder to the jurors who are behind."""
    prize_year = membership.prize_year
    may_remind = prize_year.jury_phase in (JuryPhase.SCORING, JuryPhase.VOTING)
    # Who would be reminded, named before anything is sent.
    recipients = reminders.behind_now(prize_year=prize_year) if may_remind else []
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            sent = reminders.remind_now(prize_year=prize_year, by=membership.user)
        except JuryError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "A reminder was sent to %(names)s.",
                    "A reminder was sent to %(count)s jurors: %(names)s.",
                    len(sent),
                )
                % {"count": len(sent), "names": join_names([m.display_name for m in sent])},
            )
        return redirect("jury:overview", year=prize_year)
    return render(
        request,
        "jury/overview.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "overview": year_overview(prize_year=prize_year),
            "may_remind": may_remind,
            "recipients": [membership.display_name for membership, _left in recipients],
            "confirming": request.method == "POST",
        },
    )


@require_GET
def attachment(request: HttpRequest, attachment_id) -> FileResponse:
    """A file attached to a nomination, streamed to those who may read it (access.py)."""
    found = get_attachment(user=request.user, attachment_id=attachment_id)
    try:
        stored = attachment_files.storage().open(found.stored_name, "rb")
    except OSError:
        # The row is there but the file is not: a restore without the attachments folder.
        log.error("attachment %s has no file in storage", found.pk)
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=found.content_type,
        # Every file is saved, never opened inside our site, and under a name whose
        # extension is the type its content showed (also for files stored before names
        # followed it): the computer opens it with a program for that type.
        as_attachment=True,
        filename=attachment_files.name_for_type(found.original_name, found.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
