"""The site's front page: which prizes it lists, and in what order.

A municipality runs several prizes on one installation. The front page lists each
prize shown to the public (Prize.listed) with the state of its current year's window,
those open for nomination first. Two queries whatever the number of prizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import Prize, PrizeYear, WindowState

# Open calls first, then those about to open, then the rest.
_ORDER = {WindowState.OPEN: 0, WindowState.UPCOMING: 1}


@dataclass(frozen=True)
class ListedPrize:
    prize: Prize
    prize_year: PrizeYear | None
    window_state: str

    @property
    def shown(self) -> str:
        """What the front page shows of the entry: part of the kept page's key."""
        year = self.prize_year.fingerprint if self.prize_year else "-"
        return f"{self.prize.fingerprint}.{year}.{self.window_state}"

    @property
    def is_open(self) -> bool:
        return self.window_state == WindowState.OPEN


def listed_prizes(*, at: datetime) -> tuple[list[Prize], dict[int, PrizeYear]]:
    """The listed prizes, and each one's current year (PrizeYear.objects.current's rule)."""
    prizes = list(Prize.objects.listed())
    return prizes, PrizeYear.objects.filter(prize__in=prizes).current_by_prize(at)


def prize_listing(
    *, at: datetime, listed: tuple[list[Prize], dict[int, PrizeYear]] | None = None
) -> list[ListedPrize]:
    """Every listed prize with its current year's window as it stands at `at`.

    listed is what listed_prizes read, when the caller keeps it between requests.
    """
    prizes, current = listed or listed_prizes(at=at)
    entries = []
    for prize in prizes:
        prize_year = current.get(prize.pk)
        state = prize_year.public_window_state(at) if prize_year else WindowState.NONE
        entries.append(ListedPrize(prize=prize, prize_year=prize_year, window_state=state))
    return sorted(entries, key=lambda entry: _ORDER.get(entry.window_state, 2))
