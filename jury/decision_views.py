"""The decision page: the decision of record, its justerare, the reservations, the
honourable mentions and the justering, with the PDF.

Its own module because jury/views.py is at its bound; jury/views.py imports `decision`
so the URLs name it as before. The steps are jury/justering.py's and jury/awards.py's.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import awards, justering
from .access import jury_view
from .forms import (
    ConfirmForm,
    JusterareForm,
    MentionForm,
    ReservationForm,
    WithdrawMentionForm,
)
from .models import Decision, JuryMembership, JuryRole, Reservation


@jury_view
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    """The decision of record: its justerare, the reservations, the justering, the PDF."""
    prize_year = membership.prize_year
    decision = get_object_or_404(
        Decision.objects.select_related("effort", "justerare", "decided_by").prefetch_related(
            "shared_winners__effort", "mentions__effort"
        ),
        prize_year=prize_year,
    )
    step = request.POST.get("step") if request.method == "POST" else None
    own = Reservation.objects.filter(decision=decision, juror=membership.user).first()

    def data(name: str):
        return request.POST if step == name else None

    forms = {
        "justerare": JusterareForm(
            data("justerare"),
            candidates=justering.justerare_candidates(decision=decision),
            initial={"justerare": decision.justerare_id},
        ),
        "reservation": ReservationForm(
            data("reservation"), initial={"text": own.text if own else ""}
        ),
        "withdraw": ConfirmForm(data("withdraw")),
        "check": ConfirmForm(data("check")),
        "mention": MentionForm(
            data("mention"), efforts=awards.mention_candidates(decision=decision)
        ),
        "withdraw_mention": WithdrawMentionForm(
            data("withdraw_mention"), mentions=decision.mentions.all()
        ),
    }
    if step in forms and decision.is_checked:
        # The forms are gone once the decision is stored; a page opened earlier still
        # posts them, and the refusal says why at the top of the page.
        messages.error(
            request,
            _("The decision is already checked and stored, so it can no longer change."),
        )
    elif step in forms and _decision_step(request, membership, decision, step, forms[step]):
        return redirect("jury:decision", year=prize_year)
    is_chair = membership.role == JuryRole.CHAIR
    is_justerare = membership.user_id == decision.justerare_id
    return render(
        request,
        "jury/decision.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "decision": decision,
            "forms": forms,
            "own": own,
            "reservations": decision.reservations.select_related("juror"),
            "is_chair": is_chair,
            "leads": membership.user_id == decision.decided_by_id,
            "may_check": is_chair or is_justerare,
            # When this juror checked it, if they have: the chair's or the justerare's check.
            "my_check": decision.chair_checked_at if is_chair else decision.justerare_checked_at,
        },
    )


def _decision_step(
    request: HttpRequest, membership: JuryMembership, decision: Decision, step: str, form
) -> bool:
    """Run one step on the decision page from its bound form; False leaves the errors to show."""
    if not form.is_valid():
        return False
    try:
        if step == "justerare":
            justering.name_justerare(
                decision=decision, justerare=form.cleaned_data["justerare"], by=membership.user
            )
            done = _("The checker (justerare) is named.")
        elif step == "reservation":
            justering.enter_reservation(
                decision=decision, membership=membership, text=form.cleaned_data["text"]
            )
            done = _("Your reservation is saved. It is printed under your name in the decision.")
        elif step == "withdraw":
            justering.withdraw_reservation(decision=decision, membership=membership)
            done = _("Your reservation is withdrawn.")
        elif step == "mention":
            awards.record_mention(decision=decision, by=membership.user, **form.cleaned_data)
            done = _("The honourable mention is recorded. It is printed in the decision.")
        elif step == "withdraw_mention":
            awards.withdraw_mention(mention=form.cleaned_data["mention"], by=membership.user)
            done = _("The honourable mention is withdrawn.")
        else:
            checked = justering.mark_checked(decision=decision, membership=membership)
            done = _checked_message(
                both=checked.is_checked, proposal=membership.prize_year.prize.committee_decides
            )
    except justering.JusteringError as error:
        # At the top of the page, where a juror on a phone lands, not beside a form far down.
        messages.error(request, str(error))
        return False
    messages.success(request, done)
    return True


def _checked_message(*, both: bool, proposal: bool) -> str:
    """Where a committee decides, the jury's pages call what it checks its proposal."""
    if proposal:
        return (
            _("Both have now checked the proposal. It is stored and can no longer change.")
            if both
            else _("You have checked the proposal. It is stored when the other has too.")
        )
    return (
        _("Both have now checked the decision. It is stored and can no longer change.")
        if both
        else _("You have checked the decision. It is stored when the other has too.")
    )
