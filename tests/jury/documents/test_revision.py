"""The dossier's content key kept by the database (jury/documents/revision.py).

Every kind of change a document shows gives a new key; the dossier's through the
triggers' count, the draft decision's through its HTML (store.content_key).
"""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from jury.documents.store import content_key
from jury.models import ConflictDeclaration, Decision, DossierRevision, JuryMembership, Vote
from nominations.models import (
    Answer,
    Effort,
    Nomination,
    Organisation,
    PrizeYear,
    ScreeningVerdict,
)
from nominations.screening import group_as_one_effort, set_aside
from tests.attachment_files import attach_to, png_file
from tests.factories import (
    make_administrator,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_nomination,
)


@pytest.fixture
def dossier_year(prize_year):
    make_eligible_nomination(prize_year, effort_name="Trygga trapphus")
    return prize_year


def _nomination() -> Nomination:
    return Nomination.objects.get(effort_name="Trygga trapphus")


def _group(prize_year: PrizeYear) -> None:
    other = make_eligible_nomination(prize_year, effort_name="Trygga trapphus i Rinkeby")
    group_as_one_effort(nominations=[_nomination(), other], by=make_administrator())


DOSSIER_CHANGES: dict[str, Callable[[PrizeYear], object]] = {
    "nomination_text": lambda y: Nomination.objects.update(description="En ny beskrivning."),
    "nomination_name": lambda y: Nomination.objects.update(effort_name="Trygga portar"),
    "district": lambda y: Nomination.objects.update(district="rinkeby-kista"),
    "organisation_renamed": lambda y: Organisation.objects.filter(position=0).update(
        name="Polisen i Rinkeby"
    ),
    "organisation_added": lambda y: Organisation.objects.create(
        nomination=_nomination(), name="Fältgruppen", position=9
    ),
    "organisation_removed": lambda y: Organisation.objects.filter(position=0).delete(),
    "answer": lambda y: Answer.objects.filter(criterion__kind="assessment").update(
        text="Ett nytt svar."
    ),
    "screening": lambda y: ScreeningVerdict.objects.update(status="failed", reason="Saknas."),
    "newly_screened": lambda y: make_eligible_nomination(y, effort_name="Läxhjälp i Rinkeby"),
    "grouping": _group,
    "effort_renamed": lambda y: Effort.objects.update(name="Trygga trapphus i Tensta"),
    "set_aside": lambda y: set_aside(
        nomination=_nomination(), reason="Dubblett.", by=make_administrator()
    ),
    "withdrawn": lambda y: Nomination.objects.update(withdrawn_at=y.closes_at),
    "attachment": lambda y: attach_to(_nomination(), png_file("Vandring.png")),
    "criterion": lambda y: y.criteria.filter(kind="assessment").update(question="Ny fråga?"),
    "year": lambda y: PrizeYear.objects.filter(pk=y.pk).update(case_number="SN 2030/0042"),
}


@pytest.mark.parametrize("change", DOSSIER_CHANGES.values(), ids=DOSSIER_CHANGES.keys())
def test_dossier_key_changes_with_what_the_dossier_shows(dossier_year, attachment_storage, change):
    before = content_key(kind="dossier", prize_year=dossier_year)
    change(dossier_year)
    assert content_key(kind="dossier", prize_year=dossier_year) != before


def test_dossier_key_is_counted_in_the_changing_transaction(dossier_year):
    before = DossierRevision.objects.get(year_id=dossier_year.pk).revision
    Nomination.objects.update(description="En ny beskrivning.")
    assert DossierRevision.objects.get(year_id=dossier_year.pk).revision == before + 1


def test_dossier_key_not_counted_for_a_new_unscreened_nomination(dossier_year):
    before = DossierRevision.objects.get(year_id=dossier_year.pk).revision
    make_nomination(dossier_year, effort_name="Ej granskad")
    assert DossierRevision.objects.get(year_id=dossier_year.pk).revision == before


def test_dossier_key_of_another_year_unchanged(dossier_year):
    from tests.factories import make_prize_year

    other = make_prize_year(year=2031)
    before = content_key(kind="dossier", prize_year=other)
    Nomination.objects.update(description="En ny beskrivning.")
    assert content_key(kind="dossier", prize_year=other) == before


@pytest.fixture
def draft(prize_year, chair, juror):
    winner = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    other = make_eligible_nomination(prize_year, effort_name="Läxhjälp i Skärholmen").effort
    return make_decision(prize_year, votes={chair: winner, juror: other}, winner=winner)


def _juror():
    return get_user_model().objects.get(username="juror")


DECISION_CHANGES: dict[str, Callable[[Decision], object]] = {
    "decision": lambda d: Decision.objects.update(motivation="En ny motivering."),
    "vote": lambda d: Vote.objects.filter(juror=_juror()).update(effort=d.effort),
    "jav": lambda d: ConflictDeclaration.objects.create(
        juror=_juror(),
        effort=Effort.objects.get(name="Läxhjälp i Skärholmen"),
        reason="Anställd där.",
    ),
    "appointment": lambda d: make_juror(d.prize_year, "ny_ledamot"),
    "appointment_ended": lambda d: JuryMembership.objects.filter(user=_juror()).update(
        ends_on=(d.decided_at - timedelta(days=2)).date()
    ),
    "juror_name": lambda d: (
        get_user_model().objects.filter(pk=_juror().pk).update(last_name="Ny-Efternamn")
    ),
    "organisation": lambda d: Organisation.objects.filter(position=0).update(name="Nytt namn"),
}


@pytest.mark.parametrize("change", DECISION_CHANGES.values(), ids=DECISION_CHANGES.keys())
def test_decision_key_changes_with_what_the_decision_shows(draft, change):
    before = content_key(kind="decision", prize_year=draft.prize_year)
    change(draft)
    assert content_key(kind="decision", prize_year=draft.prize_year) != before
