"""The rules of a year's categories (nominations/models/categories.py).

A year has no categories (one winner, as Trygghetspriset) or two or more, each with its
own shortlist, vote and winner (jury/ballots.py). They are set while the year is
prepared and frozen with the criteria, when the window opens or the first nomination
arrives: a nomination is sent in a category. Until the vote opens the administration
may move an effort to the category it belongs in, which is audited.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import orientation
from .models import AuditAction, AuditEntry, Effort, JuryPhase, PrizeCategory, PrizeYear

# One category is no category: a year has none, or at least two.
MIN_CATEGORIES = 2
MAX_CATEGORIES = 12


class CategoryError(Exception):
    """The categories cannot be changed, or the effort not moved; the message says why."""


def locked_message(prize_year: PrizeYear) -> str:
    return _(
        "The categories of %(year)s are locked: the nomination window has opened or "
        "nominations have arrived, so nominations are sent in them as they are."
    ) % {"year": prize_year.year}


@transaction.atomic
def save_categories(
    *,
    prize_year: PrizeYear,
    changed: Sequence[PrizeCategory],
    deleted: Sequence[PrizeCategory],
    by,
) -> list[PrizeCategory]:
    """Store added and changed categories and remove deleted ones, while allowed.

    changed holds new and edited PrizeCategory objects of the year, not yet saved.
    Refused once the year's criteria are locked, and when the result would be one
    category or names that repeat.
    """
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=CategoryError)
    if prize_year.criteria_locked():
        raise CategoryError(locked_message(prize_year))
    if any(c.prize_year_id != prize_year.pk for c in [*changed, *deleted]):
        raise CategoryError(_("Only the year's own categories can be changed here."))
    removed = {c.pk for c in deleted if c.pk}
    edited = {c.pk: c for c in changed if c.pk}
    kept = [edited.get(c.pk, c) for c in prize_year.categories.all() if c.pk not in removed]
    result = kept + [c for c in changed if not c.pk]
    names = [c.name.strip() for c in result]
    if len(result) == 1:
        raise CategoryError(
            _(
                "Give the year at least %(count)s categories, or none: with one category "
                "the prize has one winner, as without categories."
            )
            % {"count": MIN_CATEGORIES}
        )
    if len(result) > MAX_CATEGORIES:
        raise CategoryError(
            _("A year can have at most %(count)s categories.") % {"count": MAX_CATEGORIES}
        )
    if len({name.casefold() for name in names}) != len(names):
        raise CategoryError(_("Two categories have the same name. Give each its own name."))
    before = [c.name for c in prize_year.categories.all()]
    PrizeCategory.objects.filter(pk__in=removed).delete()
    # Names are unique in the year: move the edited ones out of the way first, so that
    # two categories may swap names in one save.
    for category in edited.values():
        PrizeCategory.objects.filter(pk=category.pk).update(name=f"~{category.pk}")
    for category in changed:
        category.name = category.name.strip()
        category.save()
    orientation.touch(prize_year)
    after = [c.name for c in prize_year.categories.all()]
    AuditEntry.record(
        actor=by,
        action=AuditAction.CATEGORIES_CHANGED,
        prize_year=prize_year,
        summary=gettext_lazy("Changed the categories of %(year)s: %(names)s."),
        params={"year": prize_year.year, "names": ", ".join(after) or "–"},
        changes={"before": before, "after": after},
    )
    return list(prize_year.categories.all())


@transaction.atomic
def move_effort(*, effort: Effort, category: PrizeCategory, by) -> Effort:
    """Put an effort in the category where the jury assesses it, until the vote opens."""
    prize_year = PrizeYear.objects.locked(effort.prize_year_id, error=CategoryError)
    effort = Effort.objects.select_for_update().get(pk=effort.pk)
    if category.prize_year_id != prize_year.pk:
        raise CategoryError(_("Choose one of the year's own categories."))
    if prize_year.jury_phase not in (JuryPhase.PREPARATION, JuryPhase.SCORING):
        raise CategoryError(
            _(
                "The vote of %(year)s is open or decided, so the efforts can no longer move "
                "between categories."
            )
            % {"year": prize_year.year}
        )
    if effort.category_id == category.pk:
        return effort
    before = effort.category
    effort.category = category
    effort.save(update_fields=["category"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.EFFORT_CATEGORY_CHANGED,
        prize_year=prize_year,
        summary=gettext_lazy("Moved “%(effort)s” from the category %(before)s to %(after)s."),
        params={
            "effort": effort.name,
            "before": before.name if before else "–",
            "after": category.name,
        },
        changes={
            "effort": effort.pk,
            "before": before.pk if before else None,
            "after": category.pk,
        },
    )
    return effort
