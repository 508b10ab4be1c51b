"""Questions of a juror's impartiality raised by others, ruled on by the jury with reasons."""

import pytest
from django.urls import reverse

from jury import conflicts, scoring
from jury.errors import JuryError
from jury.models import ConflictDeclaration, ConflictQuestion, JuryMembership, Score, Vote
from nominations.models import AuditAction, AuditEntry, JuryPhase
from tests.factories import (
    give_score,
    log_in_verified,
    make_juror,
)
from tests.phases import bring_to_phase


def ask(chair_membership, membership, effort) -> ConflictQuestion:
    return conflicts.raise_question(
        chair=chair_membership,
        concerned=membership,
        effort=effort,
        raised_by="Ett tips till förvaltningen",
        question="Jurymedlemmen sitter i föreningens styrelse.",
    )


def rule_as_jury(question, chair_membership, *, disqualified: bool, reasons: str):
    """The chair, the only other juror here, votes with the reasons and concludes."""
    conflicts.cast_ruling_vote(
        question=question,
        membership=chair_membership,
        disqualified=disqualified,
        reasons=reasons or "Skäl.",
    )
    return conflicts.rule(question=question, chair=chair_membership, reasons=reasons)


def test_juror_ruled_disqualified_is_excluded_as_if_declared(
    scoring_year, efforts, chair_membership, membership
):
    audited = AuditEntry.objects.count()  # the steps that brought the year to scoring
    effort = efforts["Nattvandring"]
    scoring.save_score(
        membership=membership,
        effort=effort,
        values={"innovation": 5, "inspiration": 5, "results": 5},
        comment="",
    )
    question = ask(chair_membership, membership, effort)
    rule_as_jury(
        question,
        chair_membership,
        disqualified=True,
        reasons="Styrelseuppdraget ger ett intresse i utgången.",
    )
    declaration = ConflictDeclaration.objects.in_force().get(juror=membership.user)
    assert declaration.ruling == question
    # The score stays in the record, no longer counted.
    assert Score.objects.filter(juror=membership.user, effort=effort).exists()
    with pytest.raises(JuryError):
        scoring.save_score(
            membership=membership,
            effort=effort,
            values={"innovation": 1, "inspiration": 1, "results": 1},
            comment="",
        )
    assert list(AuditEntry.objects.order_by("pk")[audited:].values_list("action", flat=True)) == [
        AuditAction.CONFLICT_QUESTIONED,
        AuditAction.RULING_VOTE,
        AuditAction.CONFLICT_RULED,
    ]


def test_ruling_not_disqualified_keeps_the_juror_in(
    scoring_year, efforts, chair_membership, membership
):
    question = ask(chair_membership, membership, efforts["Nattvandring"])
    rule_as_jury(
        question,
        chair_membership,
        disqualified=False,
        reasons="Uppdraget upphörde 2027 och inget band finns kvar.",
    )
    question.refresh_from_db()
    assert question.outcome == ConflictQuestion.Outcome.NOT_DISQUALIFIED
    assert not ConflictDeclaration.objects.exists()


def test_ruling_without_reasons_refused(scoring_year, efforts, chair_membership, membership):
    question = ask(chair_membership, membership, efforts["Nattvandring"])
    with pytest.raises(JuryError):
        rule_as_jury(question, chair_membership, disqualified=True, reasons=" ")
    question.refresh_from_db()
    assert question.outcome == ConflictQuestion.Outcome.PENDING


def test_chair_cannot_lead_a_question_on_their_own_impartiality(
    scoring_year, efforts, chair_membership
):
    with pytest.raises(JuryError):
        ask(chair_membership, chair_membership, efforts["Nattvandring"])
    assert not ConflictQuestion.objects.exists()


def test_juror_ruled_disqualified_cannot_withdraw_it(
    scoring_year, efforts, chair_membership, membership
):
    question = ask(chair_membership, membership, efforts["Nattvandring"])
    rule_as_jury(question, chair_membership, disqualified=True, reasons="Styrelseledamot.")
    declaration = ConflictDeclaration.objects.get()
    with pytest.raises(JuryError):
        conflicts.withdraw_conflict(membership=membership, declaration=declaration)


def test_chair_records_and_rules_through_the_page(
    chair_client, scoring_year, efforts, chair_membership, membership
):
    url = reverse("jury:conflicts", args=[2030])
    chair_client.post(
        url,
        {
            "form": "question",
            "juror": membership.pk,
            "effort": efforts["Läxhjälp"].pk,
            "raised_by": "En annan jurymedlem",
            "question": "Är jurymedlemmen anställd av skolan?",
        },
    )
    question = ConflictQuestion.objects.get()
    chair_client.post(
        url,
        {
            "form": f"vote-{question.pk}",
            f"vote-{question.pk}-outcome": "disqualified",
            f"vote-{question.pk}-reasons": "Anställd av skolan.",
        },
    )
    chair_client.post(
        url,
        {
            "form": f"ruling-{question.pk}",
            f"ruling-{question.pk}-reasons": "Anställd av skolan som driver insatsen.",
        },
    )
    question.refresh_from_db()
    assert question.outcome == ConflictQuestion.Outcome.DISQUALIFIED
    html = chair_client.get(url).content.decode()
    assert "Anställd av skolan som driver insatsen." in html


def test_member_cannot_record_a_question(juror_client, scoring_year, efforts, membership):
    juror_client.post(
        reverse("jury:conflicts", args=[2030]),
        {
            "form": "question",
            "juror": membership.pk,
            "effort": efforts["Läxhjälp"].pk,
            "raised_by": "Jag själv",
            "question": "Är jag jävig?",
        },
    )
    assert not ConflictQuestion.objects.exists()


def test_outsider_cannot_record_a_question(client, outsider, scoring_year, efforts, juror):
    from tests.factories import log_in_verified

    log_in_verified(client, outsider)
    client.post(
        reverse("jury:conflicts", args=[2030]),
        {
            "form": "question",
            "juror": JuryMembership.objects.get(user=juror).pk,
            "effort": efforts["Läxhjälp"].pk,
            "raised_by": "Någon",
            "question": "En fråga om jäv.",
        },
    )
    assert not ConflictQuestion.objects.exists()


def test_declaring_conflict_keeps_own_score_and_vote_in_the_record(membership, prize_year, efforts):
    effort = efforts["Nattvandring"]
    bring_to_phase(prize_year, JuryPhase.SCORING)
    give_score(membership, effort)
    Vote.objects.create(juror=membership.user, prize_year=prize_year, effort=effort)
    conflicts.declare_conflict(
        membership=membership, effort=effort, reason="Jag sitter i styrelsen."
    )
    assert ConflictDeclaration.objects.get().reason == "Jag sitter i styrelsen."
    # Records of how the decision was made stay; jury/participation.py leaves them uncounted.
    assert Score.objects.count() == 1
    assert Vote.objects.count() == 1


def test_declaring_conflict_twice_refused(membership, efforts):
    effort = efforts["Nattvandring"]
    conflicts.declare_conflict(membership=membership, effort=effort, reason="Anställd där.")
    with pytest.raises(JuryError):
        conflicts.declare_conflict(membership=membership, effort=effort, reason="Igen.")
    assert ConflictDeclaration.objects.count() == 1


def test_declaring_conflict_through_form_requires_reason(juror_client, prize_year, efforts):
    url = reverse("jury:declare_conflict", args=[2030, efforts["Nattvandring"].pk])
    response = juror_client.post(url, {"reason": ""})
    assert not ConflictDeclaration.objects.exists()
    assert "Detta fält måste fyllas i" in response.content.decode()
    juror_client.post(url, {"reason": "Min syster leder föreningen."})
    assert ConflictDeclaration.objects.get().effort == efforts["Nattvandring"]


def test_conflict_withdrawn_by_mistake_stays_in_the_record(scoring_year, efforts, membership):
    audited = AuditEntry.objects.count()  # the steps that brought the year to scoring
    effort = efforts["Nattvandring"]
    declaration = conflicts.declare_conflict(
        membership=membership, effort=effort, reason="Fel insats, jag tog miste."
    )
    conflicts.withdraw_conflict(membership=membership, declaration=declaration)
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is not None
    assert not conflicts.has_conflict(membership=membership, effort=effort)
    assert list(AuditEntry.objects.order_by("pk")[audited:].values_list("action", flat=True)) == [
        AuditAction.CONFLICT_DECLARED,
        AuditAction.CONFLICT_WITHDRAWN,
    ]


def test_juror_scores_again_after_withdrawing_a_conflict(
    juror_client, scoring_year, efforts, membership
):
    effort = efforts["Nattvandring"]
    conflicts.declare_conflict(
        membership=membership, effort=effort, reason="Fel insats, jag tog miste."
    )
    juror_client.post(reverse("jury:withdraw_conflict", args=[2030, effort.pk]))
    juror_client.post(
        reverse("jury:effort", args=[2030, effort.pk]),
        {"innovation": "4", "inspiration": "3", "results": "5", "comment": ""},
    )
    assert Score.objects.get(effort=effort).total == 12


def test_conflict_withdrawal_refused_once_scoring_has_closed(scoring_year, efforts, membership):
    declaration = conflicts.declare_conflict(
        membership=membership, effort=efforts["Nattvandring"], reason="Styrelseledamot där."
    )
    bring_to_phase(scoring_year, JuryPhase.DELIBERATION)
    with pytest.raises(JuryError):
        conflicts.withdraw_conflict(membership=membership, declaration=declaration)
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is None


def test_another_jurors_conflict_cannot_be_withdrawn(client, scoring_year, efforts, membership):
    effort = efforts["Nattvandring"]
    declaration = conflicts.declare_conflict(
        membership=membership, effort=effort, reason="Styrelseledamot där."
    )
    log_in_verified(client, make_juror(scoring_year, "other"))
    client.post(reverse("jury:withdraw_conflict", args=[2030, effort.pk]))
    declaration.refresh_from_db()
    assert declaration.withdrawn_at is None


def test_chair_sees_declaration_and_withdrawal(chair_client, scoring_year, efforts, membership):
    declaration = conflicts.declare_conflict(
        membership=membership, effort=efforts["Nattvandring"], reason="Fel insats, jag tog miste."
    )
    conflicts.withdraw_conflict(membership=membership, declaration=declaration)
    html = chair_client.get(reverse("jury:conflicts", args=[2030])).content.decode()
    assert "Fel insats, jag tog miste." in html
    assert "återkallad" in html
