"""Which prize years: the current one, the one being judged, the history, and the one way
to lock a year's row (the guard of a closed year).

A module of its own so that nominations/models/years.py stays within its bound.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from .years import PrizeYear


def pick_current(years: list[PrizeYear], at: datetime) -> PrizeYear | None:
    """The one rule of PrizeYearQuerySet.current, over years of one prize with a window."""
    open_now = [y for y in years if y.opens_at <= at < y.closes_at]
    if open_now:
        return max(open_now, key=lambda y: y.year)
    upcoming = [y for y in years if y.opens_at > at]
    if upcoming:
        return min(upcoming, key=lambda y: y.opens_at)
    return max(years, key=lambda y: y.year, default=None)


class PrizeYearQuerySet(models.QuerySet):
    def with_window(self) -> PrizeYearQuerySet:
        """Years run in this system; the years before it have no nomination window."""
        return self.filter(opens_at__isnull=False)

    def open_at(self, at: datetime | None = None) -> PrizeYearQuerySet:
        """Years whose window contains the moment (at most one, see jury/phases.py)."""
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, closes_at__gt=at)

    def current(self, at: datetime | None = None) -> PrizeYear | None:
        """The year the public pages speak of: open now, else the next to open, else the last.

        A next year created early, with its window a year ahead, must not hide the
        window that is open today; once a year has closed, the next announced window
        matters more to a citizen than the one that has passed. Of one prize: filter
        the prize first (current_by_prize answers for each prize at once).
        """
        return pick_current(list(self.with_window()), at or timezone.now())

    def current_by_prize(self, at: datetime | None = None) -> dict[int, PrizeYear]:
        """Each prize's current year, by the prize's id: one query for all the prizes."""
        at = at or timezone.now()
        by_prize: dict[int, list[PrizeYear]] = {}
        for prize_year in self.with_window():
            by_prize.setdefault(prize_year.prize_id, []).append(prize_year)
        return {prize_id: pick_current(years, at) for prize_id, years in by_prize.items()}

    def being_judged(self, at: datetime | None = None) -> PrizeYear | None:
        """The latest year whose window has closed and whose winner is not yet announced.

        The public pages tell about it until the winner is presented at the conference,
        even once the next year's call is announced.
        """
        at = at or timezone.now()
        # A conference that has passed without an announcement is no longer awaited.
        awaited = models.Q(conference_date__gte=timezone.localdate(at)) | models.Q(
            conference_date__isnull=True, closes_at__gt=at - timedelta(days=365)
        )
        return (
            self.with_window()
            .filter(awaited, closes_at__lte=at, announced_at__isnull=True, historical_winner="")
            .order_by("-year")
            .first()
        )

    def locked(self, pk: int, *, error: type[Exception]) -> PrizeYear:
        """The year as it is now, its row locked until the transaction ends.

        The one way to lock a prize year: phase changes, screening, scores and votes
        all queue behind each other on this row, so nothing is scored after scoring
        closes or voted after the votes are counted. Each holds it for milliseconds.
        Being the way every change to a year's data goes, it is also the one guard of a
        closed year (jury/closing.py): it raises `error`, the caller's own refusal, so
        that the page the person lands on says why. Removals under a retention rule
        (nominations/privacy.py) do not lock the year and so are still made.
        """
        prize_year = self.select_for_update(no_key=True).get(pk=pk)
        if prize_year.closed_at is not None:
            raise error(prize_year.closed_message())
        return prize_year

    def history(self, at: datetime | None = None) -> PrizeYearQuerySet:
        """The years the public history lists: every year but those still to come.

        A year without a winner is still to come while its window has not closed (or it
        has none), and when it lies after this calendar year, say a next year created
        early; a decided year is listed, its winner shown once announced.
        """
        at = at or timezone.now()
        has_winner = ~models.Q(historical_winner="") | models.Q(decision__isnull=False)
        to_come = (
            models.Q(closes_at__isnull=True)
            | models.Q(closes_at__gt=at)
            | models.Q(year__gt=timezone.localdate(at).year)
        )
        return (
            self.exclude(~has_winner & to_come)
            .select_related("decision__effort", "committee_decision__effort")
            .defer("committee_decision__document")
            .prefetch_related(
                "decision__shared_winners__effort",
                "decision__mentions__effort",
                "committee_decision__shared_winners__effort",
                # A year in categories names each winner's (nominations/winners.py).
                "categories",
            )
            .order_by("-year")
        )
