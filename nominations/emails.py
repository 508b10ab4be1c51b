"""The e-mails to the nominator, queued in the transaction that stores what they confirm.

Written at once, in the language of the page the nominator used (or Swedish for one that
staff registered); the worker sends them (outbox.py).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import MailKind, Nomination
from .outbox import queue_mail
from .private_link import link_url, link_valid_until, link_works, sent_copy


def _context(
    nomination: Nomination,
    organisations: list[str] | None = None,
    texts: dict[int, str] | None = None,
    *,
    attachments: list | None = None,
    first_receipt: bool = False,
) -> dict:
    """What every e-mail to the nominator shows: the copy of what was sent, and the link.

    The link only while it works: a nomination that staff type in after the window
    closed (it arrived in time, by letter) can no longer be changed that way.
    """
    works = link_works(nomination=nomination, at=timezone.now())
    if organisations is None:
        organisations = [org.name for org in nomination.organisations.all()]
    return {
        "nomination": nomination,
        "prize": nomination.prize_year.prize,
        "organisations": organisations,
        "answers": sent_copy(
            nomination=nomination,
            organisations=organisations,
            texts=texts,
            attachments=attachments,
            correctable=not first_receipt,
        ),
        "link": link_url(nomination=nomination) if works else "",
        "link_valid_until": link_valid_until(nomination=nomination) if works else None,
        "site_url": settings.SITE_URL,
    }


def _nomination(nomination_id: int) -> Nomination:
    return (
        Nomination.objects.select_related("prize_year__prize__owner")
        .prefetch_related("organisations")
        .get(pk=nomination_id)
    )


def queue_receipt(
    *,
    nomination: Nomination,
    organisations: list[str],
    texts: dict[int, str],
    language: str,
    attachments: list | None = None,
) -> None:
    """Confirm a stored nomination to the nominator, with a copy of it and the private link.

    From what submission.py has just stored and holds in memory (the nomination with its
    year and criteria, the organisations, the answers' texts by criterion id, the
    attachments it stored): reading it all back would cost the public form more than
    anything else it does.
    """
    with translation.override(language):
        queue_mail(
            kind=MailKind.RECEIPT,
            subject=_("Your nomination for %(prize)s %(year)s (%(reference)s)")
            % {
                "prize": nomination.prize_year.prize.localized_name,
                "year": nomination.prize_year.year,
                "reference": nomination.reference,
            },
            body=render_to_string(
                "nominations/email/receipt.txt",
                _context(
                    nomination,
                    organisations,
                    texts,
                    attachments=attachments,
                    first_receipt=True,
                ),
            ),
            recipients=[nomination.nominator_email],
        )


def queue_correction_receipt(*, nomination_id: int, language: str, recipients: list[str]) -> None:
    """Confirm the nominator's correction, with a copy of the nomination as it now reads."""
    nomination = _nomination(nomination_id)
    with translation.override(language):
        queue_mail(
            kind=MailKind.CORRECTION,
            subject=_("Your nomination %(reference)s is corrected")
            % {"reference": nomination.reference},
            body=render_to_string("nominations/email/corrected.txt", _context(nomination)),
            recipients=recipients,
        )


def queue_withdrawal_receipt(*, nomination_id: int, language: str, recipients: list[str]) -> None:
    """Confirm to the nominator that the nomination is withdrawn."""
    nomination = _nomination(nomination_id)
    with translation.override(language):
        queue_mail(
            kind=MailKind.WITHDRAWAL,
            subject=_("Your nomination %(reference)s is withdrawn")
            % {"reference": nomination.reference},
            body=render_to_string("nominations/email/withdrawn.txt", _context(nomination)),
            recipients=recipients,
        )


def queue_address_changed_notice(
    *, nomination_id: int, language: str, recipients: list[str]
) -> None:
    """Tell the earlier address that the nomination's e-mail address was changed.

    Short, with neither the link nor the nomination's content: those go to the new
    address. If the change was not the nominator's, this is how they learn of it.
    """
    nomination = _nomination(nomination_id)
    with translation.override(language):
        queue_mail(
            kind=MailKind.ADDRESS_CHANGED,
            subject=_("The e-mail address of your nomination %(reference)s is changed")
            % {"reference": nomination.reference},
            body=render_to_string(
                "nominations/email/address_changed.txt",
                {
                    "nomination": nomination,
                    "prize": nomination.prize_year.prize,
                    "contact_email": nomination.prize_year.prize.owner.email,
                    "contact_phone": nomination.prize_year.prize.owner.phone,
                    "site_url": settings.SITE_URL,
                },
            ),
            recipients=recipients,
        )
