"""Swedish alphabetical order: … x, y, z, å, ä, ö, as a Swedish reader expects.

The databases sort by code point or by the server's locale (Ä before Å, or Å among the
A's), so lists of people are put in order here, with one key used everywhere.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db.models import Case, QuerySet, When

T = TypeVar("T")

# After z: å, ä, ö ("{", "|", "}" follow "z" in code order). Other marked letters sort
# with their base letter, as in Swedish dictionaries (é as e, ü as y, ø as ö, æ as ä).
_SWEDISH = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "ü": "y",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
    }
)


def swedish_key(text: str) -> str:
    return text.casefold().translate(_SWEDISH)


def in_swedish_order(items: Iterable[T], *, key: Callable[[T], Iterable[str]]) -> list[T]:
    """The items sorted by the Swedish order of the texts key gives, in turn."""
    return sorted(items, key=lambda item: [swedish_key(part) for part in key(item)])


def queryset_in_swedish_order(queryset: QuerySet, *, key: Callable) -> QuerySet:
    """The same rows, ordered in the database as in_swedish_order puts them (for forms)."""
    rows = in_swedish_order(queryset, key=key)
    if not rows:
        return queryset
    return queryset.order_by(Case(*[When(pk=row.pk, then=i) for i, row in enumerate(rows)]))
