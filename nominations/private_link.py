"""The nominator's private link, and the copy of what was sent that it and the receipt show.

The link is signed (django.core.signing, with a salt of its own), so that no one can
guess or forge one, and it works while the year takes nominations. Only the receipt
e-mail quotes it: whoever has the link can read, correct and withdraw the nomination
(nominations/corrections.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import NominationForm
from .models import VERSIONED_FIELDS, Nomination

# A salt of its own, so that no other signature in the project can pass for a link.
LINK_SALT = "nominations.private-link"


def link_token(*, nomination: Nomination) -> str:
    """The signed part of the private link: the nomination's number and its reference.

    The reference is signed along with the number, so that a link can never point at
    another nomination, not even in a database restored with other numbers.
    """
    return signing.Signer(salt=LINK_SALT).sign_object(
        {"n": nomination.pk, "r": nomination.reference}
    )


def link_url(*, nomination: Nomination) -> str:
    """The private link as the e-mail quotes it, on the public site's address."""
    path = reverse("nominations:my_nomination", kwargs={"token": link_token(nomination=nomination)})
    return settings.SITE_URL.rstrip("/") + path


def nomination_for_token(*, token: str) -> Nomination | None:
    """The nomination a link points at, or None for a wrong, tampered or stale link.

    None whatever the reason, so that a visitor cannot learn whether a number or a
    reference exists.
    """
    try:
        payload = signing.Signer(salt=LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if not isinstance(payload, dict):
        return None
    pk, reference = payload.get("n"), payload.get("r")
    if not isinstance(pk, int) or not isinstance(reference, str):
        return None
    return (
        Nomination.objects.select_related("prize_year").filter(pk=pk, reference=reference).first()
    )


def link_works(*, nomination: Nomination, at: datetime) -> bool:
    """The link works while the year takes nominations: asked at each use, from the year.

    So "valid until the window closes" holds even when the administration moves
    the closing time or closes the window early.
    """
    return nomination.prize_year.accepts_nominations(at)


def link_valid_until(*, nomination: Nomination) -> datetime | None:
    """The last minute the link works, as people say it (see PrizeYear.last_open_minute)."""
    return nomination.prize_year.last_open_minute


@dataclass(frozen=True)
class Answer:
    label: str
    value: str


def sent_copy(
    *,
    nomination: Nomination,
    organisations: list[str] | None = None,
    texts: dict[int, str] | None = None,
) -> list[Answer]:
    """Everything the nominator sent, each answer under the question the form asked.

    In the current language; the labels are the form's own, so the copy reads as
    the form did. Contact details are included: this goes to the nominator only.
    The organisations and the answers' texts (by criterion id) are read from the
    database unless the caller, which has just stored them, passes them.
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
                    _("Attached files (they stay as they arrived)"),
                    "\n".join(a.original_name for a in files),
                )
            ]
            if (files := list(nomination.attachments.all()))
            else []
        ),
        Answer(labels["nominator_name"], nomination.nominator_name),
        Answer(labels["nominator_email"], nomination.nominator_email),
        Answer(labels["nominator_phone"], nomination.nominator_phone or "–"),
    ]
    return [Answer(str(answer.label), answer.value) for answer in answers]
