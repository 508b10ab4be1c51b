"""After sending: the nominator corrects or withdraws the nomination.

Through the private link in the receipt (nominations/private_link.py), while the
year still takes nominations. A nomination is a public record from the moment it
arrives, so a correction never overwrites what was received: the earlier content is
kept as a NominationVersion; a withdrawal keeps the row, marked withdrawn, out of
screening and the jury. Both are in the audit trail, with the nominator as the one
who acted.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import throttle
from .emails import (
    queue_address_changed_notice,
    queue_correction_receipt,
    queue_withdrawal_receipt,
)
from .models import (
    CONTACT_FIELDS,
    VERSIONED_FIELDS,
    AuditAction,
    AuditEntry,
    Nomination,
    NominationVersion,
    Organisation,
    Owner,
    PrizeYear,
    ScreeningStatus,
    in_swedish,
)
from .private_link import link_works, replace_link_key
from .submission import store_answers

# The reference only: the nominator's details never reach the logs.
log = logging.getLogger(__name__)

# Who acted, in the audit trail: the nominator has no account.
NOMINATOR = gettext_lazy("the nominator")


class ChangeRefused(Exception):
    """The nomination cannot be changed now; the message says why, to the nominator."""


class NothingChanged(ChangeRefused):
    """The correction holds exactly what the nomination already says."""


def correction_initial(*, nomination: Nomination) -> dict:
    """The nomination as it stands, as initial values of the nomination form."""
    initial = {name: getattr(nomination, name) for name in VERSIONED_FIELDS}
    initial["organisations"] = list(nomination.organisations.values_list("name", flat=True))
    initial.update(nomination.answer_texts())
    return initial


def _lock(nomination: Nomination, at: datetime) -> tuple[PrizeYear, Nomination]:
    """The year and the nomination as they are now, both locked, or ChangeRefused.

    The year first, in the order screening takes the locks, so that neither the
    window nor the jury's phase moves while the nominator's change is written.
    """
    prize_year = PrizeYear.objects.locked(nomination.prize_year_id, error=ChangeRefused)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    nomination.prize_year = prize_year
    if nomination.link_closed_at is not None:
        raise ChangeRefused(
            link_closed_message(reference=nomination.reference, owner=prize_year.prize.owner)
        )
    if not link_works(nomination=nomination, at=at):
        raise ChangeRefused(
            _(
                "The nomination period has ended, so the nomination can no longer be "
                "changed. Contact %(administration)s and quote the reference number "
                "%(reference)s."
            )
            % {
                "administration": prize_year.prize.owner.administration_in_text,
                "reference": nomination.reference,
            }
        )
    if nomination.withdrawn_at is not None:
        raise ChangeRefused(_("You have withdrawn the nomination, so it can no longer be changed."))
    return prize_year, nomination


def link_closed_message(*, reference: str, owner: Owner) -> str:
    return _(
        "%(administration)s has closed the link to this nomination. Contact %(them)s to "
        "change it, and quote the reference number %(reference)s."
    ) % {
        "administration": capfirst(owner.localized_administration),
        "them": owner.administration_in_text,
        "reference": reference,
    }


def allow_correction(*, nomination: Nomination, address: str) -> bool:
    """Count a correction against the link's limit and the sender's; False past either.

    So that a link cannot be used to send mail in the city's name over and over: each
    correction mails the nominator. Both counts grow, whichever is reached first.
    """
    window = settings.CORRECTION_RATE_WINDOW
    per_link = throttle.allow(
        key=f"correct-nomination:{nomination.pk}",
        limit=settings.CORRECTION_RATE_PER_LINK,
        window_seconds=window,
    )
    per_address = throttle.allow(
        key=f"correct-address:{address}",
        limit=settings.CORRECTION_RATE_PER_ADDRESS,
        window_seconds=window,
    )
    return per_link and per_address


def too_many_corrections_message() -> str:
    return _(
        "You have saved many corrections in a short time, so this one was not saved. Wait "
        "%(minutes)s minutes and try again. What you wrote is still on the page."
    ) % {"minutes": max(1, settings.CORRECTION_RATE_WINDOW // 60)}


_lazy_join = lazy(lambda labels: ", ".join(str(label) for label in labels), str)


def _field_labels(names: list[str], titles: dict[str, str]) -> Promise:
    """The changed fields by their names in the record, for a Swedish audit summary.

    titles: the criteria's (Swedish) titles by key, for the answers among them.
    """
    labels = [
        Organisation._meta.verbose_name_plural
        if name == "organisations"
        else titles[name]
        if name in titles
        else Nomination._meta.get_field(name).verbose_name
        for name in names
    ]
    return _lazy_join(labels)


@transaction.atomic
def correct_nomination(
    *,
    nomination: Nomination,
    fields: dict,
    organisations: list[str],
    answers: dict[str, str],
    at: datetime,
) -> Nomination:
    """Replace the nomination's content with the nominator's correction, keeping the old.

    fields holds the form's nomination_fields(); organisations the names in order;
    answers the form's answers() to the year's criteria, by key.
    A screening verdict given on the earlier text no longer stands on what the
    nomination says, so a change to the content (not only to the contact details)
    sends it back to screening.
    """
    prize_year, nomination = _lock(nomination, at)
    old_organisations = list(nomination.organisations.values_list("name", flat=True))
    old_answers = nomination.answer_texts()
    changed = [name for name in VERSIONED_FIELDS if fields[name] != getattr(nomination, name)]
    if organisations != old_organisations:
        changed.append("organisations")
    criteria = [c for c in prize_year.ordered_criteria() if c.asks_for_text]
    changed += [c.key for c in criteria if answers.get(c.key) != old_answers.get(c.key)]
    if not changed:
        raise NothingChanged(
            _("The correction is the same as the nomination, so nothing was changed.")
        )
    number = nomination.versions.count() + 1
    NominationVersion.objects.create(
        nomination=nomination,
        number=number,
        received_at=nomination.content_received_at,
        replaced_at=at,
        organisations=old_organisations,
        answers=[
            {"criterion": c.key, "text": old_answers[c.key]}
            for c in criteria
            if c.key in old_answers
        ],
        **{name: getattr(nomination, name) for name in VERSIONED_FIELDS},
    )
    old_email, old_name = nomination.nominator_email, nomination.effort_name
    for name in VERSIONED_FIELDS:
        setattr(nomination, name, fields[name])
    nomination.corrected_at = at
    address_changed = nomination.nominator_email != old_email
    if address_changed:
        # The link may be in the wrong hands: the old one stops working, and the new
        # one goes to the new address only.
        replace_link_key(nomination=nomination)
    content_changed = bool(set(changed) - set(CONTACT_FIELDS))
    screening_reset = (
        content_changed and nomination.verdicts.exclude(status=ScreeningStatus.PENDING).exists()
    )
    if screening_reset:
        # The earlier verdicts and their reasons stay in the audit trail's screening entry.
        nomination.verdicts.all().delete()
        nomination.screened_by = None
        nomination.screened_at = None
    nomination.save()
    if set(changed) & {c.key for c in criteria}:
        store_answers(nomination=nomination, answers=answers)
    if "organisations" in changed:
        nomination.organisations.all().delete()
        Organisation.objects.bulk_create(
            Organisation(nomination=nomination, name=name, position=position)
            for position, name in enumerate(organisations)
        )
    effort = nomination.effort
    if effort.name == old_name and not effort.nominations.exclude(pk=nomination.pk).exists():
        # An effort of its own still carries the name it was sent with; one that the
        # administration grouped or renamed keeps the name they gave it.
        effort.name = nomination.effort_name
        effort.save(update_fields=["name"])
    AuditEntry.record(
        actor=None,
        actor_name=NOMINATOR,
        action=AuditAction.NOMINATION_CORRECTED,
        prize_year=prize_year,
        summary=(
            gettext_lazy(
                "The nominator corrected %(reference)s “%(name)s” on %(at)s (changed: "
                "%(fields)s). What was received before is kept as version %(number)s. The "
                "nomination must be screened again."
            )
            if screening_reset
            else gettext_lazy(
                "The nominator corrected %(reference)s “%(name)s” on %(at)s (changed: "
                "%(fields)s). What was received before is kept as version %(number)s."
            )
        ),
        params={
            "reference": nomination.reference,
            "name": nomination.effort_name,
            "at": in_swedish(at),
            "fields": _field_labels(changed, {c.key: c.title for c in criteria}),
            "number": number,
        },
        # Field names only: the contact details themselves stay out of the trail.
        changes={
            "nomination": nomination.reference,
            "version": number,
            "fields": changed,
            "screening_reset": screening_reset,
        },
    )
    log.info("nomination %s corrected, version %s kept", nomination.reference, number)
    _confirm(
        queue_correction_receipt,
        nomination_id=nomination.pk,
        # With the link, so to the address now given only.
        recipients=[nomination.nominator_email] if nomination.nominator_email else [],
    )
    if address_changed and old_email:
        # The earlier address learns of the change in a few words: no link, no content.
        _confirm(queue_address_changed_notice, nomination_id=nomination.pk, recipients=[old_email])
    return nomination


@transaction.atomic
def withdraw_nomination(*, nomination: Nomination, at: datetime) -> Nomination:
    """Withdraw the nomination: kept in the record, out of screening and the jury."""
    prize_year, nomination = _lock(nomination, at)
    nomination.withdrawn_at = at
    nomination.save(update_fields=["withdrawn_at"])
    AuditEntry.record(
        actor=None,
        actor_name=NOMINATOR,
        action=AuditAction.NOMINATION_WITHDRAWN,
        prize_year=prize_year,
        summary=gettext_lazy(
            "The nominator withdrew %(reference)s “%(name)s” on %(at)s. The nomination is "
            "kept in the record but is neither screened nor assessed by the jury."
        ),
        params={
            "reference": nomination.reference,
            "name": nomination.effort_name,
            "at": in_swedish(at),
        },
        changes={"nomination": nomination.reference},
    )
    log.info("nomination %s withdrawn", nomination.reference)
    _confirm(
        queue_withdrawal_receipt,
        nomination_id=nomination.pk,
        recipients=[nomination.nominator_email] if nomination.nominator_email else [],
    )
    return nomination


def _confirm(queue, *, nomination_id: int, recipients: list[str]) -> None:
    """Queue the e-mail that confirms the change, in the language of the page used.

    In the change's transaction: the worker sends it once the change is stored, and a
    mail server that is down neither undoes nor hides the change (outbox.py).
    """
    if not recipients:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    queue(nomination_id=nomination_id, language=language, recipients=recipients)
