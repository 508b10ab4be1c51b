"""Who lawfully takes part in the year's matter, and what of their work is counted."""

import random
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from jury import appointments, conflicts, justering, phases, scoring, voting
from jury.errors import JuryError
from jury.models import (
    ConflictDeclaration,
    ConflictQuestion,
    Decision,
    JuryMembership,
    RulingVote,
    Score,
    Vote,
)
from jury.outcome import decision_outcome
from jury.participation import participation
from nominations.models import (
    AuditAction,
    AuditEntry,
    ConflictRule,
    JuryPhase,
    MailKind,
    OutgoingMail,
    PrizeYear,
)
from tests.factories import (
    FOREDRAGANDE,
    close_window,
    log_in_verified,
    make_administrator,
    make_eligible_nomination,
    make_juror,
    store_frozen_basis,
)

MOTIVATION = "Insatsen förenar skola, polis och föreningar på ett sätt som andra kan ta efter."


def membership_of(user) -> JuryMembership:
    return JuryMembership.objects.select_related("prize_year", "user").get(user=user)


def score(user, effort, value: int = 4) -> Score:
    criteria = scoring.assessment_criteria(effort.prize_year)
    return scoring.save_score(
        membership=membership_of(user),
        effort=effort,
        values={c.key: value for c in criteria},
        comment="",
    )


def vote(user, effort) -> Vote:
    return voting.cast_vote(membership=membership_of(user), effort=effort)


def declare(user, effort):
    return conflicts.declare_conflict(
        membership=membership_of(user), effort=effort, reason="Jag sitter i styrelsen."
    )


def fresh(prize_year) -> PrizeYear:
    return PrizeYear.objects.get(pk=prize_year.pk)


@pytest.fixture
def year(prize_year):
    close_window(prize_year)
    prize_year.case_number = "SN 2030/0417"
    # Scoring opens only with the jury's deadlines set (reminders go out before them).
    prize_year.scoring_deadline = timezone.localdate()
    prize_year.vote_deadline = timezone.localdate() + timedelta(days=20)
    prize_year.save()
    return prize_year


@pytest.fixture
def efforts(year):
    return {
        name: make_eligible_nomination(year, effort_name=name).effort
        for name in ("Nattvandring", "Läxhjälp", "Trygga trapphus")
    }


@pytest.fixture
def jury(year, chair):
    """The chair and two members, Anna and Bo."""
    return {
        "chair": chair,
        "anna": make_juror(year, "anna"),
        "bo": make_juror(year, "bo"),
    }


def to_scoring(year, by) -> PrizeYear:
    return phases.open_scoring(prize_year=fresh(year), by=by)


def to_vote(year, by, shortlist) -> PrizeYear:
    year = fresh(year)
    if year.jury_phase == JuryPhase.PREPARATION:
        phases.open_scoring(prize_year=year, by=by)
    phases.close_scoring(prize_year=fresh(year), by=by)
    return phases.open_vote(prize_year=fresh(year), efforts=shortlist, by=by)


def decide(year, by, casting_vote=None) -> Decision:
    return phases.decide(
        prize_year=fresh(year), motivation=MOTIVATION, by=by, casting_vote=casting_vote
    )


def test_jurors_are_listed_in_swedish_alphabetical_order(year, chair):
    from tests.factories import make_user

    for username, last in (("o", "Öberg"), ("a", "Ärlig"), ("z", "Zetterlund"), ("r", "Åberg")):
        user = make_user(username, first_name="Kim", last_name=last)
        JuryMembership.objects.create(
            user=user, prize_year=year, role="member", ends_on=timezone.localdate()
        )
    names = [j.membership.user.last_name for j in participation(prize_year=fresh(year)).jurors]
    assert names == ["Jurysson", "Zetterlund", "Åberg", "Ärlig", "Öberg"]


# Finding 1: an ended appointment's vote is not counted.


def decided_after_bo_left(year, efforts, jury) -> Decision:
    """Anna and Bo vote A, the chair B; Bo's appointment ends before the decision."""
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], a)
    vote(jury["bo"], a)
    vote(jury["chair"], b)
    appointments.end_appointment(membership=membership_of(jury["bo"]), by=jury["chair"])
    return decide(year, jury["chair"])


def test_vote_of_juror_whose_appointment_ended_is_not_counted(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    decision = decided_after_bo_left(year, efforts, jury)
    # Without Bo's vote it is 1–1, and the chair's own vote for B decides.
    assert (decision.effort, decision.casting_vote) == (b, True)
    assert decision.tally == {str(a.pk): 1, str(b.pk): 1}
    assert Vote.objects.filter(juror=jury["bo"]).exists()


def test_decision_pdf_lists_vote_of_ended_appointment_as_not_counted(year, efforts, jury):
    decision = decided_after_bo_left(year, efforts, jury)
    html = render_to_string(justering.TEMPLATE, justering.decision_context(decision, draft=True))
    assert "Bo Jurysson röstade på Nattvandring. Rösten räknades inte: uppdraget avslutades" in html


# Finding 2: jäv concerns the whole matter.


def test_conflict_on_one_effort_keeps_juror_out_of_the_whole_vote(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], b)
    declare(jury["anna"], a)
    count = participation(prize_year=fresh(year))
    assert [j.name for j in count.uncounted_votes] == ["Anna Jurysson"]
    assert count.tally() == [(b, 0), (a, 0)] or dict(count.tally()) == {a: 0, b: 0}


def test_conflict_per_effort_off_the_shortlist_keeps_the_vote(year, efforts, jury):
    year.conflict_rule = ConflictRule.EFFORT
    year.save()
    a, b, c = efforts["Nattvandring"], efforts["Läxhjälp"], efforts["Trygga trapphus"]
    to_scoring(year, jury["chair"])
    declare(jury["anna"], c)
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], b)
    assert dict(participation(prize_year=fresh(year)).tally()) == {a: 0, b: 1}


def test_conflict_per_effort_on_the_shortlist_refuses_the_vote(year, efforts, jury):
    year.conflict_rule = ConflictRule.EFFORT
    year.save()
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_scoring(year, jury["chair"])
    declare(jury["anna"], a)
    to_vote(year, jury["chair"], [a, b])
    with pytest.raises(JuryError):
        vote(jury["anna"], b)
    assert not Vote.objects.filter(juror=jury["anna"]).exists()


def test_whole_matter_rule_refuses_scoring_other_efforts_after_a_declaration(year, efforts, jury):
    to_scoring(year, jury["chair"])
    declare(jury["anna"], efforts["Nattvandring"])
    with pytest.raises(JuryError):
        score(jury["anna"], efforts["Läxhjälp"])
    assert not Score.objects.filter(juror=jury["anna"]).exists()


def test_chair_out_of_the_matter_cannot_open_the_vote(year, efforts, jury):
    to_scoring(year, jury["chair"])
    declare(jury["chair"], efforts["Nattvandring"])
    phases.close_scoring(prize_year=fresh(year), by=jury["chair"])
    with pytest.raises(phases.PhaseError, match="ordförandens ställe"):
        phases.open_vote(prize_year=fresh(year), efforts=[efforts["Läxhjälp"]], by=jury["chair"])
    assert fresh(year).jury_phase == JuryPhase.DELIBERATION


# Finding 3: nothing is deleted.


def test_declaring_conflict_keeps_earlier_score_but_ranking_leaves_it_out(year, efforts, jury):
    a = efforts["Nattvandring"]
    to_scoring(year, jury["chair"])
    score(jury["anna"], a, 5)
    score(jury["bo"], a, 1)
    declare(jury["anna"], a)
    assert Score.objects.filter(juror=jury["anna"], effort=a).exists()
    row = next(r for r in scoring.ranking(prize_year=fresh(year)) if r.effort == a)
    assert (row.score_count, row.mean_total) == (1, 3.0)


def test_withdrawing_a_declaration_makes_the_earlier_score_count_again(year, efforts, jury):
    a = efforts["Nattvandring"]
    to_scoring(year, jury["chair"])
    score(jury["anna"], a, 5)
    declaration = declare(jury["anna"], a)
    conflicts.withdraw_conflict(membership=membership_of(jury["anna"]), declaration=declaration)
    row = next(r for r in scoring.ranking(prize_year=fresh(year)) if r.effort == a)
    assert (row.score_count, row.mean_total) == (1, 15.0)


def test_declaring_conflict_after_voting_keeps_the_vote_row(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], a)
    declare(jury["anna"], a)
    assert Vote.objects.filter(juror=jury["anna"], effort=a).exists()


def test_uncounted_scores_name_the_juror_and_why(year, efforts, jury):
    a = efforts["Nattvandring"]
    to_scoring(year, jury["chair"])
    score(jury["anna"], a)
    declare(jury["anna"], a)
    rows = scoring.uncounted_scores(prize_year=fresh(year))
    assert [(r.juror.name, r.score.effort, r.why.why) for r in rows] == [
        ("Anna Jurysson", a, "conflict")
    ]


# Finding 4: the jury rules on jäv, without the one questioned.


def question_about(year, jury, concerned, effort, leader="chair") -> ConflictQuestion:
    return conflicts.raise_question(
        chair=membership_of(jury[leader]),
        concerned=membership_of(jury[concerned]),
        effort=effort,
        raised_by="ett tips till förvaltningen",
        question="Sitter Bo i föreningens styrelse?",
    )


def ruling_vote(question, user, *, disqualified: bool, reasons: str):
    return conflicts.cast_ruling_vote(
        question=question,
        membership=membership_of(user),
        disqualified=disqualified,
        reasons=reasons,
    )


def test_jury_rules_by_majority_with_each_vote_recorded(year, efforts, jury):
    to_scoring(year, jury["chair"])
    question = question_about(year, jury, "bo", efforts["Nattvandring"])
    ruling_vote(question, jury["anna"], disqualified=True, reasons="Bo sitter i styrelsen.")
    ruling_vote(
        question, jury["chair"], disqualified=True, reasons="Styrelseuppdraget väger tungt."
    )
    ruled = conflicts.rule(
        question=question, chair=membership_of(jury["chair"]), reasons="Bo är jävig."
    )
    assert ruled.outcome == ConflictQuestion.Outcome.DISQUALIFIED
    assert RulingVote.objects.filter(question=question).count() == 2
    assert ConflictDeclaration.objects.get(juror=jury["bo"]).ruling == ruled


def test_questioned_juror_takes_no_part_in_the_ruling(year, efforts, jury):
    to_scoring(year, jury["chair"])
    question = question_about(year, jury, "bo", efforts["Nattvandring"])
    with pytest.raises(JuryError):
        ruling_vote(question, jury["bo"], disqualified=False, reasons="Jag är inte jävig.")
    assert not RulingVote.objects.exists()


def test_tied_ruling_goes_to_the_leaders_own_vote(year, efforts, jury):
    to_scoring(year, jury["chair"])
    question = question_about(year, jury, "bo", efforts["Nattvandring"])
    ruling_vote(question, jury["anna"], disqualified=True, reasons="Bo sitter i styrelsen.")
    ruling_vote(question, jury["chair"], disqualified=False, reasons="Uppdraget avslutades i fjol.")
    ruled = conflicts.rule(question=question, chair=membership_of(jury["chair"]), reasons="Ej jäv.")
    assert ruled.outcome == ConflictQuestion.Outcome.NOT_DISQUALIFIED


def test_question_about_the_chair_is_led_by_the_named_member(year, efforts, jury):
    to_scoring(year, jury["chair"])
    appointments.name_deputy(membership=membership_of(jury["anna"]), by=make_administrator())
    question = question_about(year, jury, "chair", efforts["Nattvandring"], leader="anna")
    ruling_vote(question, jury["anna"], disqualified=True, reasons="Ordföranden har lett insatsen.")
    ruling_vote(question, jury["bo"], disqualified=False, reasons="Det var länge sedan.")
    # 1–1: the named member's own vote decides.
    ruled = conflicts.rule(question=question, chair=membership_of(jury["anna"]), reasons="Jävig.")
    assert (ruled.outcome, ruled.ruled_by) == (
        ConflictQuestion.Outcome.DISQUALIFIED,
        jury["anna"],
    )


def test_question_about_the_chair_without_a_named_member_is_refused(year, efforts, jury):
    to_scoring(year, jury["chair"])
    with pytest.raises(JuryError, match="förvaltningen"):
        question_about(year, jury, "chair", efforts["Nattvandring"])
    assert not ConflictQuestion.objects.exists()


def test_member_sees_and_votes_on_questions_on_the_conflicts_page(client, year, efforts, jury):
    to_scoring(year, jury["chair"])
    question = question_about(year, jury, "bo", efforts["Nattvandring"])
    log_in_verified(client, jury["anna"])
    client.post(
        reverse("jury:conflicts", args=[year.year]),
        {
            "form": f"vote-{question.pk}",
            f"vote-{question.pk}-outcome": "disqualified",
            f"vote-{question.pk}-reasons": "Bo sitter i föreningens styrelse.",
        },
    )
    assert RulingVote.objects.get().juror == jury["anna"]


def test_questioned_juror_posting_a_vote_is_told_why_on_the_page(client, year, efforts, jury):
    to_scoring(year, jury["chair"])
    question = question_about(year, jury, "bo", efforts["Nattvandring"])
    log_in_verified(client, jury["bo"])
    response = client.post(
        reverse("jury:conflicts", args=[year.year]),
        {
            "form": f"vote-{question.pk}",
            f"vote-{question.pk}-outcome": "not_disqualified",
            f"vote-{question.pk}-reasons": "Jag är inte jävig alls.",
        },
        follow=True,
    )
    assert "Du kan inte rösta om eller avgöra den här frågan nu." in response.content.decode()
    assert not RulingVote.objects.exists()


def test_dashboard_tells_a_juror_out_of_the_matter(client, year, efforts, jury):
    to_scoring(year, jury["chair"])
    declare(jury["anna"], efforts["Nattvandring"])
    log_in_verified(client, jury["anna"])
    html = client.get(reverse("jury:dashboard", args=[year.year])).content.decode()
    assert "deltar du inte längre i bedömningen" in html


# Finding 5: one home for "decided".


@pytest.fixture
def decided(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    for user in jury.values():
        vote(user, a)
    # What the justering needs besides the decision: the basis stored, the föredragande.
    store_frozen_basis()
    PrizeYear.objects.filter(pk=year.pk).update(
        foredragande_name=FOREDRAGANDE[0], foredragande_title=FOREDRAGANDE[1]
    )
    return decide(year, jury["chair"])


@pytest.mark.parametrize(
    "step",
    ["appoint", "change", "end", "remove", "declare", "question", "vote", "deputy"],
)
@pytest.mark.pdf
def test_changes_to_who_took_part_refused_once_decided(decided, year, efforts, jury, step):
    admin = make_administrator()
    bo = membership_of(jury["bo"])
    before = (
        JuryMembership.objects.count(),
        ConflictDeclaration.objects.count(),
        ConflictQuestion.objects.count(),
        Vote.objects.count(),
    )
    actions = {
        "appoint": lambda: appointments.appoint(
            prize_year=fresh(year), user=make_juror_user(), role="member", by=admin
        ),
        "change": lambda: appointments.change_appointment(
            membership=bo, role="member", ends_on=bo.ends_on + timedelta(days=1), by=admin
        ),
        "end": lambda: appointments.end_appointment(membership=bo, by=admin),
        "remove": lambda: appointments.remove(membership=bo, by=admin),
        "declare": lambda: declare(jury["bo"], efforts["Nattvandring"]),
        "question": lambda: question_about(year, jury, "bo", efforts["Nattvandring"]),
        "vote": lambda: vote(jury["bo"], efforts["Läxhjälp"]),
        "deputy": lambda: appointments.name_deputy(membership=bo, by=admin),
    }
    with pytest.raises(Exception, match="decided|beslutad|vote is not open"):
        actions[step]()
    assert before == (
        JuryMembership.objects.count(),
        ConflictDeclaration.objects.count(),
        ConflictQuestion.objects.count(),
        Vote.objects.count(),
    )
    assert membership_of(jury["bo"]).ended_at is None


def make_juror_user():
    from tests.factories import make_user

    return make_user("sen", first_name="Sen", last_name="Ankomling")


def test_appoint_allowed_before_the_decision(year, efforts, jury):
    membership = appointments.appoint(
        prize_year=fresh(year), user=make_juror_user(), role="member", by=make_administrator()
    )
    assert membership.pk is not None


# Finding 6: the vote in order, and a quorate jury.


def test_decide_refused_while_a_juror_has_not_voted_before_the_deadline(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    year.vote_deadline = timezone.localdate() + timedelta(days=28)
    year.save()
    to_vote(year, jury["chair"], [a, b])
    vote(jury["chair"], a)
    vote(jury["anna"], a)
    with pytest.raises(phases.PhaseError, match="Bo Jurysson"):
        decide(year, jury["chair"])
    assert not Decision.objects.exists()


def test_decide_allowed_after_the_deadline_and_names_who_did_not_vote(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["chair"], a)
    vote(jury["anna"], a)
    PrizeYear.objects.filter(pk=year.pk).update(
        vote_deadline=timezone.localdate() - timedelta(days=1)
    )
    outcome = decision_outcome(prize_year=fresh(year), by=jury["chair"])
    assert (outcome.blockers, outcome.not_voted_names) == ([], "Bo Jurysson")
    assert decide(year, jury["chair"]).effort == a


def test_confirmation_page_names_who_has_not_voted(client, year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["chair"], a)
    log_in_verified(client, jury["chair"])
    html = client.post(
        reverse("jury:chair", args=[year.year]), {"step": "close_vote", "motivation": MOTIVATION}
    ).content.decode()
    assert "Anna Jurysson, Bo Jurysson" in html
    assert not Decision.objects.exists()


def test_decide_refused_without_a_quorum(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_scoring(year, jury["chair"])
    declare(jury["anna"], a)
    declare(jury["bo"], b)
    to_vote(year, jury["chair"], [a, b])
    vote(jury["chair"], a)
    with pytest.raises(phases.PhaseError, match="ersättare"):
        decide(year, jury["chair"])
    assert not Decision.objects.exists()


def test_replacement_makes_the_jury_quorate(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_scoring(year, jury["chair"])
    declare(jury["anna"], a)
    declare(jury["bo"], b)
    appointments.appoint(
        prize_year=fresh(year),
        user=make_juror_user(),
        role="member",
        by=make_administrator(),
        replaces=membership_of(jury["anna"]),
    )
    to_vote(year, jury["chair"], [a, b])
    vote(jury["chair"], a)
    vote(membership_of(make_user_named("sen")).user, a)
    assert decide(year, jury["chair"]).effort == a


def make_user_named(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


# Finding 7: nobody sees the tally before their own vote.


def test_chair_page_hides_the_tally_before_the_chairs_own_vote(client, year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], a)
    log_in_verified(client, jury["chair"])
    html = client.get(reverse("jury:chair", args=[year.year])).content.decode()
    assert "Nattvandring: 1" not in html
    assert "när du har röstat själv" in html


def test_chair_page_shows_the_tally_after_the_chairs_own_vote(client, year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], a)
    vote(jury["chair"], b)
    log_in_verified(client, jury["chair"])
    html = client.get(reverse("jury:chair", args=[year.year])).content.decode()
    assert "Nattvandring: 1" in html


# Finding 8: the casting vote follows the chair's own vote.


def test_casting_vote_for_another_than_the_chairs_own_tied_vote_is_refused(year, efforts, jury):
    a, b = efforts["Nattvandring"], efforts["Läxhjälp"]
    year.vote_deadline = timezone.localdate() - timedelta(days=1)
    year.save()
    to_vote(year, jury["chair"], [a, b])
    vote(jury["anna"], a)
    vote(jury["chair"], b)
    with pytest.raises(phases.PhaseError, match="Läxhjälp"):
        decide(year, jury["chair"], casting_vote=a)
    assert not Decision.objects.exists()


def test_chair_voting_outside_the_tie_chooses_and_the_decision_says_so(year, efforts, jury):
    a, b, c = efforts["Nattvandring"], efforts["Läxhjälp"], efforts["Trygga trapphus"]
    to_vote(year, jury["chair"], [a, b, c])
    vote(jury["anna"], a)
    vote(jury["bo"], b)
    vote(jury["chair"], c)
    # 1–1–1: the chair's own vote for C is among the tied, so it decides.
    assert decide(year, jury["chair"]).effort == c


def test_decision_text_says_the_chairs_vote_was_for_another_effort(year, efforts, jury):
    a, b, c = efforts["Nattvandring"], efforts["Läxhjälp"], efforts["Trygga trapphus"]
    cia, dan = make_juror(year, "cia"), make_juror(year, "dan")
    to_vote(year, jury["chair"], [a, b, c])
    for user, effort in ((jury["anna"], a), (cia, a), (jury["bo"], b), (dan, b)):
        vote(user, effort)
    vote(jury["chair"], c)
    decision = decide(year, jury["chair"], casting_vote=b)
    html = render_to_string(justering.TEMPLATE, justering.decision_context(decision, draft=True))
    assert (decision.effort, decision.casting_vote) == (b, True)
    assert "Ordförandens egen röst gällde en annan insats, Trygga trapphus" in html


# Finding 9: opening the vote is confirmed, with the ranking.


def test_open_vote_asks_for_confirmation_with_ranking_and_means(client, year, efforts, jury):
    to_scoring(year, jury["chair"])
    score(jury["anna"], efforts["Läxhjälp"], 5)
    score(jury["anna"], efforts["Nattvandring"], 2)
    phases.close_scoring(prize_year=fresh(year), by=jury["chair"])
    log_in_verified(client, jury["chair"])
    html = client.post(
        reverse("jury:chair", args=[year.year]),
        {"step": "open_vote", "efforts": [efforts["Nattvandring"].pk, efforts["Läxhjälp"].pk]},
    ).content.decode()
    assert fresh(year).jury_phase == JuryPhase.DELIBERATION
    assert html.index("Läxhjälp: medelsumma 15,0") < html.index("Nattvandring: medelsumma 6,0")
    assert "kan inte öppnas igen" in html


@pytest.mark.parametrize("junk", ["99999999999999999999999", "-1", "x", "1.5"])
def test_open_vote_with_an_impossible_effort_id_is_refused_on_the_page(
    client, year, efforts, jury, junk
):
    to_scoring(year, jury["chair"])
    phases.close_scoring(prize_year=fresh(year), by=jury["chair"])
    log_in_verified(client, jury["chair"])
    response = client.post(
        reverse("jury:chair", args=[year.year]), {"step": "open_vote", "efforts": junk}
    )
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert fresh(year).jury_phase == JuryPhase.DELIBERATION


# Finding 10: publishing in order.


@pytest.mark.pdf
def test_announce_refused_before_the_decision_is_justerad(decided, year, jury):
    with pytest.raises(phases.PhaseError, match="justerat"):
        phases.announce_winner(prize_year=fresh(year), by=make_administrator())
    assert fresh(year).announced_at is None


def justera(decision, jury):
    justering.name_justerare(decision=decision, justerare=jury["anna"], by=jury["chair"])
    justering.mark_checked(decision=decision, membership=membership_of(jury["chair"]))
    return justering.mark_checked(decision=decision, membership=membership_of(jury["anna"]))


@pytest.mark.pdf
def test_announce_before_the_conference_needs_a_reason(decided, year, jury):
    justera(decided, jury)
    PrizeYear.objects.filter(pk=year.pk).update(
        conference_date=timezone.localdate() + timedelta(days=30)
    )
    with pytest.raises(phases.PhaseError, match="skäl|reason"):
        phases.announce_winner(prize_year=fresh(year), by=make_administrator())
    assert fresh(year).announced_at is None


@pytest.mark.pdf
def test_announce_before_the_conference_records_the_reason(decided, year, jury):
    justera(decided, jury)
    PrizeYear.objects.filter(pk=year.pk).update(
        conference_date=timezone.localdate() + timedelta(days=30)
    )
    phases.announce_winner(
        prize_year=fresh(year), by=make_administrator(), reason="Konferensen är inställd."
    )
    assert fresh(year).announcement_reason == "Konferensen är inställd."
    assert (
        "Konferensen är inställd." in AuditEntry.objects.get(action=AuditAction.ANNOUNCED).summary
    )


# Finding 11: audit and notices.


def test_vote_writes_an_audit_entry_naming_the_effort(year, efforts, jury):
    a = efforts["Nattvandring"]
    to_vote(year, jury["chair"], [a])
    vote(jury["anna"], a)
    entry = AuditEntry.objects.get(action=AuditAction.VOTE_CAST)
    assert (entry.actor, entry.summary) == (
        jury["anna"],
        "Anna Jurysson röstade på ”Nattvandring”.",
    )


@pytest.mark.pdf
def test_reservation_undoing_a_justering_is_an_entry_of_its_own_in_swedish(decided, jury):
    justering.name_justerare(decision=decided, justerare=jury["anna"], by=jury["chair"])
    justering.mark_checked(decision=decided, membership=membership_of(jury["chair"]))
    justering.enter_reservation(
        decision=decided, membership=membership_of(jury["bo"]), text="Jag reserverar mig."
    )
    entry = AuditEntry.objects.get(action=AuditAction.CHECKS_UNDONE)
    assert entry.summary.startswith("Justeringen av beslutet")
    assert entry.changes == {}


@pytest.mark.pdf
def test_reservation_undoing_a_justering_tells_the_one_who_checked(decided, jury):
    justering.name_justerare(decision=decided, justerare=jury["anna"], by=jury["chair"])
    justering.mark_checked(decision=decided, membership=membership_of(jury["chair"]))
    justering.enter_reservation(
        decision=decided, membership=membership_of(jury["bo"]), text="Jag reserverar mig."
    )
    notices = OutgoingMail.objects.filter(kind=MailKind.JURY_NOTICE, subject__contains="igen")
    assert [m.recipients for m in notices] == [[jury["chair"].email]]


def test_opening_scoring_and_the_vote_notifies_the_jurors(year, efforts, jury):
    to_vote(year, jury["chair"], [efforts["Nattvandring"]])
    notices = OutgoingMail.objects.filter(kind=MailKind.JURY_NOTICE)
    assert notices.count() == 6
    assert sorted(r for m in notices for r in m.recipients) == sorted(
        [u.email for u in jury.values()] * 2
    )


@pytest.mark.pdf
def test_naming_the_justerare_notifies_them(decided, jury):
    justering.name_justerare(decision=decided, justerare=jury["anna"], by=jury["chair"])
    notice = OutgoingMail.objects.get(kind=MailKind.JURY_NOTICE, subject__contains="justerare")
    assert notice.recipients == [jury["anna"].email]


# The property: whatever happens, the count and the record agree and nothing is deleted.


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("rule", [ConflictRule.MATTER, ConflictRule.EFFORT])
def test_count_ranking_shortlist_and_decision_agree(year, efforts, chair, seed, rule):
    rng = random.Random(seed)
    year.conflict_rule = rule
    year.vote_deadline = timezone.localdate() + timedelta(days=1)
    year.save()
    admin = make_administrator()
    members = [chair] + [make_juror(year, f"j{n}") for n in range(rng.randint(1, 8))]
    names = list(efforts.values())
    to_scoring(year, chair)
    for user in members:
        for effort in names:
            if rng.random() < 0.8:
                try:
                    score(user, effort, rng.randint(1, 5))
                except JuryError:
                    pass
    for user in members[1:]:
        roll = rng.random()
        if roll < 0.25:
            declaration = declare(user, rng.choice(names))
            if rng.random() < 0.3:
                conflicts.withdraw_conflict(membership=membership_of(user), declaration=declaration)
        elif roll < 0.35:
            appointments.end_appointment(membership=membership_of(user), by=admin)
            if rng.random() < 0.5:
                appointments.appoint(
                    prize_year=fresh(year),
                    user=make_juror_user_n(seed, user),
                    role="member",
                    by=admin,
                    replaces=membership_of(user),
                )
    scores_before = Score.objects.count()
    ranked = scoring.ranking(prize_year=fresh(year))
    count = participation(prize_year=fresh(year))
    counted_scores = sum(
        1
        for s in Score.objects.filter(effort__prize_year=year)
        if count.counted_score(user_id=s.juror_id, effort_id=s.effort_id)
    )
    assert sum(row.score_count for row in ranked) == counted_scores
    to_vote(year, chair, [r.effort for r in ranked[:2]])
    for juror in participation(prize_year=fresh(year)).jurors:
        if juror.in_office and rng.random() < 0.85:
            try:
                vote(juror.membership.user, rng.choice(list(voting.shortlist(prize_year=year))))
            except JuryError:
                assert not juror.takes_part
    # Late: a declaration after voting makes the vote stay, not counted.
    late = [u for u in members[1:] if Vote.objects.filter(juror=u).exists()]
    if late and rng.random() < 0.5:
        try:
            declare(late[0], rng.choice(names))
        except JuryError:
            pass
    votes_before = Vote.objects.count()
    PrizeYear.objects.filter(pk=year.pk).update(
        vote_deadline=timezone.localdate() - timedelta(days=1)
    )
    count = participation(prize_year=fresh(year))
    outcome = decision_outcome(
        prize_year=fresh(year), by=chair, casting_vote=(count.leaders() or [None])[0]
    )
    assert sum(v for _e, v in outcome.tally) == sum(1 for j in count.taking_part if j.vote)
    if not outcome.blockers:
        decision = decide(year, chair, casting_vote=(count.leaders() or [None])[0])
        html = render_to_string(
            justering.TEMPLATE, justering.decision_context(decision, draft=True)
        )
        listed = html.split("deltog i beslutet:")[1].split("</ul>")[0]
        took_part = {item.split(",")[0] for item in listed.split("<li>")[1:]}
        assert took_part == {juror.name for juror in count.taking_part}
        for juror in count.uncounted_votes:
            assert f"{juror.name} röstade på {juror.vote.effort.name}. Rösten räknades inte" in html
        assert decision.tally == {str(e.pk): v for e, v in count.tally()}
    assert (Score.objects.count(), Vote.objects.count()) == (scores_before, votes_before)


def make_juror_user_n(seed, replaced):
    from tests.factories import make_user

    return make_user(f"ers{seed}{replaced.pk}", first_name="Ersättare", last_name=str(replaced.pk))


def test_refused_ruling_vote_is_summarised_at_the_top_with_a_link_to_the_field(
    client, year, efforts, jury
):
    to_scoring(year, jury["chair"])
    question = question_about(year, jury, "bo", efforts["Nattvandring"])
    log_in_verified(client, jury["anna"])
    html = client.post(
        reverse("jury:conflicts", args=[year.year]),
        {"form": f"vote-{question.pk}", f"vote-{question.pk}-reasons": "kort"},
    ).content.decode()
    summary = html.split('id="error-summary-heading"')[1].split("</div>")[0]
    assert f'href="#id_vote-{question.pk}-outcome_0"' in summary
    assert f'href="#id_vote-{question.pk}-reasons"' in summary
    assert html.index("error-summary-heading") < html.index("Anmälningar")
    assert not RulingVote.objects.exists()
