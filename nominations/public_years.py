"""Which prize and which of its years a public page is about, kept by the process.

The public pages are read far more often than a prize or a year changes, and reading
them costs more than the rest of a cached page. Each process keeps what it read for
PUBLIC_YEAR_CACHE_SECONDS; the window's state is still worked out at each request's own
instant, so opening and closing show on time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.http import Http404

from .models import Prize, PrizeYear, WindowState
from .site import ListedPrize, listed_prizes, prize_listing


def public_state(prize_year: PrizeYear | None, at: datetime) -> str:
    """The window as the public may use it: a year whose jury has begun takes no more."""
    return prize_year.public_window_state(at) if prize_year else WindowState.NONE


def public_year(prize: Prize) -> PrizeYear | None:
    """The prize's PrizeYear.objects.current(), shared by one process's requests for a moment.

    The public pages are read far more often than a year changes, and building the
    query costs more than the rest of the home page. The window's state is still
    worked out from the kept row at each request's own instant, so opening and
    closing show on time; only an edit of the year may show up to
    PUBLIC_YEAR_CACHE_SECONDS late. A nomination re-reads its window in its own
    transaction (submission.py), so none gets through a window that has closed.
    """
    return _kept(f"public_year:{prize.pk}", lambda: _years_of(prize).current())


def judged_year(prize: Prize) -> PrizeYear | None:
    """The prize's PrizeYear.objects.being_judged(), kept by the process like the current year."""
    return _kept(f"judged_year:{prize.pk}", lambda: _years_of(prize).being_judged())


def listing(at: datetime) -> list[ListedPrize]:
    """The front page's prizes and their current years, kept like the rest; states at `at`."""
    return prize_listing(at=at, listed=_kept("listing", lambda: listed_prizes(at=at)))


def _years_of(prize: Prize):
    return PrizeYear.objects.filter(prize=prize).select_related("prize__owner")


def kept_prize(slug: str) -> Prize:
    """The prize at this address, kept by the process like its years; 404 for any other.

    Only prizes found are kept, so that made-up addresses cannot fill the memory.
    """
    prize = _kept(
        f"prize:{slug}",
        lambda: Prize.objects.select_related("owner").filter(slug=slug).first(),
        keep_none=False,
    )
    if prize is None:
        raise Http404("no such prize")
    return prize


# The process's own memory, not a cache: a cache pickles, and unpickling a year on every
# request cost more than the rest of the bare page. Nothing changes the kept objects.
_KEPT: dict[str, tuple[float, Any]] = {}


def _kept(name: str, read: Callable[[], Any], *, keep_none: bool = True) -> Any:
    seconds = settings.PUBLIC_YEAR_CACHE_SECONDS
    if not seconds:
        return read()
    now = time.time()
    kept = _KEPT.get(name)
    if kept is None or kept[0] <= now:
        kept = (now + seconds, read())
        if kept[1] is None and not keep_none:
            return None
        _KEPT[name] = kept
    return kept[1]


def _forget_kept_years(*, setting: str, **kwargs) -> None:
    # Tests turn the reuse on and off; each starts from the database.
    if setting == "PUBLIC_YEAR_CACHE_SECONDS":
        _KEPT.clear()


setting_changed.connect(_forget_kept_years)


def home_years(
    prize: Prize, at: datetime
) -> tuple[PrizeYear | None, str, PrizeYear | None, PrizeYear | None]:
    """The year the home page is about, its window state, the year being judged, and a
    next year whose call is announced but not yet open.

    Once a window has closed, the year stays on the home page while its jury judges,
    until its winner is announced; a next year's call takes over only once it opens.
    """
    prize_year = public_year(prize)
    state = public_state(prize_year, at)
    judged = judged_year(prize)
    upcoming = None
    if judged is not None and state != WindowState.OPEN and judged != prize_year:
        upcoming = prize_year if state == WindowState.UPCOMING else None
        prize_year, state = judged, public_state(judged, at)
    return prize_year, state, judged, upcoming
