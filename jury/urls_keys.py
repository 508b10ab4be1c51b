"""The prize year in the jury area's addresses: /jury/<prize>/<year>/….

One converter for the pair, so that every address of a year is made from the year
itself ({% url 'jury:vote' prize_year %}) and cannot name the wrong prize. A bare
number is a year of the prize of the old addresses (settings.LEGACY_PRIZE_SLUG), as
/jury/2026/ was before an installation ran several prizes.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings


class YearKey(NamedTuple):
    prize: str
    year: int


class PrizeYearConverter:
    regex = "[a-z0-9]+(?:-[a-z0-9]+)*/[0-9]{4}"

    def to_python(self, value: str) -> YearKey:
        prize, year = value.rsplit("/", 1)
        return YearKey(prize, int(year))

    def to_url(self, value) -> str:
        if isinstance(value, YearKey):
            return f"{value.prize}/{value.year:04d}"
        if isinstance(value, int | str):
            return f"{settings.LEGACY_PRIZE_SLUG}/{int(value):04d}"
        # A PrizeYear: its prize's slug, which callers load with it (select_related).
        return f"{value.prize.slug}/{value.year:04d}"
