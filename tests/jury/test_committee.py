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
from jury.models import CommitteeDecision, Decision
from jury.phases import PhaseError, announce_winner
from nominations import open_data, winners
from nominations.models import AuditAction, AuditEntry, PrizeYear
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
        "winner": None,
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
        "winner": "",
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
        winner=other,
        motivation="Läsfrämjandet når fler barn.",
    )
    decision = CommitteeDecision.objects.get(prize_year=culture_year)
    assert (decision.effort, decision.motivation) == (other, "Läsfrämjandet når fler barn.")
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISION)
    assert "Nämnden följde inte juryns förslag ”Sommarscen”" in entry.summary


@pytest.mark.pdf
def test_committee_document_says_who_decided_on_which_proposal(
    culture_year, proposal, other, administrator
):
    _record(
        culture_year,
        administrator,
        followed_proposal=False,
        winner=other,
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
    with pytest.raises(CommitteeError, match="Välj den insats"):
        _record(culture_year, administrator, followed_proposal=False, motivation="Annan.")
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_following_without_a_motivation(
    culture_year, proposal, other, administrator
):
    with pytest.raises(CommitteeError, match="motivering"):
        _record(culture_year, administrator, followed_proposal=False, winner=other)
    assert not CommitteeDecision.objects.exists()


def test_record_refused_not_following_but_naming_the_proposed_effort(
    culture_year, proposal, proposed, administrator
):
    with pytest.raises(CommitteeError, match="är den insats som juryn föreslog"):
        _record(
            culture_year, administrator, followed_proposal=False, winner=proposed, motivation="M."
        )


def test_record_refused_for_an_effort_of_another_year(culture_year, proposal, administrator):
    elsewhere = make_prize_year(prize=kulturpriset(), year=2029, opens_at=None, closes_at=None)
    stranger = make_eligible_nomination(elsewhere, effort_name="Främling").effort
    with pytest.raises(CommitteeError, match="bland årets godkända insatser"):
        _record(
            culture_year, administrator, followed_proposal=False, winner=stranger, motivation="M."
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


# The admin


@pytest.mark.pdf
def test_admin_records_the_committees_decision(
    client, administrator, culture_year, proposal, other
):
    _run_action(
        client,
        administrator,
        culture_year,
        **_form(followed_proposal="not_followed", winner=other.pk, motivation="Når fler."),
    )
    decision = CommitteeDecision.objects.get(prize_year=culture_year)
    assert (decision.effort, decision.paragraph, decision.recorded_by) == (
        other,
        "§ 7",
        administrator,
    )


def test_admin_form_refuses_another_effort_without_motivation(
    client, administrator, culture_year, proposal, other
):
    response = _run_action(
        client,
        administrator,
        culture_year,
        **_form(followed_proposal="not_followed", winner=other.pk),
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


# The archive package


def test_archive_keeps_the_committees_decision_beside_the_proposal(culture_year, proposal, other):
    from jury.archive.records import committee_records, decision_records

    make_committee_decision(culture_year, effort=other)
    (record,) = committee_records(culture_year)
    assert record.title == "Kulturnämnden: beslut om Kulturpriset 2030: Läsfrämjandet"
    assert record.files[0].content == b"%PDF-1.7 the committee's decision"
    assert decision_records(culture_year)[0].title.startswith("Juryns förslag om Kulturpriset")
