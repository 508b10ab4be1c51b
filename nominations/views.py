from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import throttle
from .criteria import ASSESSMENT_CRITERIA, MANDATORY_CRITERIA
from .forms import NominationForm
from .models import Nomination, PrizeYear, WindowState
from .privacy import nominator_contact_rule
from .submission import WindowClosed, submit_nomination

RECEIPT_SESSION_KEY = "nomination_receipt"


def _public_state(prize_year: PrizeYear | None, at: datetime) -> str:
    """The window as the public may use it: a year whose jury has begun takes no more."""
    if prize_year is None:
        return WindowState.NONE
    state = prize_year.window_state(at)
    if state == WindowState.OPEN and not prize_year.accepts_nominations(at):
        return WindowState.CLOSED
    return state


def _contact() -> dict:
    return {
        "email": settings.ADMINISTRATION_EMAIL,
        "phone": settings.ADMINISTRATION_PHONE,
        "address": settings.ADMINISTRATION_ADDRESS,
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    prize_year = PrizeYear.objects.current()
    return render(
        request,
        "nominations/home.html",
        {
            "prize_year": prize_year,
            "window_state": _public_state(prize_year, timezone.now()),
            "mandatory_criteria": MANDATORY_CRITERIA,
            "assessment_criteria": ASSESSMENT_CRITERIA,
            "contact": _contact(),
        },
    )


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    prize_year = PrizeYear.objects.current()
    now = timezone.now()
    window_state = _public_state(prize_year, now)
    is_open = window_state == WindowState.OPEN
    if request.method == "POST":
        form = NominationForm(request.POST, open_for_submission=is_open)
    else:
        form = NominationForm(open_for_submission=is_open)
    context = {
        "form": form,
        "prize_year": prize_year,
        "window_state": window_state,
        "mandatory_criteria": MANDATORY_CRITERIA,
        "contact": _contact(),
    }
    # Closed: say why and when; a late POST keeps what was typed so it is not lost.
    if not is_open:
        status = 403 if request.method == "POST" else 200
        return render(request, "nominations/nominate.html", context, status=status)
    if request.method == "GET" or not form.is_valid():
        return render(request, "nominations/nominate.html", context)

    if not throttle.allow(
        key=f"nominate:{throttle.client_address(request)}",
        limit=settings.NOMINATION_RATE_LIMIT,
        window_seconds=settings.NOMINATION_RATE_WINDOW,
    ):
        form.add_error(
            None,
            _(
                "Many nominations have been sent from your connection in a short time, so "
                "this one was not received. Wait %(minutes)s minutes and send it again; what "
                "you wrote is still here."
            )
            % {"minutes": max(1, settings.NOMINATION_RATE_WINDOW // 60)},
        )
        return render(request, "nominations/nominate.html", context, status=429)

    try:
        nomination = submit_nomination(
            prize_year=prize_year,
            fields=form.nomination_fields(),
            organisations=form.cleaned_data["organisations"],
            at=now,
        )
    except WindowClosed:
        # Closed while the form was being sent: show the page as it is now.
        prize_year.refresh_from_db()
        context["window_state"] = _public_state(prize_year, timezone.now())
        return render(request, "nominations/nominate.html", context, status=403)
    request.session[RECEIPT_SESSION_KEY] = nomination.pk
    return redirect("nominations:receipt")


@require_GET
def receipt(request: HttpRequest) -> HttpResponse:
    # The receipt is only for the browser that just nominated, so no one can
    # read another person's nomination by guessing a number.
    nomination_id = request.session.get(RECEIPT_SESSION_KEY)
    nomination = (
        Nomination.objects.select_related("prize_year").filter(pk=nomination_id).first()
        if nomination_id
        else None
    )
    if nomination is None:
        return redirect("nominations:nominate")
    return render(request, "nominations/receipt.html", {"nomination": nomination})


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    return render(request, "nominations/history.html", {"prize_years": PrizeYear.objects.history()})


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "nominations/privacy.html",
        {"retention_rule": nominator_contact_rule(), "contact": _contact()},
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "nominations/accessibility.html", {"contact": _contact()})
