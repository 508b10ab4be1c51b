"""The jury's vote in a year with categories: a shortlist, a vote and a winner in each.

A year without categories is one ballot, as it has always been; jury/participation.py
keeps every juror's votes by category, jury/outcome.py counts each category on its own,
and the decision (jury/awards.py) names the winners in the order of the categories.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from nominations.models import Effort, PrizeCategory, PrizeYear
from trygghetspris.people import join_names


def shortlist_blockers(*, prize_year: PrizeYear, chosen: Sequence[Effort]) -> list[str]:
    """Why the vote cannot open on this shortlist: in a year with categories, every
    category needs at least one effort on it, and every effort a category."""
    categories = list(PrizeCategory.objects.filter(prize_year=prize_year))
    if not categories:
        return []
    blockers = []
    without = [effort.name for effort in chosen if effort.category_id is None]
    if without:
        blockers.append(
            _(
                "Put %(efforts)s in a category first: the jury votes in each category. The "
                "administration moves an effort to its category."
            )
            % {"efforts": join_names([f"“{name}”" for name in without])}
        )
    empty = [c.name for c in categories if not any(e.category_id == c.pk for e in chosen)]
    if empty:
        blockers.append(
            _("Choose at least one effort in each category for the shortlist. Missing: %(names)s.")
            % {"names": join_names(empty)}
        )
    return blockers
