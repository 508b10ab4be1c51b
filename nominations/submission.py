"""Storing a public nomination: one transaction, receipt mailed after commit."""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import translation

from .emails import send_receipt
from .models import Effort, Nomination, Organisation, PrizeYear

# The reference only: the nominator's details never reach the logs.
log = logging.getLogger(__name__)


class WindowClosed(Exception):
    """The nomination window is not open at the moment of submission."""


@transaction.atomic
def submit_nomination(
    *, prize_year: PrizeYear, fields: dict, organisations: list[str], at: datetime
) -> Nomination:
    # Read the window afresh: it may have been closed since the request began.
    prize_year = PrizeYear.objects.get(pk=prize_year.pk)
    if not prize_year.is_open(at):
        raise WindowClosed
    nomination = _create_with_unique_reference(
        prize_year=prize_year, fields=fields, submitted_at=at
    )
    Organisation.objects.bulk_create(
        Organisation(nomination=nomination, name=name, position=position)
        for position, name in enumerate(organisations)
    )
    log.info("nomination %s stored for %s", nomination.reference, prize_year.year)
    # The receipt goes out only once the nomination is safely stored, in the language
    # the nominator used. robust: a mail server that is down must not turn a stored
    # nomination into an error page that makes the nominator send it again.
    language = translation.get_language()

    def send_receipt_after_commit() -> None:  # a named function, for Django's error log
        send_receipt(nomination_id=nomination.pk, language=language)

    transaction.on_commit(send_receipt_after_commit, robust=True)
    return nomination


def _create_with_unique_reference(
    *, prize_year: PrizeYear, fields: dict, submitted_at: datetime
) -> Nomination:
    # Each nomination starts as an effort of its own; screening may group it with others.
    effort = Effort.objects.create(prize_year=prize_year, name=fields["effort_name"])
    attempts_left = 5
    while True:
        attempts_left -= 1
        try:
            with transaction.atomic():
                return Nomination.objects.create(
                    prize_year=prize_year,
                    effort=effort,
                    reference=Nomination.new_reference(prize_year.year),
                    submitted_at=submitted_at,
                    privacy_acknowledged_at=submitted_at,
                    **fields,
                )
        except IntegrityError:
            # 32**6 codes a year make a clash rare; try a fresh code a few times.
            if not attempts_left:
                raise
