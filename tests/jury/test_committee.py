import io
import json
from datetime import timedelta
from hashlib import sha256

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jury import committee
from jury.committee import record_committee_decision
from jury.errors import CommitteeError
from jury.justering import decision_document
from jury.models import (
    CommitteeDecision,
    CommitteeWinner,
    Decision,
    HonourableMention,
    SharedWinner,
)
from jury.phases import PhaseError, announce_winner
from nominations import open_data, winners
from nominations.models import AuditAction, AuditEntry, PrizeCategory, PrizeYear
from tests.factories import (
    kulturpriset,
    log_in_verified,
    make_committee_decision,
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_prize_year,
    make_user,
    mark_decision_checked,
)
from tests.pdfa import assert_archival

CHANGELIST = reverse("admin:nominations_prizeyear_changelist")


@pytest.fixture
def culture_year(db):
    """A year of a prize where the jury proposes and Kulturnämnden decides."""
    return make_prize_year(prize=kulturpriset(), year=2030, case_number="KUN 2030/0100")


@pytest.fixture
def proposed(culture_year):
    return make_eligible_nomination(culture_year, effort_name="Sommarscen").effort


@pytest.fixture
def other(culture_year):
    return make_eligible_nomination(culture_year, effort_name="Läsfrämjandet").effort


@pytest.fixture
def third(culture_year):
    return make_eligible_nomination(culture_year, effort_name="Bokbussen").effort


REASON = "Ingen av insatserna nådde den konstnärliga nivå som priset kräver."
COMMITTEE_REASON = "Nämnden vill först se över prisets inriktning."


def _shared_proposal(prize_year, first, second):
    """The jury's proposal that two share the prize, justerad, in a year that allows two."""
    prize_year.max_winners = 2  # make_decision saves the year
    decision = make_decision(prize_year, votes={}, winner=first)
    SharedWinner.objects.create(decision=decision, effort=second, position=2)
    return mark_decision_checked(prize_year)


def _not_awarded_proposal(prize_year, effort):
    """The jury's proposal not to award the prize, with its reason, justerad."""
    make_decision(
        prize_year,
        votes={},
        winner=effort,
        effort=None,
        motivation="",
        not_awarded_reason=REASON,
    )
    return mark_decision_checked(prize_year)


def _checked(prize_year, effort):
    """The year decided (yesterday) and its decision justerad, with a stand-in PDF."""
    make_decision(prize_year, votes={}, winner=effort)
    return mark_decision_checked(prize_year)


@pytest.fixture
def proposal(culture_year, proposed, other):
    """The jury's proposal, justerad and stored, made yesterday."""
    return _checked(culture_year, proposed)


def _record(prize_year, by, **overrides):
    values = {
        "body": "Kulturnämnden",
        "decided_on": timezone.localdate(),
        "paragraph": "§ 7",
        "case_number": "KUN 2030/0456",
        "followed_proposal": True,
        "winners": (),
        "not_awarded_reason": "",
        "motivation": "",
    }
    values.update(overrides)
    return record_committee_decision(prize_year=prize_year, by=by, **values)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _run_action(client, user, prize_year, **extra):
    log_in_verified(client, user)
    return client.post(
        CHANGELIST,
        {"action": "record_committee_decision", "_selected_action": [prize_year.pk], **extra},
    )


def _form(decided_on=None, **overrides) -> dict:
    return {
        "confirm": "yes",
        "body": "Kulturnämnden",
        "decided_on": (decided_on or timezone.localdate()).isoformat(),
        "paragraph": "§ 7",
        "case_number": "KUN 2030/0456",
        "followed_proposal": "followed",
        "winners": [],
        "not_awarded_reason": "",
        "motivation": "",
        **overrides,
    }


# Recording the committee's decision


@pytest.mark.pdf
def test_record_following_the_proposal_makes_the_proposed_effort_the_winner(
    culture_year, proposal, proposed, administrator
):
    decision = _record(culture_year, administrator)
    assert (decision.effort, decision.followed_proposal) == (proposed, True)
    assert decision.document_sha256 == sha256(bytes(decision.document)).hexdigest()
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISION)
    assert entry.summary.startswith(
        "Kulturnämnden beslutade den " + timezone.localdate().strftime("%-d ")
    )
    assert "enligt juryns förslag att ”Sommarscen” vinner 2030" in entry.summary


@pytest.mark.pdf
def test_record_choosing_another_effort_keeps_the_committees_motivation(
    culture_year, proposal, other, administrator
):
    _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winners=[other],
        motivation="Läsfrämjandet når fler barn.",
    )
    decision = CommitteeDecision.objects.get(prize_year=culture_year)
    assert (decision.effort, decision.motivation) == (other, "Läsfrämjandet når fler barn.")
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISION)
    assert "Nämnden följde inte juryns förslag att ”Sommarscen” vinner 2030" in entry.summary


@pytest.mark.pdf
def test_committee_document_says_who_decided_on_which_proposal(
    culture_year, proposal, other, administrator
):
    _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winners=[other],
        motivation="Läsfrämjandet når fler barn.",
    )
    content = committee.committee_document(prize_year=culture_year)
    assert_archival(content)
    text = _pdf_text(content)
    assert "Kulturnämnden: beslut om vinnare av Kulturpriset 2030" in text
    assert "Juryn för Kulturpriset föreslog" in text
    assert "Kulturnämnden följde inte juryns förslag" in text
    assert proposal.document_sha256 in text.replace(" ", "")
    assert "KUN 2030/0456" in text


@pytest.mark.pdf
def test_record_following_a_shared_proposal_makes_every_proposed_effort_a_winner(
    culture_year, proposed, other, administrator
):
    _shared_proposal(culture_year, proposed, other)
    decision = _record(culture_year, administrator)
    assert (decision.winners, decision.followed_proposal) == ([proposed, other], True)
    assert CommitteeWinner.objects.get().effort == other


@pytest.mark.pdf
def test_record_following_a_shared_proposal_is_audited_with_every_winner(
    culture_year, proposed, other, administrator
):
    _shared_proposal(culture_year, proposed, other)
    _record(culture_year, administrator)
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISION)
    assert (
        "enligt juryns förslag att ”Sommarscen” och ”Läsfrämjandet” delar på priset för 2030"
        in entry.summary
    )


@pytest.mark.pdf
def test_record_following_a_not_awarded_proposal_keeps_its_reason(
    culture_year, proposed, administrator
):
    _not_awarded_proposal(culture_year, proposed)
    decision = _record(culture_year, administrator)
    assert (decision.effort, decision.not_awarded_reason) == (None, REASON)
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISION)
    assert f"enligt juryns förslag att inte dela ut priset för 2030, med skälet ”{REASON}”" in (
        entry.summary
    )


@pytest.mark.pdf
def test_record_not_following_with_two_winners_shares_the_prize(
    culture_year, proposed, other, third, administrator
):
    culture_year.max_winners = 2
    _checked(culture_year, proposed)
    decision = _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winners=[other, third],
        motivation="Två insatser når fler barn än en.",
    )
    assert (decision.winners, decision.followed_proposal) == ([other, third], False)
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISION)
    assert (
        "att ”Läsfrämjandet” och ”Bokbussen” delar på priset för 2030. Nämnden följde inte "
        "juryns förslag att ”Sommarscen” vinner 2030." in entry.summary
    )


@pytest.mark.pdf
def test_record_deciding_not_to_award_keeps_the_committees_reason(
    culture_year, proposal, administrator
):
    decision = _record(
        culture_year,
        administrator,
        followed_proposal=False,
        not_awarded_reason=COMMITTEE_REASON,
        motivation="Juryns förslag bygger på en inriktning som nämnden vill ändra.",
    )
    assert (decision.awarded, decision.not_awarded_reason) == (False, COMMITTEE_REASON)
    assert not CommitteeWinner.objects.exists()


@pytest.mark.pdf
def test_record_deciding_to_award_what_the_jury_proposed_not_to_award(
    culture_year, proposed, other, administrator
):
    _not_awarded_proposal(culture_year, proposed)
    decision = _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winners=[other],
        motivation="Läsfrämjandet håller den nivå priset kräver.",
    )
    assert (decision.winners, decision.not_awarded_reason) == ([other], "")


def test_record_refused_with_more_winners_than_the_year_allows(
    culture_year, proposal, other, third, administrator
):
    with pytest.raises(CommitteeError, match="Priset för 2030 har bara en vinnare"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            winners=[other, third],
            motivation="Två når fler.",
        )
    assert not CommitteeDecision.objects.exists()
    assert not CommitteeWinner.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.COMMITTEE_DECISION).exists()


def test_record_refused_with_both_winners_and_a_reason_not_to_award(
    culture_year, proposal, other, administrator
):
    with pytest.raises(CommitteeError, match="antingen vinnarna som nämnden valde"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            winners=[other],
            not_awarded_reason=COMMITTEE_REASON,
            motivation="M.",
        )
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_awarding_when_the_jury_proposed_so_too(
    culture_year, proposed, administrator
):
    _not_awarded_proposal(culture_year, proposed)
    with pytest.raises(CommitteeError, match="Juryn föreslog också att priset inte ska delas ut"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            not_awarded_reason=COMMITTEE_REASON,
            motivation="M.",
        )
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_following_but_naming_the_proposed_shared_winners(
    culture_year, proposed, other, administrator
):
    _shared_proposal(culture_year, proposed, other)
    with pytest.raises(CommitteeError, match="Juryn föreslog samma vinnare"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            winners=[other, proposed],
            motivation="M.",
        )
    assert not CommitteeDecision.objects.exists()


def test_record_refused_following_but_naming_other_winners(
    culture_year, proposal, other, administrator
):
    with pytest.raises(CommitteeError, match="Nämnden följde förslaget, så utfallet är juryns"):
        _record(culture_year, administrator, winners=[other])
    assert not CommitteeDecision.objects.exists()


def test_record_refused_deciding_not_to_award_without_a_motivation(
    culture_year, proposal, administrator
):
    with pytest.raises(CommitteeError, match="Skriv nämndens motivering"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            not_awarded_reason=COMMITTEE_REASON,
        )
    assert not CommitteeDecision.objects.exists()


# The outcome of record


def test_winner_of_record_is_none_until_the_committee_has_decided(culture_year, proposal):
    assert committee.winner_of_record(prize_year=culture_year) is None


def test_winner_of_record_is_every_winner_the_committee_named(culture_year, proposal, other, third):
    make_committee_decision(culture_year, winners=[other, third])
    outcome = committee.winner_of_record(prize_year=culture_year)
    assert (outcome.winners, outcome.winner_names) == (
        [other, third],
        "Läsfrämjandet och Bokbussen",
    )


def test_winner_of_record_is_not_awarded_with_the_committees_reason(culture_year, proposal):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    outcome = committee.winner_of_record(prize_year=culture_year)
    assert (outcome.awarded, outcome.not_awarded_reason) == (False, COMMITTEE_REASON)


def test_winner_of_record_where_the_jury_decides_is_every_winner_it_named(prize_year):
    first = make_eligible_nomination(prize_year, effort_name="Nattvandring").effort
    second = make_eligible_nomination(prize_year, effort_name="Läxhjälp").effort
    _shared_proposal(prize_year, first, second)
    assert committee.winner_of_record(prize_year=prize_year).winners == [first, second]


# The committee's document in each case


def _document_text(prize_year) -> str:
    content = committee.committee_document(prize_year=prize_year)
    assert_archival(content)
    return _pdf_text(content)


@pytest.mark.pdf
def test_committee_document_of_a_followed_shared_proposal_names_every_winner(
    culture_year, proposed, other, administrator
):
    _shared_proposal(culture_year, proposed, other)
    _record(culture_year, administrator)
    text = _document_text(culture_year)
    assert "att Sommarscen och Läsfrämjandet skulle dela på Kulturpriset 2030" in text
    assert (
        "Kulturnämnden beslutade enligt juryns förslag. Sommarscen och Läsfrämjandet delar på "
        "Kulturpriset 2030." in text
    )


@pytest.mark.pdf
def test_committee_document_of_a_followed_not_awarded_proposal_gives_the_reason(
    culture_year, proposed, administrator
):
    _not_awarded_proposal(culture_year, proposed)
    _record(culture_year, administrator)
    text = _document_text(culture_year)
    assert "att Kulturpriset inte skulle delas ut 2030" in text
    assert REASON in text
    assert "Kulturnämnden beslutade enligt juryns förslag. Kulturpriset delas inte ut 2030" in text


@pytest.mark.pdf
def test_committee_document_not_following_says_what_was_proposed_and_what_was_decided(
    culture_year, proposed, other, third, administrator
):
    culture_year.max_winners = 2
    _checked(culture_year, proposed)
    _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winners=[other, third],
        motivation="Två insatser når fler barn än en.",
    )
    text = _document_text(culture_year)
    assert "att Sommarscen skulle bli vinnare av Kulturpriset 2030" in text
    assert (
        "Kulturnämnden följde inte juryns förslag. Kulturnämnden beslutade att Läsfrämjandet och "
        "Bokbussen delar på Kulturpriset 2030." in text
    )
    assert "Nämndens motivering Två insatser når fler barn än en." in text


@pytest.mark.pdf
def test_committee_document_deciding_not_to_award_gives_the_committees_reason(
    culture_year, proposal, administrator
):
    _record(
        culture_year,
        administrator,
        followed_proposal=False,
        not_awarded_reason=COMMITTEE_REASON,
        motivation="Juryns förslag bygger på en inriktning som nämnden vill ändra.",
    )
    text = _document_text(culture_year)
    assert "beslutade att Kulturpriset inte delas ut 2030." in text
    assert f"Nämndens skäl att inte dela ut priset {COMMITTEE_REASON}" in text


@pytest.mark.pdf
def test_committee_document_keeps_the_jurys_mentions_but_for_a_winner(
    culture_year, proposal, other, third, administrator
):
    for effort in (other, third):
        HonourableMention.objects.create(
            decision=proposal, effort=effort, motivation="Når många barn i hela staden."
        )
    _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winners=[other],
        motivation="Läsfrämjandet når fler barn.",
    )
    text = _document_text(culture_year)
    assert "Juryns hedersomnämnanden står kvar som juryn beslutade dem." in text
    assert (
        text.split("Hedersomnämnanden")[1].split("Om den här handlingen")[0].count("Läsfrämjandet")
        == 0
    )
    assert "Bokbussen" in text


def test_record_refused_before_the_proposal_is_justerad(
    culture_year, proposed, other, administrator
):
    make_decision(culture_year, votes={}, winner=proposed)
    with pytest.raises(CommitteeError, match="inte justerat"):
        _record(culture_year, administrator)
    assert not CommitteeDecision.objects.exists()


def test_record_refused_without_a_proposal(culture_year, administrator):
    with pytest.raises(CommitteeError, match="inte lämnat sitt förslag"):
        _record(culture_year, administrator)


def test_record_refused_when_already_recorded(culture_year, proposal, administrator):
    make_committee_decision(culture_year)
    with pytest.raises(CommitteeError, match="redan registrerat"):
        _record(culture_year, administrator)
    assert CommitteeDecision.objects.count() == 1


def test_record_refused_in_a_closed_year(culture_year, proposal, administrator):
    # Written directly: the closing path (jury/closing.py) needs the committee's decision
    # first, so this is the guard should a year be closed another way.
    PrizeYear.objects.filter(pk=culture_year.pk).update(
        announced_at=timezone.now(), closed_at=timezone.now()
    )
    with pytest.raises(CommitteeError, match="avslutat"):
        _record(culture_year, administrator)
    assert not CommitteeDecision.objects.exists()


def test_record_refused_where_the_jury_decides(prize_year, administrator):
    effort = make_eligible_nomination(prize_year, effort_name="Nattvandring").effort
    _checked(prize_year, effort)
    with pytest.raises(CommitteeError, match="Juryn beslutar själv om Trygghetspriset"):
        _record(prize_year, administrator)
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_following_without_a_winner(culture_year, proposal, administrator):
    with pytest.raises(CommitteeError, match="Välj de vinnare som nämnden valde"):
        _record(culture_year, administrator, followed_proposal=False, motivation="Annan.")
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_following_without_a_motivation(
    culture_year, proposal, other, administrator
):
    with pytest.raises(CommitteeError, match="motivering"):
        _record(culture_year, administrator, followed_proposal=False, winners=[other])
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_following_but_naming_the_proposed_effort(
    culture_year, proposal, proposed, administrator
):
    with pytest.raises(CommitteeError, match="är den insats som juryn föreslog"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            winners=[proposed],
            motivation="M.",
        )


def test_record_refused_for_an_effort_of_another_year(culture_year, proposal, administrator):
    elsewhere = make_prize_year(prize=kulturpriset(), year=2029, opens_at=None, closes_at=None)
    stranger = make_eligible_nomination(elsewhere, effort_name="Främling").effort
    with pytest.raises(CommitteeError, match="bland årets godkända insatser"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            winners=[stranger],
            motivation="M.",
        )


def test_record_refused_when_dated_before_the_proposal(culture_year, proposal, administrator):
    with pytest.raises(CommitteeError, match="mellan juryns förslag"):
        _record(culture_year, administrator, decided_on=timezone.localdate() - timedelta(days=5))
    assert not CommitteeDecision.objects.exists()


# Nothing is published before the committee's decision


def test_announcement_refused_until_the_committee_has_decided(
    culture_year, proposal, administrator
):
    with pytest.raises(PhaseError, match="Kulturnämnden har inte beslutat"):
        announce_winner(prize_year=culture_year, by=administrator)
    culture_year.refresh_from_db()
    assert culture_year.announced_at is None


def test_announcement_publishes_the_committees_winner(culture_year, proposal, other, administrator):
    make_committee_decision(culture_year, effort=other)
    announce_winner(prize_year=culture_year, by=administrator)
    entry = AuditEntry.objects.get(action=AuditAction.ANNOUNCED)
    assert "”Läsfrämjandet”" in entry.summary
    assert PrizeYear.objects.get(pk=culture_year.pk).public_winner == "Läsfrämjandet"


def test_announcement_where_the_jury_decides_needs_no_committee(prize_year, administrator):
    effort = make_eligible_nomination(prize_year, effort_name="Nattvandring").effort
    _checked(prize_year, effort)
    announce_winner(prize_year=prize_year, by=administrator)
    assert PrizeYear.objects.get(pk=prize_year.pk).public_winner == "Nattvandring"


def _announced(prize_year):
    PrizeYear.objects.filter(pk=prize_year.pk).update(announced_at=timezone.now())


def test_public_winner_is_the_committees_choice_with_its_motivation(culture_year, proposal, other):
    make_committee_decision(culture_year, effort=other)
    _announced(culture_year)
    winner = winners.public_winner(prize=kulturpriset(), year=2030)
    assert (winner.name, winner.motivation) == (
        "Läsfrämjandet",
        "Nämnden valde en insats som når fler.",
    )
    assert (winner.committee.body, winner.committee.proposed) == ("Kulturnämnden", "Sommarscen")


def test_open_data_gives_the_committees_decision_of_record(culture_year, proposal, other):
    make_committee_decision(culture_year, effort=other, decided_on=timezone.localdate())
    _announced(culture_year)
    data = open_data.data_set(prize=kulturpriset())
    record = json.loads(open_data.as_json(data=data))["winners"][0]
    assert (record["winner"], record["decision"]) == (
        "Läsfrämjandet",
        {"case_number": "KUN 2030/0456", "decided_on": timezone.localdate().isoformat()},
    )


def test_winner_page_says_the_committee_decided_on_the_proposal(
    client, culture_year, proposal, other
):
    make_committee_decision(culture_year, effort=other)
    _announced(culture_year)
    page = client.get(reverse("nominations:winner", args=["kulturpriset", 2030])).content.decode()
    assert "Juryn föreslog ”Sommarscen”" in page
    assert "Kulturnämnden beslutade den" in page
    assert "att ”Läsfrämjandet” vinner i stället" in page
    assert "Nämndens motivering" in page


def test_winner_page_where_the_jury_decides_says_the_jury_decided(client, prize_year):
    effort = make_eligible_nomination(prize_year, effort_name="Nattvandring").effort
    _checked(prize_year, effort)
    _announced(prize_year)
    page = client.get(
        reverse("nominations:winner", args=["trygghetspriset", prize_year.year])
    ).content.decode()
    assert "Juryn beslutade den" in page
    assert "föreslog" not in page


def test_history_names_the_deciding_committee(client, culture_year, proposal):
    make_committee_decision(culture_year)
    _announced(culture_year)
    page = client.get(reverse("nominations:history", args=["kulturpriset"])).content.decode()
    assert "(beslutat av Kulturnämnden på juryns förslag)" in page


def test_announcement_of_a_committee_not_awarding_says_not_awarded(
    culture_year, proposal, administrator
):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    announce_winner(prize_year=culture_year, by=administrator)
    entry = AuditEntry.objects.get(action=AuditAction.ANNOUNCED)
    assert entry.summary == "Offentliggjorde att priset för 2030 inte delas ut."


def test_public_winner_of_a_committee_sharing_the_prize_names_every_winner(
    culture_year, proposal, other, third
):
    make_committee_decision(culture_year, winners=[other, third])
    _announced(culture_year)
    winner = winners.public_winner(prize=kulturpriset(), year=2030)
    assert (winner.name, winner.shared) == ("Läsfrämjandet och Bokbussen", True)


def test_public_winner_of_a_committee_awarding_what_the_jury_did_not(culture_year, proposed, other):
    _not_awarded_proposal(culture_year, proposed)
    make_committee_decision(culture_year, effort=other)
    _announced(culture_year)
    winner = winners.public_winner(prize=kulturpriset(), year=2030)
    assert (winner.name, winner.committee.proposed) == ("Läsfrämjandet", "")


def test_public_winner_is_none_where_the_committee_did_not_award(culture_year, proposal):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    _announced(culture_year)
    assert winners.public_winner(prize=kulturpriset(), year=2030) is None


def test_open_data_gives_a_year_the_committee_did_not_award_with_its_reason(culture_year, proposal):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    _announced(culture_year)
    data = json.loads(open_data.as_json(data=open_data.data_set(prize=kulturpriset())))
    assert data["winners"] == []
    assert [(r["year"], r["reason"]) for r in data["not_awarded"]] == [(2030, COMMITTEE_REASON)]


def test_public_mentions_leave_out_an_effort_the_committee_made_a_winner(
    culture_year, proposal, other, third
):
    for effort in (other, third):
        HonourableMention.objects.create(decision=proposal, effort=effort, motivation="Når fler.")
    make_committee_decision(culture_year, effort=other)
    _announced(culture_year)
    winner = winners.public_winner(prize=kulturpriset(), year=2030)
    assert [mention.name for mention in winner.mentions] == ["Bokbussen"]


def test_winner_page_of_a_committee_sharing_the_prize_names_both(
    client, culture_year, proposal, other, third
):
    make_committee_decision(culture_year, winners=[other, third])
    _announced(culture_year)
    page = client.get(reverse("nominations:winner", args=["kulturpriset", 2030])).content.decode()
    assert "Juryn föreslog ”Sommarscen”" in page
    assert "att Läsfrämjandet och Bokbussen delar på priset i stället." in page


def test_winner_page_of_a_followed_shared_proposal_says_the_jury_proposed_both(
    client, culture_year, proposed, other
):
    _shared_proposal(culture_year, proposed, other)
    make_committee_decision(culture_year)
    _announced(culture_year)
    page = client.get(reverse("nominations:winner", args=["kulturpriset", 2030])).content.decode()
    assert "att Sommarscen och Läsfrämjandet skulle dela på priset." in page
    assert "Kulturnämnden beslutade enligt förslaget den" in page


def test_winner_page_of_a_committee_awarding_a_not_awarded_proposal(
    client, culture_year, proposed, other
):
    _not_awarded_proposal(culture_year, proposed)
    make_committee_decision(culture_year, effort=other)
    _announced(culture_year)
    page = client.get(reverse("nominations:winner", args=["kulturpriset", 2030])).content.decode()
    assert "att priset inte skulle delas ut." in page
    assert "att ”Läsfrämjandet” vinner i stället" in page


def test_history_says_the_committee_did_not_award_with_its_reason(client, culture_year, proposal):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    _announced(culture_year)
    page = client.get(reverse("nominations:history", args=["kulturpriset"])).content.decode()
    assert f'Inte utdelat 2030: <span lang="sv">{COMMITTEE_REASON}</span>' in page
    assert "(beslutat av Kulturnämnden, juryn föreslog ”Sommarscen”)" in page


def test_history_of_a_followed_not_awarded_proposal_gives_the_jurys_reason(
    client, culture_year, proposed
):
    _not_awarded_proposal(culture_year, proposed)
    make_committee_decision(culture_year)
    _announced(culture_year)
    page = client.get(reverse("nominations:history", args=["kulturpriset"])).content.decode()
    assert f'Inte utdelat 2030: <span lang="sv">{REASON}</span>' in page
    assert "(beslutat av Kulturnämnden på juryns förslag)" in page


def test_history_names_every_winner_the_committee_named(
    client, culture_year, proposal, other, third
):
    make_committee_decision(culture_year, winners=[other, third])
    _announced(culture_year)
    page = client.get(reverse("nominations:history", args=["kulturpriset"])).content.decode()
    assert ">Läsfrämjandet och Bokbussen</a>" in page


# The admin


@pytest.mark.pdf
def test_admin_records_the_committees_decision(
    client, administrator, culture_year, proposal, other
):
    _run_action(
        client,
        administrator,
        culture_year,
        **_form(followed_proposal="not_followed", winners=[other.pk], motivation="Når fler."),
    )
    decision = CommitteeDecision.objects.get(prize_year=culture_year)
    assert (decision.effort, decision.paragraph, decision.recorded_by) == (
        other,
        "§ 7",
        administrator,
    )


@pytest.mark.pdf
def test_admin_records_a_committee_sharing_the_prize(
    client, administrator, culture_year, proposed, other, third
):
    culture_year.max_winners = 2
    _checked(culture_year, proposed)
    _run_action(
        client,
        administrator,
        culture_year,
        **_form(
            followed_proposal="not_followed", winners=[other.pk, third.pk], motivation="Når fler."
        ),
    )
    decision = CommitteeDecision.objects.get(prize_year=culture_year)
    assert set(decision.winners) == {other, third}


@pytest.mark.pdf
def test_admin_records_a_committee_not_awarding(client, administrator, culture_year, proposal):
    _run_action(
        client,
        administrator,
        culture_year,
        **_form(
            followed_proposal="not_followed",
            not_awarded_reason=COMMITTEE_REASON,
            motivation="Nämnden vill ändra inriktningen.",
        ),
    )
    decision = CommitteeDecision.objects.get(prize_year=culture_year)
    assert (decision.effort, decision.not_awarded_reason) == (None, COMMITTEE_REASON)
    page = client.get(CHANGELIST).content.decode()
    assert "registrerat: priset delas inte ut. Det kan nu offentliggöras." in page


def test_admin_form_refuses_more_winners_than_the_year_allows(
    client, administrator, culture_year, proposed, other, third
):
    culture_year.max_winners = 2
    _checked(culture_year, proposed)
    fourth = make_eligible_nomination(culture_year, effort_name="Poesiverkstan").effort
    response = _run_action(
        client,
        administrator,
        culture_year,
        **_form(
            followed_proposal="not_followed",
            winners=[other.pk, third.pk, fourth.pk],
            motivation="Når fler.",
        ),
    )
    assert "Priset för 2030 kan delas av högst 2 vinnare. 3 är valda." in response.content.decode()
    assert not CommitteeDecision.objects.exists()


def test_admin_page_says_the_jury_proposed_a_shared_prize(
    client, administrator, culture_year, proposed, other
):
    _shared_proposal(culture_year, proposed, other)
    response = _run_action(client, administrator, culture_year)
    assert "att Sommarscen och Läsfrämjandet delar på priset." in response.content.decode()


def test_admin_page_gives_the_jurys_reason_not_to_award(
    client, administrator, culture_year, proposed
):
    _not_awarded_proposal(culture_year, proposed)
    page = _run_action(client, administrator, culture_year).content.decode()
    assert "att priset inte ska delas ut." in page
    assert REASON in page


def test_admin_announcement_page_of_a_committee_not_awarding_gives_its_reason(
    client, administrator, culture_year, proposal
):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    log_in_verified(client, administrator)
    response = client.post(
        CHANGELIST, {"action": "announce_winner", "_selected_action": [culture_year.pk]}
    )
    assert "inte delas ut i år, med skälet från Kulturnämnden" in response.content.decode()


def test_outsider_cannot_record_a_shared_prize(client, outsider, culture_year, proposed, other):
    culture_year.max_winners = 2
    _checked(culture_year, proposed)
    third = make_eligible_nomination(culture_year, effort_name="Bokbussen").effort
    _run_action(
        client,
        outsider,
        culture_year,
        **_form(
            followed_proposal="not_followed", winners=[other.pk, third.pk], motivation="Når fler."
        ),
    )
    assert not CommitteeDecision.objects.exists()


def test_admin_form_refuses_another_effort_without_motivation(
    client, administrator, culture_year, proposal, other
):
    response = _run_action(
        client,
        administrator,
        culture_year,
        **_form(followed_proposal="not_followed", winners=[other.pk]),
    )
    assert "Skriv nämndens motivering" in response.content.decode()
    assert not CommitteeDecision.objects.exists()


def test_admin_form_refuses_a_date_in_the_future(client, administrator, culture_year, proposal):
    response = _run_action(
        client, administrator, culture_year, **_form(timezone.localdate() + timedelta(days=1))
    )
    assert "kan inte vara senare än i dag" in response.content.decode()
    assert not CommitteeDecision.objects.exists()


def test_admin_page_says_why_before_the_proposal_is_justerad(
    client, administrator, culture_year, proposed
):
    make_decision(culture_year, votes={}, winner=proposed)
    response = _run_action(client, administrator, culture_year, **_form())
    assert "Juryns förslag är inte justerat" in response.content.decode()
    assert not CommitteeDecision.objects.exists()


def test_admin_announcement_page_says_the_committee_has_not_decided(
    client, administrator, culture_year, proposal
):
    log_in_verified(client, administrator)
    response = client.post(
        CHANGELIST, {"action": "announce_winner", "_selected_action": [culture_year.pk]}
    )
    assert "Kulturnämnden har inte beslutat om juryns förslag" in response.content.decode()


def test_outsider_cannot_record(client, outsider, culture_year, proposal):
    _run_action(client, outsider, culture_year, **_form())
    assert not CommitteeDecision.objects.exists()


def test_juror_cannot_record(client, culture_year, proposal):
    chair = make_juror(culture_year, "ordforande", role="chair")
    _run_action(client, chair, culture_year, **_form())
    assert not CommitteeDecision.objects.exists()


def test_staff_without_the_change_permission_cannot_record(client, culture_year, proposal):
    viewer = make_user("lasare", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_prizeyear"))
    _run_action(client, viewer, culture_year, **_form())
    assert not CommitteeDecision.objects.exists()


def test_admin_serves_the_stored_committee_document(client, administrator, culture_year, proposal):
    make_committee_decision(culture_year)
    log_in_verified(client, administrator)
    response = client.get(
        reverse("admin:nominations_prizeyear_committee_decision_pdf", args=[culture_year.pk])
    )
    assert b"".join(response) == b"%PDF-1.7 the committee's decision"


def test_outsider_cannot_download_the_committee_document(client, outsider, culture_year, proposal):
    make_committee_decision(culture_year)
    log_in_verified(client, outsider)
    response = client.get(
        reverse("admin:nominations_prizeyear_committee_decision_pdf", args=[culture_year.pk])
    )
    assert b"PDF" not in b"".join(response)


# The jury's pages and documents call it a proposal


def test_jury_decision_page_calls_it_the_jurys_proposal(client, culture_year, proposal):
    chair = make_juror(culture_year, "ordforande", role="chair")
    log_in_verified(client, chair)
    page = client.get(reverse("jury:decision", args=[culture_year])).content.decode()
    assert "Juryns förslag till Kulturnämnden om vinnare av Kulturpriset 2030" in page
    assert "Kulturnämnden har inte beslutat om förslaget än." in page


def test_jury_decision_page_says_the_committee_did_not_award(client, culture_year, proposal):
    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    chair = make_juror(culture_year, "ordforande", role="chair")
    log_in_verified(client, chair)
    page = client.get(reverse("jury:decision", args=[culture_year])).content.decode()
    assert "(§ 7, diarienummer KUN 2030/0456) att inte dela ut priset." in page
    assert COMMITTEE_REASON in page


def test_jury_decision_page_of_trygghetspriset_calls_it_the_decision(client, prize_year, chair):
    effort = make_eligible_nomination(prize_year, effort_name="Nattvandring").effort
    _checked(prize_year, effort)
    log_in_verified(client, chair)
    page = client.get(reverse("jury:decision", args=[prize_year.year])).content.decode()
    assert "Beslut om vinnare av Trygghetspriset" in page
    assert "Juryns förslag" not in page


def test_chair_preview_says_the_jury_proposes_and_the_committee_decides(
    client, culture_year, proposed
):
    from jury import voting
    from jury.models import JuryMembership
    from nominations.models import JuryPhase
    from tests.phases import bring_to_phase

    chair = make_juror(culture_year, "ordforande", role="chair")
    bring_to_phase(culture_year, JuryPhase.VOTING, shortlist=[proposed])
    voting.cast_vote(membership=JuryMembership.objects.get(user=chair), effort=proposed)
    log_in_verified(client, chair)
    html = client.post(
        reverse("jury:chair", args=[culture_year]),
        {
            "step": "close_vote",
            "motivation": "Sommarscenen når hela staden med konst som alla kan ta del av.",
        },
    ).content.decode()
    assert "Juryn föreslår ”Sommarscen” som vinnare. Kulturnämnden beslutar." in html
    assert "Vinnaren blir" not in html
    assert not Decision.objects.exists()


@pytest.mark.pdf
def test_checking_by_both_says_the_proposal_is_stored(client, culture_year, proposed):
    from jury import justering
    from jury.models import JuryMembership

    chair = make_juror(culture_year, "ordforande", role="chair")
    juror = make_juror(culture_year, "justerare")
    decision = make_decision(
        culture_year, votes={chair: proposed, juror: proposed}, with_basis=True
    )
    justering.name_justerare(decision=decision, justerare=juror, by=chair)
    justering.mark_checked(decision=decision, membership=JuryMembership.objects.get(user=chair))
    log_in_verified(client, juror)
    response = client.post(
        reverse("jury:decision", args=[culture_year]), {"step": "check"}, follow=True
    )
    assert "Nu har båda justerat förslaget." in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).is_checked


@pytest.mark.pdf
def test_proposal_pdf_is_titled_the_jurys_proposal(culture_year, proposed):
    decision = make_decision(culture_year, votes={}, winner=proposed)
    text = _pdf_text(decision_document(decision=Decision.objects.get(pk=decision.pk)))
    assert "Juryns förslag om vinnare av Kulturpriset 2030" in text
    assert "Juryn föreslår att Kulturnämnden utser Sommarscen" in text
    assert "Beslut om vinnare" not in text


@pytest.mark.pdf
def test_proposal_pdf_of_a_shared_proposal_names_every_proposed_winner(
    culture_year, proposed, other
):
    culture_year.max_winners = 2
    decision = make_decision(culture_year, votes={}, winner=proposed)
    SharedWinner.objects.create(decision=decision, effort=other, position=2)
    text = _pdf_text(decision_document(decision=Decision.objects.get(pk=decision.pk)))
    assert "Juryn föreslår att Kulturnämnden utser Sommarscen och Läsfrämjandet att dela" in text


@pytest.mark.pdf
def test_proposal_pdf_of_a_not_awarded_proposal_says_so(culture_year, proposed):
    decision = make_decision(
        culture_year,
        votes={},
        winner=proposed,
        effort=None,
        motivation="",
        not_awarded_reason=REASON,
    )
    text = _pdf_text(decision_document(decision=Decision.objects.get(pk=decision.pk)))
    assert "Juryn föreslår att Kulturnämnden beslutar att inte dela ut Kulturpriset 2030" in text
    assert REASON in text


def test_chair_page_of_a_shared_proposal_names_every_proposed_winner(
    client, culture_year, proposed, other
):
    _shared_proposal(culture_year, proposed, other)
    chair = make_juror(culture_year, "ordforande", role="chair")
    log_in_verified(client, chair)
    html = client.get(reverse("jury:chair", args=[culture_year])).content.decode()
    assert "Juryn föreslår att Sommarscen och Läsfrämjandet delar priset." in html


def test_chair_page_of_a_not_awarded_proposal_says_the_jury_proposes_not_to_award(
    client, culture_year, proposed
):
    _not_awarded_proposal(culture_year, proposed)
    chair = make_juror(culture_year, "ordforande", role="chair")
    log_in_verified(client, chair)
    html = client.get(reverse("jury:chair", args=[culture_year])).content.decode()
    assert "Juryn föreslår att priset inte delas ut i år. Kulturnämnden beslutar." in html


# The archive package


def test_archive_keeps_the_committees_decision_beside_the_proposal(culture_year, proposal, other):
    from jury.archive.records import committee_records, decision_records

    make_committee_decision(culture_year, effort=other)
    (record,) = committee_records(culture_year)
    assert record.title == "Kulturnämnden: beslut om Kulturpriset 2030: Läsfrämjandet"
    assert record.files[0].content == b"%PDF-1.7 the committee's decision"
    assert decision_records(culture_year)[0].title.startswith("Juryns förslag om Kulturpriset")


def test_archive_titles_a_committee_not_awarding_and_gives_its_reason(culture_year, proposal):
    from jury.archive.records import committee_records

    make_committee_decision(culture_year, not_awarded_reason=COMMITTEE_REASON)
    (record,) = committee_records(culture_year)
    assert record.title == "Kulturnämnden: beslut om Kulturpriset 2030: inte utdelat"
    assert record.description.startswith(f"Skäl: {COMMITTEE_REASON}")


@pytest.fixture
def proposal_in_categories(culture_year, proposed, other):
    """The jury's justerad proposal of a winner in each of two categories: Sommarscen in
    music, Läsfrämjandet in literature."""
    # Written directly: the nominations of the fixtures have locked the year's categories.
    music = PrizeCategory.objects.create(prize_year=culture_year, name="Musik", position=1)
    literature = PrizeCategory.objects.create(
        prize_year=culture_year, name="Litteratur", position=2
    )
    proposed.category, other.category = music, literature
    for effort in (proposed, other):
        effort.save(update_fields=["category"])
    decision = make_decision(culture_year, votes={}, winner=proposed)
    SharedWinner.objects.create(decision=decision, effort=other, position=2)
    return mark_decision_checked(culture_year)


def test_committee_may_not_leave_a_category_without_a_winner(
    culture_year, proposed, proposal_in_categories, administrator
):
    with pytest.raises(CommitteeError, match="Litteratur"):
        _record(
            culture_year,
            administrator,
            followed_proposal=False,
            winners=[proposed],
            motivation="Nämnden ser bara en vinnare i år.",
        )
    assert not CommitteeDecision.objects.exists()


def test_public_winner_of_a_year_in_categories_is_not_called_shared(
    culture_year, proposal_in_categories
):
    make_committee_decision(culture_year)
    _announced(culture_year)
    winner = winners.public_winner(prize=kulturpriset(), year=2030)
    assert winner.shared is False
    assert winner.committee.proposed_shared is False
    assert [(name, [e.name for e in efforts]) for name, efforts in winner.by_category] == [
        ("Musik", ["Sommarscen"]),
        ("Litteratur", ["Läsfrämjandet"]),
    ]
