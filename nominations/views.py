import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from . import (
    attachments,
    corrections,
    eligibility,
    open_data,
    owners,
    page_cache,
    private_link,
    public_years,
    throttle,
    winners,
)
from .fields import readable_post_data
from .forms import CorrectionForm, NominationForm
from .models import Nomination, Owner, Prize, PrizeYear, WindowState
from .privacy import nominator_contact_rule
from .prizes import legacy_prize
from .public_years import home_years as _home_years
from .public_years import kept_prize as _prize
from .public_years import public_state as _public_state
from .public_years import public_year as _public_year
from .submission import WindowClosed, submit_nomination

# The receipt is tied to the browser that nominated by a signed cookie, not a session:
# a nominator needs no account, and a database session would cost every nomination a
# second write and commit. "0" is the honeypot's receipt, which thanks without a reference.
RECEIPT_COOKIE = "nomination_receipt"
RECEIPT_SALT = "nominations.receipt"
RECEIPT_MAX_AGE = 3600
NO_REFERENCE = 0


def _to_receipt(prize: Prize, nomination_id: int) -> HttpResponse:
    response = redirect("nominations:receipt", prize=prize.slug)
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        str(nomination_id),
        salt=RECEIPT_SALT,
        max_age=RECEIPT_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


# Account numbers, references and paths only: never what a sender typed.
log = logging.getLogger(__name__)


def _contact(prize: Prize | None = None) -> SimpleLazyObject:
    """The owner's contact (owners.contact), read only if the page shows it: of the page's
    prize, or the installation's own on a page about no prize in particular."""
    return SimpleLazyObject(lambda: owners.contact(prize.owner if prize else owners.site_owner()))


def _criteria(prize_year: PrizeYear | None, *, mandatory: bool) -> SimpleLazyObject:
    """One kind of the year's criteria, read only if the page renders them.

    The pages that list them cache that part (keyed on the year's fingerprint, which
    changes with the criteria), so most requests never ask the database.
    """
    return SimpleLazyObject(
        lambda: (
            [c for c in prize_year.ordered_criteria() if c.is_mandatory == mandatory]
            if prize_year
            else []
        )
    )


def _form_criteria(prize_year: PrizeYear | None) -> list:
    """The year's criteria, which the form asks about; kept by the process like the year.

    Under the year's fingerprint, which changes with every edit of its criteria (and
    they are locked once the window opens), so the form never asks yesterday's questions.
    """
    if prize_year is None:
        return []
    if not settings.PUBLIC_YEAR_CACHE_SECONDS:
        return prize_year.ordered_criteria()
    return caches["fragments"].get_or_set(
        f"criteria:{prize_year.pk}:{prize_year.fingerprint}",
        prize_year.ordered_criteria,
        timeout=None,
    )


def _shown(prize_year: PrizeYear | None) -> str | None:
    """What a kept public page shows of a year changes with this (page_cache.py)."""
    return prize_year.fingerprint if prize_year else None


def _eligibility(prize: Prize) -> SimpleLazyObject:
    """Who cannot be nominated, read only if the page renders it (its part is cached)."""
    return SimpleLazyObject(lambda: eligibility.on_the_call(prize=prize))


def _form_options(prize: Prize, prize_year: PrizeYear | None) -> dict:
    """What the nomination form is built from: the year's criteria and the prize's rules."""
    return {
        "criteria": _form_criteria(prize_year),
        "ask_self_nomination": eligibility.asks_self_nomination(prize=prize),
        # The year's categories, frozen with its criteria: one small query.
        "categories": list(prize_year.categories.all()) if prize_year else [],
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The site's front page: every prize shown, those open for nomination first."""
    listing = public_years.listing(timezone.now())
    return page_cache.public_page(
        request,
        state=tuple(entry.shown for entry in listing),
        render=lambda extra: render(
            request, "nominations/home.html", {"listing": listing, "contact": _contact(), **extra}
        ),
    )


@require_GET
def prizes_redirect(request: HttpRequest) -> HttpResponse:
    # /priser/ is where the prizes' own addresses begin; the list of them is the front page.
    return redirect("nominations:home")


@require_GET
def prize_home(request: HttpRequest, prize: str) -> HttpResponse:
    """A prize's call: this year's theme, criteria and window, as the home page was."""
    prize = _prize(prize)
    prize_year, window_state, judged, upcoming = _home_years(prize, timezone.now())
    return page_cache.public_page(
        request,
        state=(
            prize.fingerprint,
            _shown(prize_year),
            window_state,
            _shown(judged),
            _shown(upcoming),
        ),
        render=lambda extra: render(
            request,
            "nominations/prize.html",
            {
                "prize": prize,
                "prize_year": prize_year,
                "window_state": window_state,
                "judged_year": judged,
                "upcoming_year": upcoming,
                "mandatory_criteria": _criteria(prize_year, mandatory=True),
                "assessment_criteria": _criteria(prize_year, mandatory=False),
                "eligibility": _eligibility(prize),
                "contact": _contact(prize),
                **extra,
            },
        ),
    )


def _form_page(form, prize: Prize, prize_year: PrizeYear | None, window_state: str) -> dict:
    """What the nomination page shows around the form."""
    return {
        "prize": prize,
        "form": form,
        "prize_year": prize_year,
        "window_state": window_state,
        "mandatory_criteria": _criteria(prize_year, mandatory=True),
        "eligibility": _eligibility(prize),
        "contact": _contact(prize),
    }


def _request_size(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


# The CSRF check reads the body, so it must come after the upload handler is chosen
# (Django's "Modifying upload handlers on the fly"): exempt here, checked in _nominate.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, prize: str) -> HttpResponse:
    """The public form; the only view that takes files, and so larger requests."""
    prize = _prize(prize)
    handler = None
    if request.method == "POST":
        size = _request_size(request)
        if size > settings.NOMINATION_MAX_REQUEST_SIZE:
            # Far beyond what the form takes: refused unread. The texts about the
            # effort are still in the browser's draft.
            return _nominate_too_large(request, prize)
        # Bytes count per address too, so that files cannot fill the disk.
        within = throttle.allow(
            key=f"nominate-bytes:{throttle.client_address(request)}",
            limit=settings.NOMINATION_RATE_BYTES,
            window_seconds=settings.NOMINATION_RATE_WINDOW,
            amount=size,
        )
        handler = attachments.AttachmentUploadHandler(request, accept=within)
        request.upload_handlers = [handler]
    return _nominate(request, prize, handler)


def _nominate_too_large(request: HttpRequest, prize: Prize) -> HttpResponse:
    prize_year = _public_year(prize)
    window_state = _public_state(prize_year, timezone.now())
    form = NominationForm(
        **_form_options(prize, prize_year),
        open_for_submission=window_state == WindowState.OPEN,
        attachment_notes=[
            _(
                "What you sent was too large (more than %(limit)s) and has not been received. "
                "Each file may be at most %(file_limit)s, and %(total_limit)s in all. The texts "
                "about the effort are kept in this browser's draft if it is on; fill in the "
                "rest again and attach smaller files."
            )
            % {
                "limit": attachments.size_text(settings.NOMINATION_MAX_REQUEST_SIZE),
                "file_limit": attachments.size_text(attachments.MAX_FILE_SIZE),
                "total_limit": attachments.size_text(attachments.MAX_TOTAL_SIZE),
            }
        ],
    )
    context = {**_form_page(form, prize, prize_year, window_state), "too_large": True}
    return render(request, "nominations/nominate.html", context, status=413)


def _blank_form_page(
    request: HttpRequest, prize: Prize, prize_year: PrizeYear | None, window_state: str, extra: dict
) -> HttpResponse:
    """The form page as a GET shows it: the empty form while open, otherwise why not."""
    is_open = window_state == WindowState.OPEN
    # Built only if the page needs it: the blank form's HTML is cached (nominate.html).
    form = SimpleLazyObject(
        lambda: NominationForm(**_form_options(prize, prize_year), open_for_submission=is_open)
    )
    context = {**_form_page(form, prize, prize_year, window_state), **extra}
    if is_open:
        context["blank_form"] = True
    return render(request, "nominations/nominate.html", context)


def _keep_accepted_files(form: NominationForm) -> None:
    """Files that passed their checks wait for the form's next try (browsers cannot refill them)."""
    if form.accepted_uploads:
        form.keep(attachments.keep_pending(uploads=form.accepted_uploads))


@csrf_protect
def _nominate(
    request: HttpRequest, prize: Prize, handler: attachments.AttachmentUploadHandler | None
) -> HttpResponse:
    prize_year = _public_year(prize)
    now = timezone.now()
    window_state = _public_state(prize_year, now)
    is_open = window_state == WindowState.OPEN
    if request.method == "GET":
        # The empty form, or why there is none: the same for every visitor in this state.
        return page_cache.public_page(
            request,
            state=(prize.fingerprint, _shown(prize_year), window_state),
            render=lambda extra: _blank_form_page(request, prize, prize_year, window_state, extra),
        )
    form = NominationForm(
        readable_post_data(request),
        # Files only while the form takes nominations: nothing is kept from a late one.
        request.FILES if is_open else None,
        **_form_options(prize, prize_year),
        open_for_submission=is_open,
        refused_uploads=handler.refused if handler and is_open else (),
    )
    context = _form_page(form, prize, prize_year, window_state)
    # Closed: say why and when; a late POST keeps what was typed so it is not lost.
    if not is_open:
        return render(request, "nominations/nominate.html", context, status=403)
    if form.wants_another_organisation():
        # "Add an organisation": the same page with one more field, nothing checked or
        # stored but the files chosen, which wait for the form like after a refusal.
        form.check_attachments()
        _keep_accepted_files(form)
        context["form"] = form.with_another_organisation()
        return render(request, "nominations/nominate.html", context)
    if not form.is_valid():
        _keep_accepted_files(form)
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
        _keep_accepted_files(form)
        return render(request, "nominations/nominate.html", context, status=429)

    if form.honeypot_filled:
        # A bot: answer as if received, so that it learns nothing about the trap, but
        # store nothing and send no e-mail.
        log.warning("nomination refused: the hidden honeypot field was filled in")
        return _to_receipt(prize, NO_REFERENCE)

    try:
        nomination = submit_nomination(
            prize_year=prize_year,
            fields=form.nomination_fields(),
            organisations=form.cleaned_data["organisations"],
            answers=form.answers(),
            at=now,
            uploads=form.accepted_uploads,
            kept=form.kept_uploads,
            criteria=form.criteria,
        )
    except attachments.PendingUploadGone:
        # A kept file expired in the moment between the check and storing: nothing was
        # stored; the page names what is gone and keeps the rest, as after a refusal.
        form.forget_gone_kept_files()
        _keep_accepted_files(form)
        return render(request, "nominations/nominate.html", context)
    except WindowClosed:
        # Closed while the form was being sent: show the page as it is now (read
        # afresh, not into the year the process shares between requests).
        prize_year = PrizeYear.objects.get(pk=prize_year.pk)
        context["prize_year"] = prize_year
        context["window_state"] = _public_state(prize_year, timezone.now())
        return render(request, "nominations/nominate.html", context, status=403)
    return _to_receipt(prize, nomination.pk)


@require_GET
def receipt(request: HttpRequest, prize: str) -> HttpResponse:
    prize = _prize(prize)
    # The receipt is only for the browser that just nominated, so no one can
    # read another person's nomination by guessing a number.
    signed = request.get_signed_cookie(
        RECEIPT_COOKIE, default="", salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE
    )
    nomination_id = int(signed) if signed.isdigit() else None
    nomination = (
        Nomination.objects.select_related("prize_year__prize").filter(pk=nomination_id).first()
        if nomination_id
        else None
    )
    if nomination is None:
        if nomination_id == NO_REFERENCE:
            return render(request, "nominations/receipt_without_reference.html", {"prize": prize})
        return redirect("nominations:nominate", prize=prize.slug)
    if nomination.prize_year.prize_id != prize.pk:
        return redirect("nominations:receipt", prize=nomination.prize_year.prize.slug)
    return render(request, "nominations/receipt.html", {"nomination": nomination, "prize": prize})


@require_GET
def history(request: HttpRequest, prize: str) -> HttpResponse:
    prize = _prize(prize)
    return render(
        request,
        "nominations/history.html",
        {
            "prize": prize,
            "rows": winners.history_rows(prize=prize),
            "data_anchor": open_data.anchor(prize),
        },
    )


@require_GET
def winner(request: HttpRequest, prize: str, year: int) -> HttpResponse:
    """A winner's page; before the announcement it does not exist, whoever asks."""
    prize = _prize(prize)
    public = winners.public_winner(prize=prize, year=year)
    if public is None:
        raise Http404
    return render(
        request,
        "nominations/winner.html",
        {
            "prize": prize,
            "winner": public,
            "json_ld": open_data.json_ld(winner=public, prize=prize),
            "data_anchor": open_data.anchor(prize),
            "contact": _contact(prize),
        },
    )


@require_GET
def easy_read(request: HttpRequest) -> HttpResponse:
    # The easy-to-read text is written about Trygghetspriset, the prize of the old addresses.
    prize = legacy_prize()
    prize_year, window_state, _judged, _upcoming = _home_years(prize, timezone.now())
    return render(
        request,
        "nominations/easy_read.html",
        {
            "prize": prize,
            "prize_year": prize_year,
            "window_state": window_state,
            "contact": _contact(),
        },
    )


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "nominations/privacy.html",
        {
            "retention_rule": nominator_contact_rule(),
            "contact": _contact(),
            "pending_upload_hours": settings.PENDING_UPLOAD_HOURS,
        },
    )


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "nominations/accessibility.html", {"contact": _contact()})


# The nominator's private link from the receipt: read, correct, withdraw.


class _OtherPrize(Exception):
    """The link is of a nomination to another prize: its own address is elsewhere."""

    def __init__(self, nomination: Nomination):
        self.nomination = nomination


def _linked_nomination(token: str, prize: str) -> Nomination:
    """The nomination the link points at, or a plain 404 that tells nothing more.

    The same answer for a tampered link and for one whose nomination does not
    exist, so the link cannot be used to test references. A real link under another
    prize's address (an old /nominera/ link of a later prize, say) goes to its own.
    """
    nomination = private_link.nomination_for_token(token=token)
    if nomination is None:
        raise Http404
    if nomination.prize_year.prize.slug != prize:
        raise _OtherPrize(nomination)
    return nomination


def _at_own_prize(view: Callable) -> Callable:
    """The private-link views, answering a link under another prize with a redirect there."""

    def wrapper(request: HttpRequest, prize: str, token: str) -> HttpResponse:
        try:
            return view(request, prize, token)
        except _OtherPrize as other:
            own = other.nomination.prize_year.prize.slug
            name = request.resolver_match.view_name if request.resolver_match else ""
            return redirect(name or "nominations:my_nomination", prize=own, token=token)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _link_expired(request: HttpRequest, nomination: Nomination) -> HttpResponse:
    # 410: the link was real but no longer works; the page shows none of the content.
    return render(
        request,
        "nominations/link_expired.html",
        {
            "nomination": nomination,
            "contact": _contact(nomination.prize_year.prize),
            "closed_by_staff": nomination.link_closed_at is not None,
        },
        status=410,
    )


def _private_page(response: HttpResponse) -> HttpResponse:
    # The pages hold the nominator's contact details: no shared cache, no search engine.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_GET
@_at_own_prize
def my_nomination(request: HttpRequest, prize: str, token: str) -> HttpResponse:
    nomination = _linked_nomination(token, prize)
    if not private_link.link_works(nomination=nomination, at=timezone.now()):
        return _private_page(_link_expired(request, nomination))
    return _private_page(
        render(
            request,
            "nominations/my_nomination.html",
            {
                "nomination": nomination,
                "token": token,
                "answers": private_link.sent_copy(nomination=nomination),
                "valid_until": private_link.link_valid_until(nomination=nomination),
                "earlier_versions": nomination.versions.count(),
            },
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_at_own_prize
def correct_nomination(request: HttpRequest, prize: str, token: str) -> HttpResponse:
    nomination = _linked_nomination(token, prize)
    now = timezone.now()
    works = private_link.link_works(nomination=nomination, at=now)
    if not works and (request.method == "GET" or nomination.link_closed_at is not None):
        # Closed by staff: not even a page opened before shows the form again.
        return _private_page(_link_expired(request, nomination))
    if nomination.withdrawn_at is not None:
        messages.error(request, _("You have withdrawn the nomination, so it cannot be corrected."))
        return redirect("nominations:my_nomination", prize=prize, token=token)
    form = CorrectionForm(
        readable_post_data(request) if request.method == "POST" else None,
        initial=corrections.correction_initial(nomination=nomination),
        criteria=nomination.prize_year.ordered_criteria(),
        open_for_submission=works,
    )
    if works and form.wants_another_organisation():
        form = form.with_another_organisation()
    context = {"form": form, "nomination": nomination, "token": token, "closed": not works}
    if not works:
        # Closed while the page was open: nothing is saved, what was typed stays on the page.
        return _private_page(
            render(request, "nominations/correct_nomination.html", context, status=403)
        )
    if not form.is_bound or not form.is_valid():
        return _private_page(render(request, "nominations/correct_nomination.html", context))
    if not corrections.allow_correction(
        nomination=nomination, address=throttle.client_address(request)
    ):
        form.add_error(None, corrections.too_many_corrections_message())
        return _private_page(
            render(request, "nominations/correct_nomination.html", context, status=429)
        )
    try:
        corrected = corrections.correct_nomination(
            nomination=nomination,
            fields=form.nomination_fields(),
            organisations=form.cleaned_data["organisations"],
            answers=form.answers(),
            at=now,
        )
    except corrections.ChangeRefused as refusal:
        # Closed or withdrawn meanwhile, or nothing changed: the text typed stays on the page.
        form.add_error(None, str(refusal))
        nomination.prize_year.refresh_from_db()
        context["closed"] = not private_link.link_works(nomination=nomination, at=timezone.now())
        status = 200 if isinstance(refusal, corrections.NothingChanged) else 403
        return _private_page(
            render(request, "nominations/correct_nomination.html", context, status=status)
        )
    if corrected.link_key != token:
        # A new address: the new link went there, and this one no longer works.
        return _private_page(
            render(request, "nominations/address_changed.html", {"nomination": corrected})
        )
    messages.success(
        request,
        _(
            "Your correction is saved. What you sent before is kept in the record, and a "
            "confirmation is on its way to your e-mail."
        ),
    )
    return redirect("nominations:my_nomination", prize=prize, token=token)


@never_cache
@require_http_methods(["GET", "POST"])
@_at_own_prize
def withdraw_nomination(request: HttpRequest, prize: str, token: str) -> HttpResponse:
    nomination = _linked_nomination(token, prize)
    if not private_link.link_works(nomination=nomination, at=timezone.now()):
        return _private_page(_link_expired(request, nomination))
    if nomination.withdrawn_at is not None:
        return redirect("nominations:my_nomination", prize=prize, token=token)
    if request.method == "POST":
        try:
            corrections.withdraw_nomination(nomination=nomination, at=timezone.now())
        except corrections.ChangeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Your nomination is withdrawn. A confirmation is on its way to your e-mail."),
            )
        return redirect("nominations:my_nomination", prize=prize, token=token)
    return _private_page(
        render(
            request,
            "nominations/withdraw_nomination.html",
            {"nomination": nomination, "token": token},
        )
    )


# A day: a new logo has a new address (Owner.logo_version), so no one keeps the old one.
LOGO_MAX_AGE = 24 * 3600


@require_safe
def owner_logo(request: HttpRequest, owner_id: int) -> HttpResponse:
    """An owner's logo, public like the pages it is shown on, as the PNG or JPEG it is.

    The content type comes from the file's own bytes (owners.logo_file), never from its
    name or the upload, and the browser may not guess another (nosniff).
    """
    owner = Owner.objects.filter(pk=owner_id).first()
    stored = owners.logo_file(owner) if owner else None
    if stored is None:
        raise Http404("no logo")
    data, content_type = stored
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
