"""The orientation of a year as data: copied to a new year, changed, then frozen."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from nominations.models import AuditAction, AuditEntry, Criterion, CriterionKind, PrizeYear
from nominations.orientation import OrientationError, copy_orientation, save_criteria
from tests.factories import (
    CHANGED_CRITERIA,
    OPENS_AT,
    make_nomination,
    make_prize_year,
)

BEFORE_OPENING = OPENS_AT - timedelta(days=1)


@pytest.fixture
def next_year(prize_year):
    """2031 in preparation: no criteria yet, its window a year after 2030's."""
    return make_prize_year(
        year=2031,
        criteria=(),
        opens_at=OPENS_AT.replace(year=2031),
        closes_at=OPENS_AT.replace(year=2031) + timedelta(days=90),
    )


def criterion(prize_year: PrizeYear, key: str) -> Criterion:
    return prize_year.criteria.get(key=key)


def test_copy_orientation_gives_the_new_year_the_previous_years_criteria(
    prize_year, next_year, administrator
):
    copy_orientation(source=prize_year, target=next_year, by=administrator)
    fields = ("kind", "position", "key", "title", "question_en", "scale", "min_answer_length")
    assert list(next_year.criteria.values_list(*fields)) == list(
        prize_year.criteria.values_list(*fields)
    )
    assert AuditEntry.objects.get().action == AuditAction.CRITERIA_CHANGED


def test_copy_orientation_leaves_the_source_years_criteria_alone(
    prize_year, next_year, administrator
):
    before = list(prize_year.criteria.values_list("pk", flat=True))
    copy_orientation(source=prize_year, target=next_year, by=administrator)
    criterion(next_year, "innovation").delete()
    assert list(prize_year.criteria.values_list("pk", flat=True)) == before


def test_copy_orientation_refused_when_the_year_has_criteria(prize_year, next_year):
    copy_orientation(source=prize_year, target=next_year)
    with pytest.raises(OrientationError):
        copy_orientation(source=prize_year, target=next_year)
    assert next_year.criteria.count() == prize_year.criteria.count()


def test_copy_orientation_refused_once_the_window_has_opened(prize_year, next_year):
    with time_machine.travel(next_year.opens_at, tick=False), pytest.raises(OrientationError):
        copy_orientation(source=prize_year, target=next_year)
    assert not next_year.criteria.exists()


def test_criteria_locked_from_the_opening_instant(prize_year):
    assert not prize_year.criteria_locked(at=prize_year.opens_at - timedelta(microseconds=1))
    assert prize_year.criteria_locked(at=prize_year.opens_at)


def test_criteria_locked_by_a_nomination_before_the_window_opens(prize_year):
    make_nomination(prize_year)
    assert prize_year.criteria_locked(at=BEFORE_OPENING)


def test_save_criteria_changes_a_criterion_while_in_preparation(prize_year, administrator):
    changed = criterion(prize_year, "innovation")
    changed.question = "Vad är nytt i insatsen?"
    revision = prize_year.criteria_revision
    with time_machine.travel(BEFORE_OPENING, tick=False):
        save_criteria(prize_year=prize_year, changed=[changed], deleted=[], by=administrator)
    prize_year.refresh_from_db()
    assert criterion(prize_year, "innovation").question == "Vad är nytt i insatsen?"
    assert prize_year.criteria_revision == revision + 1
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.CRITERIA_CHANGED
    assert entry.changes["changed"] == ["innovation"]


def test_save_criteria_refused_once_the_window_has_opened(prize_year, administrator):
    changed = criterion(prize_year, "innovation")
    changed.question = "Vad är nytt i insatsen?"
    with time_machine.travel(OPENS_AT, tick=False), pytest.raises(OrientationError):
        save_criteria(prize_year=prize_year, changed=[changed], deleted=[], by=administrator)
    assert criterion(prize_year, "innovation").question != "Vad är nytt i insatsen?"
    assert not AuditEntry.objects.exists()


def test_save_criteria_refused_once_a_nomination_has_arrived(prize_year, administrator):
    make_nomination(prize_year)
    removed = criterion(prize_year, "results")
    with time_machine.travel(BEFORE_OPENING, tick=False), pytest.raises(OrientationError):
        save_criteria(prize_year=prize_year, changed=[], deleted=[removed], by=administrator)
    assert prize_year.criteria.filter(key="results").exists()


def test_save_criteria_refused_with_a_single_assessment_criterion(prize_year, administrator):
    removed = list(prize_year.criteria.filter(key__in=["inspiration", "results"]))
    with time_machine.travel(BEFORE_OPENING, tick=False), pytest.raises(ValidationError):
        save_criteria(prize_year=prize_year, changed=[], deleted=removed, by=administrator)
    assert prize_year.criteria.filter(kind=CriterionKind.ASSESSMENT).count() == 3


def test_save_criteria_refused_with_a_scale_of_four_labels(prize_year, administrator):
    changed = criterion(prize_year, "results")
    changed.scale = ["inte alls", "lite", "en del", "mycket"]
    with time_machine.travel(BEFORE_OPENING, tick=False), pytest.raises(ValidationError):
        save_criteria(prize_year=prize_year, changed=[changed], deleted=[], by=administrator)
    assert len(criterion(prize_year, "results").scale) == 5


def test_save_criteria_lets_two_criteria_swap_keys(prize_year, administrator):
    first, second = criterion(prize_year, "innovation"), criterion(prize_year, "inspiration")
    first.key, second.key = "inspiration", "innovation"
    with time_machine.travel(BEFORE_OPENING, tick=False):
        save_criteria(prize_year=prize_year, changed=[first, second], deleted=[], by=administrator)
    assert criterion(prize_year, "inspiration").pk == first.pk


def test_save_criteria_adds_a_criterion_of_its_own_year(prize_year, administrator):
    added = Criterion(prize_year=prize_year, **CHANGED_CRITERIA[1])
    with time_machine.travel(BEFORE_OPENING, tick=False):
        save_criteria(prize_year=prize_year, changed=[added], deleted=[], by=administrator)
    assert prize_year.criteria.filter(kind=CriterionKind.MANDATORY).count() == 3
    assert AuditEntry.objects.get().changes["added"] == ["local_roots"]


def test_criterion_key_used_by_the_form_refused(prize_year):
    taken = Criterion(prize_year=prize_year, **{**CHANGED_CRITERIA[1], "key": "description"})
    with pytest.raises(ValidationError):
        taken.full_clean()
