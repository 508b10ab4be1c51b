"""Scores and the ranking built from them (jäv: jury/conflicts.py)."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nominations.models import (
    Criterion,
    CriterionKind,
    Effort,
    JuryPhase,
    PrizeYear,
)

from .errors import JuryError
from .models import (
    SCALE_MAX,
    SCALE_MIN,
    JuryMembership,
    JuryRole,
    Score,
    ScoreValue,
)
from .participation import Exclusion, Juror, Participation, participation

# Jurors whose totals for an effort lie a third of the possible range apart should
# talk before the vote: with three criteria, totals run from 3 to 15 and 4 apart is
# a disagreement; with two it takes 3 (of 2 to 10), with six 8 (of 6 to 30).
DISAGREEMENT_SHARE = Fraction(1, 3)


def scored_effort_ids(*, membership: JuryMembership) -> set[int]:
    return set(
        Score.objects.filter(
            juror=membership.user, effort__prize_year=membership.prize_year
        ).values_list("effort_id", flat=True)
    )


def lock_phase(*, membership: JuryMembership) -> PrizeYear:
    """The juror's prize year, locked: a score or vote never crosses a phase change."""
    return PrizeYear.objects.locked(membership.prize_year_id, error=JuryError)


def assessment_criteria(prize_year: PrizeYear) -> list[Criterion]:
    """What the jury scores this year, in the committee's order."""
    return list(prize_year.criteria.filter(kind=CriterionKind.ASSESSMENT))


@transaction.atomic
def save_score(
    *,
    membership: JuryMembership,
    effort: Effort,
    values: Mapping[str, int],
    comment: str,
    at: datetime | None = None,
) -> Score:
    """Create or change the juror's one score for the effort while scoring is open.

    values holds a score from 1 to 5 for each of the year's assessment criteria, by
    the criterion's key.
    """
    prize_year = lock_phase(membership=membership)
    if prize_year.jury_phase != JuryPhase.SCORING:
        raise JuryError(_("Scoring is closed, so scores cannot be given or changed."))
    juror = participation(prize_year=prize_year).juror(membership.user_id)
    if juror is None or juror.why_not_scoring(effort.pk) is not None:
        raise JuryError(
            _("You have declared a conflict of interest and cannot score this effort.")
            if juror is None or juror.in_office
            else _("Your appointment has ended, so you cannot score.")
        )
    criteria = assessment_criteria(prize_year)
    if set(values) != {c.key for c in criteria} or not all(
        isinstance(value, int) and SCALE_MIN <= value <= SCALE_MAX for value in values.values()
    ):
        raise JuryError(_("Give every criterion a score from 1 to 5."))
    # update_or_create locks the row; a simultaneous first submission meets the
    # unique constraint, and Django then updates the row the other one created.
    score, _created = Score.objects.update_or_create(
        juror=membership.user,
        effort=effort,
        defaults={"comment": comment.strip(), "updated_at": at or timezone.now()},
    )
    for criterion in criteria:
        ScoreValue.objects.update_or_create(
            score=score, criterion=criterion, defaults={"value": values[criterion.key]}
        )
    return score


@dataclass(frozen=True)
class Progress:
    total: int
    scored: int
    conflicts: int

    @property
    def left(self) -> int:
        return self.total - self.scored - self.conflicts

    @classmethod
    def of(cls, *, efforts: set[int], scored: set[int], conflicts: set[int]) -> "Progress":
        """Count from effort ids: a score on a conflicted or ineligible effort does not count."""
        return cls(
            total=len(efforts),
            scored=len((scored & efforts) - conflicts),
            conflicts=len(conflicts & efforts),
        )


def blocked_effort_ids(*, juror: Juror, efforts: set[int]) -> set[int]:
    """The efforts the juror may not score: by jäv, by the year's rule."""
    return {pk for pk in efforts if juror.why_not_scoring(pk) is not None}


def progress(*, membership: JuryMembership) -> Progress:
    efforts = set(
        Effort.objects.eligible()
        .filter(prize_year=membership.prize_year)
        .values_list("pk", flat=True)
    )
    juror = participation(prize_year=membership.prize_year).juror(membership.user_id)
    return Progress.of(
        efforts=efforts,
        scored=scored_effort_ids(membership=membership),
        conflicts=blocked_effort_ids(juror=juror, efforts=efforts) if juror else set(),
    )


@dataclass(frozen=True)
class MemberProgress:
    membership: JuryMembership
    scored: int
    conflicts: int
    voted: bool
    total: int
    juror: Juror

    @property
    def left(self) -> int:
        return self.total - self.scored - self.conflicts


def jury_progress(*, prize_year: PrizeYear) -> list[MemberProgress]:
    """Every serving juror's work this year, counted as participation counts it."""
    efforts = set(
        Effort.objects.eligible().filter(prize_year=prize_year).values_list("pk", flat=True)
    )
    scored: dict[int, set[int]] = defaultdict(set)
    for juror_id, effort_id in Score.objects.filter(effort__in=efforts).values_list(
        "juror_id", "effort_id"
    ):
        scored[juror_id].add(effort_id)
    rows = []
    for juror in participation(prize_year=prize_year).in_office:
        blocked = blocked_effort_ids(juror=juror, efforts=efforts)
        rows.append(
            MemberProgress(
                juror.membership,
                len(scored[juror.user_id] - blocked),
                len(blocked),
                juror.vote is not None,
                len(efforts),
                juror,
            )
        )
    return rows


def unscored_efforts(*, prize_year: PrizeYear) -> QuerySet[Effort]:
    """Eligible efforts that no juror has scored, for the chair before scoring closes."""
    return (
        Effort.objects.eligible()
        .filter(prize_year=prize_year, scores__isnull=True)
        .order_by("name")
    )


def may_see_ranking(*, membership: JuryMembership, known: Progress | None = None) -> bool:
    """The chair always; a member once every effort they may score is scored."""
    if membership.role == JuryRole.CHAIR:
        return True
    current = known or progress(membership=membership)
    return current.total > 0 and current.left == 0


@dataclass(frozen=True)
class Mean:
    criterion: Criterion
    value: float | None


@dataclass
class RankedEffort:
    """One effort's line in the ranking: the means per criterion and of the totals."""

    effort: Effort
    score_count: int = 0
    means: list[Mean] = field(default_factory=list)
    mean_total: float | None = None
    spread: int | None = None
    disagreement: bool = False

    @property
    def pk(self) -> int:
        return self.effort.pk

    @property
    def name(self) -> str:
        return self.effort.name


def total_range(criteria: list[Criterion]) -> tuple[int, int]:
    """The lowest and the highest total a score can have: 3–15 for three criteria."""
    return SCALE_MIN * len(criteria), SCALE_MAX * len(criteria)


def disagreement_spread(criteria: list[Criterion]) -> int:
    """How far apart two jurors' totals must be to call it a disagreement (see above)."""
    low, high = total_range(criteria)
    share = (high - low) * DISAGREEMENT_SHARE
    return max(1, -(-share.numerator // share.denominator))


def ranking(*, prize_year: PrizeYear, known: Participation | None = None) -> list[RankedEffort]:
    """Eligible efforts by mean total score, best first.

    The mean total is the mean of the counted totals (jury/participation.py) over the
    year's assessment criteria, however many there are; the spread is the highest total less the
    lowest. An effort no one has scored comes last.
    """
    criteria = assessment_criteria(prize_year)
    efforts = list(Effort.objects.eligible().filter(prize_year=prize_year).order_by("name", "pk"))
    # The year's values, not an IN list of the efforts: the year may have hundreds.
    values = ScoreValue.objects.filter(
        score__effort__prize_year=prize_year, criterion__kind=CriterionKind.ASSESSMENT
    ).values_list("score__effort_id", "score__juror_id", "score_id", "criterion_id", "value")
    counted = known or participation(prize_year=prize_year)
    totals: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    per_criterion: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for effort_id, juror_id, score_id, criterion_id, value in values:
        # A score of a juror who takes no part in the effort stays, but is not counted.
        if not counted.counted_score(user_id=juror_id, effort_id=effort_id):
            continue
        totals[effort_id][score_id] += value
        per_criterion[effort_id][criterion_id].append(value)
    threshold = disagreement_spread(criteria)
    rows = []
    for effort in efforts:
        scored = list(totals[effort.pk].values())
        row = RankedEffort(
            effort=effort,
            score_count=len(scored),
            means=[Mean(c, _mean(per_criterion[effort.pk][c.pk])) for c in criteria],
        )
        if scored:
            row.mean_total = _mean(scored)
            row.spread = max(scored) - min(scored)
            row.disagreement = row.spread >= threshold
        rows.append(row)
    # Stable: efforts with the same mean stay in the order of their names.
    rows.sort(key=lambda row: (row.mean_total is None, -(row.mean_total or 0)))
    return rows


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class UncountedScore:
    """A score that stays in the record but is not counted, and why."""

    score: Score
    juror: Juror
    why: Exclusion


def uncounted_scores(
    *, prize_year: PrizeYear, known: Participation | None = None
) -> list[UncountedScore]:
    """Every score of the year that the ranking leaves out, by juror and effort."""
    counted = known or participation(prize_year=prize_year)
    rows = []
    scores = (
        Score.objects.filter(effort__prize_year=prize_year)
        .select_related("effort")
        .prefetch_related("values")
        .order_by("effort__name", "pk")
    )
    for score in scores:
        juror = counted.juror(score.juror_id)
        why = juror.why_not_scoring(score.effort_id) if juror else None
        if juror and why:
            rows.append(UncountedScore(score=score, juror=juror, why=why))
    return rows


@dataclass(frozen=True)
class JurorLine:
    """One juror's line for one effort in the summary of the scores."""

    juror: Juror
    score: Score | None
    # In the order of the criteria; None where the juror gave no value.
    values: list[int | None]
    # Why the score is not counted, or why the juror could not score: None when it counts.
    why: Exclusion | None

    @property
    def counted(self) -> bool:
        return self.score is not None and self.why is None

    @property
    def total(self) -> int | None:
        """The sum over the criteria, as the ranking adds them up."""
        return sum(v for v in self.values if v is not None) if self.score else None


@dataclass(frozen=True)
class SheetRow:
    """One effort in the summary of the scores: its ranking line and every juror's line."""

    ranked: RankedEffort
    lines: list[JurorLine]


def score_sheet(*, prize_year: PrizeYear, known: Participation | None = None) -> list[SheetRow]:
    """Every effort as ranked, with each juror's score and whether it counts, and why not.

    The same count as the ranking (one Participation for both), so that what the summary
    says is counted is what the mean and the spread were made from.
    """
    counted = known or participation(prize_year=prize_year)
    criteria = assessment_criteria(prize_year)
    scores = {
        (score.effort_id, score.juror_id): score
        for score in Score.objects.filter(effort__prize_year=prize_year).prefetch_related("values")
    }
    sheet = []
    for row in ranking(prize_year=prize_year, known=counted):
        lines = []
        for juror in counted.jurors:
            score = scores.get((row.pk, juror.user_id))
            given = score.value_by_criterion() if score else {}
            lines.append(
                JurorLine(
                    juror=juror,
                    score=score,
                    values=[given.get(criterion.pk) for criterion in criteria],
                    why=juror.why_not_scoring(row.pk),
                )
            )
        sheet.append(SheetRow(ranked=row, lines=lines))
    return sheet
