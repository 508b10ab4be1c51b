"""Storing a public nomination: one transaction, receipt mailed after commit."""

import logging
from datetime import datetime
from functools import partial

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
    # The receipt goes out only once the nomination is safely stored, and in the
    # language the nominator used.
    transaction.on_commit(
        partial(send_receipt, nomination_id=nomination.pk, language=translation.get_language())
    )
    return nomination


def _create_with_unique_reference(
    *, prize_year: PrizeYear, fields: dict, submitted_at: datetime
) -> Nomination:
    # Each nomination starts as an effort of its own; screening may group it with others.
    effort = Effort.objects.create(prize_year=prize_year, name=fields["effort_name"])
    for attempt in range(5):
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
            if attempt == 4:
                raise
    raise AssertionError("unreachable")
