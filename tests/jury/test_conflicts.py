"""Questions of a juror's impartiality raised by others, ruled on by the jury with reasons."""

import pytest
from django.urls import reverse

from jury import conflicts, scoring
from jury.models import ConflictDeclaration, ConflictQuestion, JuryMembership, Score
from nominations.models import AuditAction, AuditEntry


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
    with pytest.raises(scoring.JuryError):
        scoring.save_score(
            membership=membership,
            effort=effort,
            values={"innovation": 1, "inspiration": 1, "results": 1},
            comment="",
        )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
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
    with pytest.raises(scoring.JuryError):
        rule_as_jury(question, chair_membership, disqualified=True, reasons=" ")
    question.refresh_from_db()
    assert question.outcome == ConflictQuestion.Outcome.PENDING


def test_chair_cannot_lead_a_question_on_their_own_impartiality(
    scoring_year, efforts, chair_membership
):
    with pytest.raises(scoring.JuryError):
        ask(chair_membership, chair_membership, efforts["Nattvandring"])
    assert not ConflictQuestion.objects.exists()


def test_juror_ruled_disqualified_cannot_withdraw_it(
    scoring_year, efforts, chair_membership, membership
):
    question = ask(chair_membership, membership, efforts["Nattvandring"])
    rule_as_jury(question, chair_membership, disqualified=True, reasons="Styrelseledamot.")
    declaration = ConflictDeclaration.objects.get()
    with pytest.raises(scoring.JuryError):
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
