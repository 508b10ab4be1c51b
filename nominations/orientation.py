"""The committee's orientation of a prize year: its criteria, copied and changed.

Each year socialnämnden approves the prize's orientation: the theme, the criteria
every nomination must meet (mandatory) and those the jury weighs (assessment). The
administration keeps them as data on the year. A new year starts as a copy of the
previous one; the criteria may change while the year is in preparation, and are
frozen once its window has opened or a nomination has arrived, because from then
on nominations are written, screened and scored against them.

Only Trygghetspriset uses this, but nothing here is particular to it: another prize
with its own criteria would need its own years, not other code.
"""

from collections import Counter
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    AnswerKind,
    AuditAction,
    AuditEntry,
    Criterion,
    CriterionKind,
    PrizeYear,
)

MIN_ASSESSMENT_CRITERIA = 2
MAX_ASSESSMENT_CRITERIA = 6
MAX_MANDATORY_CRITERIA = 6
# The fields a copy carries over; the year and the row's own id are the target's.
COPIED_FIELDS = (
    "kind",
    "position",
    "key",
    "title",
    "title_en",
    "explanation",
    "explanation_en",
    "answer",
    "question",
    "question_en",
    "help_text",
    "help_text_en",
    "min_answer_length",
    "scale",
    "scale_en",
)


class OrientationError(Exception):
    """The criteria cannot be changed or copied; the message says why."""


def locked_message(prize_year: PrizeYear) -> str:
    return _(
        "The criteria of %(year)s are locked: the nomination window has opened or "
        "nominations have arrived, so nominations are written, screened and scored "
        "against them as they are."
    ) % {"year": prize_year.year}


def check_criteria(criteria: Sequence[Criterion]) -> None:
    """Refuse a set of criteria the year cannot be run with, with the reasons.

    At least one mandatory criterion (screening must say yes to something), two to
    six assessment criteria (the ranking's total and spread need more than one, and
    the jury's page more than six would not fit), keys unique in the year and at
    most one criterion answered by the collaborating organisations.
    """
    errors = []
    kinds = Counter(criterion.kind for criterion in criteria)
    if kinds[CriterionKind.MANDATORY] < 1:
        errors.append(_("Give the year at least one mandatory criterion."))
    if kinds[CriterionKind.MANDATORY] > MAX_MANDATORY_CRITERIA:
        errors.append(
            _("Give the year at most %(count)s mandatory criteria.")
            % {"count": MAX_MANDATORY_CRITERIA}
        )
    if not MIN_ASSESSMENT_CRITERIA <= kinds[CriterionKind.ASSESSMENT] <= MAX_ASSESSMENT_CRITERIA:
        errors.append(
            _("Give the year from %(min)s to %(max)s assessment criteria for the jury to score.")
            % {"min": MIN_ASSESSMENT_CRITERIA, "max": MAX_ASSESSMENT_CRITERIA}
        )
    repeated = sorted(key for key, n in Counter(c.key for c in criteria).items() if n > 1)
    if repeated:
        errors.append(
            _("Each criterion needs a key of its own; used more than once: %(keys)s.")
            % {"keys": ", ".join(repeated)}
        )
    if sum(1 for c in criteria if c.answer == AnswerKind.ORGANISATIONS) > 1:
        errors.append(
            _("Only one criterion a year is answered with the collaborating organisations.")
        )
    if errors:
        raise ValidationError(errors)


def _refuse_if_locked(prize_year: PrizeYear) -> None:
    if prize_year.criteria_locked():
        raise OrientationError(locked_message(prize_year))


def touch(prize_year: PrizeYear) -> None:
    """A change the public pages show (the criteria, the categories): a new fingerprint."""
    # The public pages' cached fragments are keyed on the year's fingerprint.
    PrizeYear.objects.filter(pk=prize_year.pk).update(criteria_revision=F("criteria_revision") + 1)


@transaction.atomic
def copy_orientation(*, source: PrizeYear, target: PrizeYear, by=None) -> list[Criterion]:
    """Give the target year the source year's criteria, as a start to change from.

    The target must still be in preparation and have no criteria of its own yet.
    """
    target = PrizeYear.objects.locked(target.pk, error=OrientationError)
    _refuse_if_locked(target)
    if target.criteria.exists():
        raise OrientationError(
            _("%(year)s already has criteria; change them instead of copying.")
            % {"year": target.year}
        )
    criteria = Criterion.objects.bulk_create(
        Criterion(prize_year=target, **{name: getattr(c, name) for name in COPIED_FIELDS})
        for c in source.criteria.all()
    )
    touch(target)
    AuditEntry.record(
        actor=by,
        action=AuditAction.CRITERIA_CHANGED,
        prize_year=target,
        summary=gettext_lazy("Copied the %(count)s criteria of %(source)s to %(year)s."),
        params={"count": len(criteria), "source": source.year, "year": target.year},
        changes={"year": source.year, "criteria": [c.key for c in criteria]},
    )
    return criteria


@transaction.atomic
def save_criteria(
    *,
    prize_year: PrizeYear,
    changed: Sequence[Criterion],
    deleted: Sequence[Criterion],
    by,
) -> None:
    """Store added and changed criteria and remove deleted ones, while that is allowed.

    changed holds new and edited Criterion objects of the year, not yet saved;
    deleted those to remove. Refused with OrientationError once the criteria are
    locked, and with ValidationError when the resulting set could not run a year.
    """
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=OrientationError)
    _refuse_if_locked(prize_year)
    if any(c.prize_year_id != prize_year.pk for c in [*changed, *deleted]):
        raise OrientationError(_("Only the year's own criteria can be changed here."))
    removed = {c.pk for c in deleted if c.pk}
    edited = {c.pk: c for c in changed if c.pk}
    kept = [edited.get(c.pk, c) for c in prize_year.criteria.all() if c.pk not in removed]
    result = kept + [c for c in changed if not c.pk]
    for criterion in changed:
        criterion.full_clean(exclude=["prize_year"])
    check_criteria(result)
    before = {c.pk: c.key for c in prize_year.criteria.all()}
    Criterion.objects.filter(pk__in=removed).delete()
    # Keys are unique in the year: move the edited ones out of the way first, so
    # that two criteria may swap keys in one save.
    for criterion in edited.values():
        Criterion.objects.filter(pk=criterion.pk).update(key=f"~{criterion.pk}")
    for criterion in changed:
        criterion.save()
    touch(prize_year)
    added = [c.key for c in changed if c.pk not in before]
    AuditEntry.record(
        actor=by,
        action=AuditAction.CRITERIA_CHANGED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Changed the criteria of %(year)s: %(count)s criteria, %(mandatory)s of them "
            "mandatory (%(titles)s)."
        ),
        params={
            "year": prize_year.year,
            "count": len(result),
            "mandatory": sum(1 for c in result if c.kind == CriterionKind.MANDATORY),
            "titles": ", ".join(c.title for c in sorted(result, key=Criterion.sort_key)),
        },
        changes={
            "criteria": [c.key for c in sorted(result, key=Criterion.sort_key)],
            "added": added,
            "changed": [c.key for c in edited.values()],
            "removed": [before[pk] for pk in removed if pk in before],
        },
    )
