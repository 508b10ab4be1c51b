"""Storing a nomination: one transaction, with its receipt queued in it.

A nomination comes from the public form, or by letter, phone, e-mail or in person,
typed in by staff. Both go through here, with the same window check on the moment
the nomination reached the city.
"""

import copy
import logging
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from . import attachments as attachment_files
from .emails import queue_receipt
from .models import (
    Answer,
    AuditAction,
    AuditEntry,
    Channel,
    Criterion,
    Effort,
    Nomination,
    Organisation,
    PendingUpload,
    PrizeYear,
    in_swedish,
)

# The reference only: the nominator's details never reach the logs.
log = logging.getLogger(__name__)


class WindowClosed(Exception):
    """The nomination window was not open at the moment the nomination arrived."""


def submit_nomination(
    *,
    prize_year: PrizeYear,
    fields: dict,
    organisations: list[str],
    answers: dict[str, str],
    at: datetime,
    channel: str = Channel.WEB,
    registered_by=None,
    uploads: Sequence[attachment_files.InspectedUpload] = (),
    kept: Sequence[PendingUpload] = (),
    criteria: Sequence[Criterion] | None = None,
) -> Nomination:
    """Store a nomination that reached the city at `at`.

    From the web form `at` is now. Staff registering a nomination that came another
    way pass the channel, the moment it arrived, and themselves as registered_by.
    answers holds the text for each of the year's criteria that asks for one, by key.
    uploads are the files that passed their checks with this request, kept those
    that waited from a form refused earlier (nominations/attachments.py). criteria
    are the year's criteria as the caller read them with prize_year (the public form
    keeps them between requests); they are used only if the year's criteria have not
    changed since, otherwise the year is read again with its criteria.
    """
    # 32**6 codes a year make a clash of references rare. The whole transaction is tried
    # again with a fresh code rather than putting the insert in a savepoint, which would
    # cost every nomination two more round trips to the database.
    for attempts_left in reversed(range(REFERENCE_ATTEMPTS)):
        reference = Nomination.new_reference(
            prize_year.year, prefix=prize_year.prize.reference_prefix
        )
        # Files are written inside the transaction; storage takes no part in it, so the
        # ones written are removed again if it rolls back: no file without its nomination.
        written: list[str] = []
        try:
            return _store(
                prize_year=prize_year,
                fields=fields,
                organisations=organisations,
                answers=answers,
                at=at,
                channel=channel,
                registered_by=registered_by,
                uploads=uploads,
                kept=kept,
                criteria=criteria,
                reference=reference,
                written=written,
            )
        except IntegrityError:
            attachment_files.delete_files(names=written)
            if not attempts_left or not Nomination.objects.filter(reference=reference).exists():
                raise
        except BaseException:
            attachment_files.delete_files(names=written)
            raise
    raise AssertionError("unreachable: the last attempt returns or raises")


REFERENCE_ATTEMPTS = 5


@transaction.atomic
def _store(
    *,
    prize_year: PrizeYear,
    fields: dict,
    organisations: list[str],
    answers: dict[str, str],
    at: datetime,
    channel: str,
    registered_by,
    uploads: Sequence[attachment_files.InspectedUpload],
    kept: Sequence[PendingUpload],
    criteria: Sequence[Criterion] | None,
    reference: str,
    written: list[str],
) -> Nomination:
    if (channel == Channel.WEB) != (registered_by is None):
        raise ValueError("Staff register every nomination that does not come from the web form.")
    # Read the window afresh: it may have been closed since the request began.
    prize_year = _year_as_it_is_now(prize_year=prize_year, criteria=criteria)
    if not prize_year.is_open(at):
        raise WindowClosed
    if registered_by is not None and not prize_year.screening_open:
        # Arrived in time, but typed in once the vote opened: it could no longer be screened.
        raise WindowClosed
    # Each nomination starts as an effort of its own; screening may group it with others.
    effort = Effort.objects.create(
        prize_year=prize_year, name=fields["effort_name"], category=fields.get("category")
    )
    nomination = Nomination.objects.create(
        prize_year=prize_year,
        effort=effort,
        reference=reference,
        submitted_at=at,
        # The web form shows the privacy notice beside the submit button.
        privacy_acknowledged_at=at if channel == Channel.WEB else None,
        channel=channel,
        registered_by=registered_by,
        **fields,
    )
    Organisation.objects.bulk_create(
        Organisation(nomination=nomination, name=name, position=position)
        for position, name in enumerate(organisations)
    )
    texts = store_answers(nomination=nomination, answers=answers, replace=False)
    attached = attachment_files.attach(
        nomination=nomination, uploads=uploads, kept=kept, written=written
    )
    log.info("nomination %s stored for %s", nomination.reference, prize_year.year)
    if registered_by is not None:
        AuditEntry.record(
            actor=registered_by,
            action=AuditAction.NOMINATION_REGISTERED,
            prize_year=prize_year,
            summary=gettext_lazy(
                "Registered %(reference)s “%(name)s”, which arrived by %(channel)s on %(received)s."
            ),
            params={
                "reference": nomination.reference,
                "name": nomination.effort_name,
                "channel": Channel(channel).label,
                "received": in_swedish(at),
            },
            changes={
                "nomination": nomination.reference,
                "channel": channel,
                "received_at": at.isoformat(),
            },
        )
    if nomination.nominator_email:
        # Queued in this transaction: no nomination without its receipt, and no receipt
        # for one rolled back. The worker sends it, so a mail server that is down neither
        # slows the request nor loses the receipt (outbox.py). From the web in the
        # language the nominator used, otherwise in Swedish, not in the language of the
        # staff member's screen.
        language = translation.get_language() if channel == Channel.WEB else settings.LANGUAGE_CODE
        queue_receipt(
            nomination=nomination,
            organisations=organisations,
            texts=texts,
            attachments=attached,
            language=language,
        )
    return nomination


# What decides whether the year takes a nomination now, and what tells whether its
# criteria changed: the few columns read afresh inside the nomination's transaction.
WINDOW_FIELDS = ("opens_at", "closes_at", "jury_phase", "criteria_revision")


def _year_as_it_is_now(*, prize_year: PrizeYear, criteria: Sequence[Criterion] | None) -> PrizeYear:
    """The year with its window as the database has it now, and its criteria.

    The window is read afresh, narrowly: only its columns, not the whole year with its
    criteria again (a nomination's largest cost after the commit). The criteria the
    caller holds serve if the year's criteria_revision is the one they were read with;
    they are locked once the window opens (orientation.py), so on an open window they
    always do. Otherwise the year is read whole with its criteria, as before.
    """
    window = PrizeYear.objects.filter(pk=prize_year.pk).values(*WINDOW_FIELDS).get()
    if criteria is None or window["criteria_revision"] != prize_year.criteria_revision:
        return PrizeYear.objects.prefetch_related("criteria").get(pk=prize_year.pk)
    fresh = copy.copy(prize_year)
    for name, value in window.items():
        setattr(fresh, name, value)
    fresh.keep_criteria(criteria)
    return fresh


def store_answers(
    *, nomination: Nomination, answers: dict[str, str], replace: bool = True
) -> dict[int, str]:
    """The nomination's answers as Answer rows, one per criterion of its year that asks.

    The criteria are locked once the window has opened, so the form's questions are
    the year's; anything else is a programming error, not the nominator's. replace
    removes the answers stored before (a correction); a new nomination has none.
    Returns the texts by criterion id.
    """
    criteria = {c.key: c for c in nomination.prize_year.criteria.all() if c.asks_for_text}
    if set(answers) != set(criteria):
        raise ValueError(
            f"answers for {sorted(answers)}, "
            f"but {nomination.prize_year.year} asks about {sorted(criteria)}"
        )
    if replace:
        nomination.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(nomination=nomination, criterion=criteria[key], text=text)
        for key, text in answers.items()
    )
    return {criteria[key].pk: text for key, text in answers.items()}
