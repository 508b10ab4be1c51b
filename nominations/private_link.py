"""The nominator's private link, and the copy of what was sent that it and the receipt show.

The link carries the nomination's link key (Nomination.link_key): 32 random bytes, so
that no one can guess or forge one, and whoever decodes a link learns nothing about
the nomination (no number, no reference). It works while the year takes nominations
and until staff close it. Only the nominator's e-mail quotes it: whoever has the link
can read, correct and withdraw the nomination (nominations/corrections.py). When the
e-mail address changes the key is replaced, so the old link stops working and the new
one goes to the new address only.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import NominationForm
from .models import (
    VERSIONED_FIELDS,
    AuditAction,
    AuditEntry,
    Nomination,
    in_swedish,
    new_link_key,
)
from .models.texts import in_running_text

# What a key looks like (secrets.token_urlsafe(32)); anything else is not looked up.
_KEY = re.compile(r"[A-Za-z0-9_-]{43}")


def link_token(*, nomination: Nomination) -> str:
    """The private part of the link: the nomination's random key."""
    return nomination.link_key


def link_url(*, nomination: Nomination) -> str:
    """The private link as the e-mail quotes it, on the public site's address."""
    path = reverse(
        "nominations:my_nomination",
        kwargs={
            "prize": nomination.prize_year.prize.slug,
            "token": link_token(nomination=nomination),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def nomination_for_token(*, token: str) -> Nomination | None:
    """The nomination a link points at, or None for a wrong or replaced link.

    None whatever the reason, so that a visitor cannot learn whether a nomination exists.
    """
    if not isinstance(token, str) or not _KEY.fullmatch(token):
        return None
    return Nomination.objects.select_related("prize_year__prize").filter(link_key=token).first()


def link_works(*, nomination: Nomination, at: datetime) -> bool:
    """The link works while the year takes nominations and staff have not closed it.

    Asked at each use, from the year, so "valid until the window closes" holds even
    when the administration moves the closing time or closes the window early.
    """
    return nomination.link_closed_at is None and nomination.prize_year.accepts_nominations(at)


def link_valid_until(*, nomination: Nomination) -> datetime | None:
    """The last minute the link works, as people say it (see PrizeYear.last_open_minute)."""
    return nomination.prize_year.last_open_minute


def replace_link_key(*, nomination: Nomination) -> None:
    """Give the nomination a new key: the old link stops working. Saved by the caller."""
    nomination.link_key = new_link_key()


class LinkAlreadyClosed(Exception):
    """The link was closed before."""


@transaction.atomic
def close_link(*, nomination: Nomination, by) -> Nomination:
    """Close the nominator's private link, for good, with an audit entry.

    For a link that has come into the wrong hands: the nomination can then be changed
    only through the prize's administration. The link then answers that it was closed,
    with none of the nomination's content.
    """
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.link_closed_at is not None:
        raise LinkAlreadyClosed(nomination.reference)
    now = timezone.now()
    nomination.link_closed_at = now
    nomination.save(update_fields=["link_closed_at"])
    owner = nomination.prize_year.prize.owner
    AuditEntry.record(
        actor=by,
        action=AuditAction.LINK_CLOSED,
        prize_year=nomination.prize_year,
        summary=gettext_lazy(
            "Closed the nominator's private link to %(reference)s on %(at)s. The nomination "
            "can now be changed only through %(administration)s."
        ),
        params={
            "reference": nomination.reference,
            "at": in_swedish(now),
            # Lazy: the trail reads it in Swedish, whatever the language of the screen.
            "administration": lazy(in_running_text, str)(owner.administration, ""),
        },
        changes={"nomination": nomination.reference},
    )
    return nomination


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


def sent_copy(
    *,
    nomination: Nomination,
    organisations: list[str] | None = None,
    texts: dict[int, str] | None = None,
    attachments: list | None = None,
    correctable: bool = True,
) -> list[Answer]:
    """Everything the nominator sent, each answer under the question the form asked.

    In the current language; the labels are the form's own, so the copy reads as
    the form did. Contact details are included: this goes to the nominator only.
    The organisations and the answers' texts (by criterion id) are read from the
    database unless the caller, which has just stored them, passes them, and so are the
    attachments (a new nomination's are the ones just stored, often none). correctable:
    the copy is read where the nomination can be corrected (the link's page, the
    confirmation of a correction), so it says that the files stay as they arrived; the
    first receipt, with nothing corrected yet, just lists them.
    """
    fields = NominationForm.base_fields
    labels = {name: fields[name].label for name in VERSIONED_FIELDS if name in fields}
    # The question each criterion asked on the form, in the current language.
    answers_to_criteria = [
        Answer(criterion.localized_question, text)
        for criterion, text in nomination.answers_in_order(texts)
    ]
    labels.update(
        {
            "nominator_name": _("Your name"),
            "nominator_email": _("Your e-mail address"),
            "nominator_phone": _("Your phone number"),
        }
    )
    if organisations is None:
        organisations = [org.name for org in nomination.organisations.all()]
    answers = [
        Answer(labels["effort_name"], nomination.effort_name),
        Answer(labels["description"], nomination.description),
        Answer(labels["district"], nomination.get_district_display()),
        Answer(_("Collaborating organisations"), "\n".join(organisations)),
        *answers_to_criteria,
        # Shown, not changeable: a correction leaves the files as they arrived.
        *(
            [
                Answer(
                    _("Attached files (they stay as they arrived)")
                    if correctable
                    else _("Attached files"),
                    "\n".join(a.original_name for a in files),
                )
            ]
            if (files := list(nomination.attachments.all()) if attachments is None else attachments)
            else []
        ),
        Answer(labels["nominator_name"], nomination.nominator_name),
        Answer(labels["nominator_email"], nomination.nominator_email),
        Answer(labels["nominator_phone"], nomination.nominator_phone or "–"),
    ]
    return [Answer(str(answer.label), answer.value) for answer in answers]
