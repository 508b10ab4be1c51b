import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from jury import conflicts
from jury.models import ConflictDeclaration, JuryMembership
from nominations.models import (
    AuditAction,
    AuditEntry,
    Effort,
    JuryPhase,
    Nomination,
    ScreeningStatus,
    ScreeningVerdict,
)
from nominations.screening import (
    ScreeningError,
    group_as_one_effort,
    screen_nomination,
    separate_nomination,
)
from tests.factories import (
    YEAR,
    log_in_verified,
    make_eligible_nomination,
    make_juror,
    make_nomination,
    make_prize_year,
    prize_with_rules,
    status_of,
)
from tests.phases import bring_to_phase

PASSED, FAILED = ScreeningStatus.PASSED, ScreeningStatus.FAILED
CHANGELIST = reverse("admin:nominations_nomination_changelist")


def member(user) -> JuryMembership:
    return JuryMembership.objects.get(user=user)


def screen(nomination, by, collaboration=PASSED, added_value=PASSED, **reasons):
    return screen_nomination(
        nomination=nomination,
        verdicts={
            "collaboration": (collaboration, reasons.get("collaboration_reason", "")),
            "added_value": (added_value, reasons.get("added_value_reason", "")),
        },
        by=by,
    )


def test_screening_passing_both_criteria_makes_nomination_eligible(prize_year, administrator):
    nomination = make_nomination(prize_year)
    screen(nomination, administrator)
    assert list(Nomination.objects.eligible()) == [nomination]
    assert list(Effort.objects.eligible()) == [nomination.effort]


def test_screening_passing_one_criterion_leaves_nomination_ineligible(prize_year, administrator):
    nomination = make_nomination(prize_year)
    screen(nomination, administrator, added_value=FAILED, added_value_reason="Ordinarie drift.")
    assert not Nomination.objects.eligible().exists()
    assert list(Nomination.objects.rejected()) == [nomination]
    assert not Effort.objects.eligible().exists()


def test_unscreened_nomination_is_not_eligible(prize_year):
    nomination = make_nomination(prize_year)
    assert list(Nomination.objects.unscreened()) == [nomination]
    assert not Effort.objects.eligible().exists()


def test_screening_failure_without_reason_refused(prize_year, administrator):
    nomination = make_nomination(prize_year)
    with pytest.raises(ScreeningError):
        screen(nomination, administrator, collaboration=FAILED)
    nomination.refresh_from_db()
    assert status_of(nomination, "collaboration") == ScreeningStatus.PENDING
    assert not AuditEntry.objects.exists()


def test_screening_failure_without_reason_refused_by_database(prize_year):
    nomination = make_nomination(prize_year)
    criterion = prize_year.criteria.get(key="collaboration")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningVerdict.objects.create(nomination=nomination, criterion=criterion, status=FAILED)


def test_screening_records_who_when_and_verdict(prize_year, administrator):
    nomination = make_nomination(prize_year)
    screen(nomination, administrator, collaboration=FAILED, collaboration_reason="En aktör.")
    nomination.refresh_from_db()
    assert nomination.screened_by == administrator
    assert nomination.screened_at is not None
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.SCREENED
    assert entry.actor == administrator
    assert nomination.reference in entry.summary
    assert entry.changes["reasons"]["collaboration"] == "En aktör."


def admin_screening_post(nomination, **overrides) -> dict:
    data = {
        "collaboration_status": PASSED,
        "collaboration_reason": "",
        "added_value_status": PASSED,
        "added_value_reason": "",
    }
    data.update(overrides)
    return data


def test_admin_screening_saves_statuses_and_audits(administrator_client, prize_year):
    nomination = make_nomination(prize_year)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    administrator_client.post(url, admin_screening_post(nomination))
    nomination.refresh_from_db()
    assert nomination.is_eligible
    assert AuditEntry.objects.get().action == AuditAction.SCREENED


def test_admin_screening_failure_without_reason_shows_error_and_saves_nothing(
    administrator_client, prize_year
):
    nomination = make_nomination(prize_year)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    response = administrator_client.post(
        url, admin_screening_post(nomination, added_value_status=FAILED)
    )
    nomination.refresh_from_db()
    assert status_of(nomination, "added_value") == ScreeningStatus.PENDING
    assert "Ange ett skäl" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_admin_nomination_content_cannot_be_changed(administrator_client, prize_year):
    nomination = make_nomination(prize_year, effort_name="Originalnamn")
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    administrator_client.post(url, admin_screening_post(nomination, effort_name="Ändrat"))
    nomination.refresh_from_db()
    assert nomination.effort_name == "Originalnamn"


def test_admin_filter_lists_only_eligible_nominations(administrator_client, prize_year):
    eligible = make_eligible_nomination(prize_year)
    make_nomination(prize_year)
    response = administrator_client.get(CHANGELIST, {"screening": "eligible"})
    assert list(response.context["cl"].result_list) == [eligible]


def test_admin_filter_by_district_and_year(administrator_client, prize_year):
    other_year = make_prize_year(year=2029, opens_at=None, closes_at=None)
    wanted = make_nomination(prize_year, district="farsta")
    make_nomination(prize_year, district="bromma")
    make_nomination(other_year, district="farsta")
    response = administrator_client.get(
        CHANGELIST, {"district": "farsta", "prize_year__id__exact": prize_year.pk}
    )
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_search_finds_nomination_by_organisation(administrator_client, prize_year):
    wanted = make_nomination(prize_year, organisations=["Fryshuset", "Polisen"])
    make_nomination(prize_year, organisations=["Skolan", "Polisen"])
    response = administrator_client.get(CHANGELIST, {"q": "fryshuset"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_grouping_puts_nominations_under_earliest_effort_and_removes_empty_ones(
    prize_year, administrator
):
    first = make_nomination(prize_year, effort_name="Nattvandring")
    second = make_nomination(prize_year, effort_name="Nattvandringen i centrum")
    effort = group_as_one_effort(nominations=[second, first], by=administrator)
    assert effort == first.effort
    assert set(effort.nominations.all()) == {first, second}
    assert Effort.objects.count() == 1
    assert AuditEntry.objects.get().action == AuditAction.GROUPED


def test_grouped_effort_is_eligible_if_one_nomination_is(prize_year, administrator):
    eligible = make_eligible_nomination(prize_year)
    other = make_nomination(prize_year)
    effort = group_as_one_effort(nominations=[eligible, other], by=administrator)
    assert list(Effort.objects.eligible()) == [effort]


def test_grouping_refuses_nominations_of_different_years(prize_year, administrator):
    other_year = make_prize_year(year=2029, opens_at=None, closes_at=None)
    first, second = make_nomination(prize_year), make_nomination(other_year)
    with pytest.raises(ScreeningError):
        group_as_one_effort(nominations=[first, second], by=administrator)
    assert Effort.objects.count() == 2


def test_grouping_through_admin_action(administrator_client, prize_year):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    administrator_client.post(
        CHANGELIST, {"action": "group_efforts", "_selected_action": [first.pk, second.pk]}
    )
    second.refresh_from_db()
    assert second.effort == first.effort


def test_separating_gives_nomination_an_effort_of_its_own(prize_year, administrator):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    group_as_one_effort(nominations=[first, second], by=administrator)
    separate_nomination(nomination=second, by=administrator)
    second.refresh_from_db()
    assert second.effort != first.effort
    assert second.effort.name == second.effort_name


def test_screening_cannot_change_once_the_vote_is_open(prize_year, administrator, chair):
    nomination = make_eligible_nomination(prize_year)
    bring_to_phase(prize_year, JuryPhase.VOTING, by=administrator)
    with pytest.raises(ScreeningError):
        screen_nomination(
            nomination=nomination,
            verdicts={
                "collaboration": ("failed", "Bara en aktör."),
                "added_value": ("passed", ""),
            },
            by=administrator,
        )
    nomination.refresh_from_db()
    assert nomination.is_eligible


def test_admin_screening_fields_are_read_only_once_the_vote_is_open(
    administrator_client, prize_year, chair
):
    nomination = make_eligible_nomination(prize_year)
    bring_to_phase(prize_year, JuryPhase.VOTING, by=administrator_client.user)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    administrator_client.post(url, {"collaboration_status": "failed", "collaboration_reason": "X."})
    nomination.refresh_from_db()
    assert nomination.is_eligible


def test_grouping_carries_conflicts_to_the_whole_group(prize_year, administrator, juror):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    conflicts.declare_conflict(
        membership=member(juror), effort=second.effort, reason="Anställd där."
    )
    effort = group_as_one_effort(nominations=[first, second], by=administrator)
    assert list(ConflictDeclaration.objects.values_list("effort", "reason")) == [
        (effort.pk, "Anställd där.")
    ]


def test_separating_keeps_the_groups_conflicts(prize_year, administrator, juror):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    effort = group_as_one_effort(nominations=[first, second], by=administrator)
    conflicts.declare_conflict(membership=member(juror), effort=effort, reason="Anställd där.")
    separated = separate_nomination(nomination=second, by=administrator)
    assert ConflictDeclaration.objects.filter(juror=juror, effort=separated).exists()
    assert ConflictDeclaration.objects.filter(juror=juror, effort=effort).exists()


def list_cells(client, column: str) -> dict[str, str]:
    """Each nomination's reference → the text of one column of the admin's list."""
    html = client.get(CHANGELIST).content.decode()
    return {
        reference: re.sub(r"<[^>]+>", "", cell).strip()
        for reference, cell in re.findall(
            rf'>(TP[^<]+)</a></th>.*?<td class="field-{column}">(.*?)</td>', html, re.S
        )
    }


def test_admin_list_tells_not_screened_from_does_not_meet(administrator_client, prize_year):
    pending = make_nomination(prize_year)
    failed = make_nomination(
        prize_year, collaboration_status=FAILED, collaboration_reason="Bara en organisation."
    )
    cells = list_cells(administrator_client, "screening")
    assert cells[pending.reference] == "○ inte granskad"
    assert cells[failed.reference] == "✗ uppfyller inte: samverkan"


def test_admin_list_shows_partly_screened(administrator_client, prize_year):
    nomination = make_nomination(prize_year, collaboration_status=PASSED)
    assert list_cells(administrator_client, "screening")[nomination.reference] == (
        "◐ delvis granskad"
    )


def test_admin_list_shows_eligible_with_a_tick(administrator_client, prize_year):
    nomination = make_eligible_nomination(prize_year)
    assert list_cells(administrator_client, "screening")[nomination.reference] == (
        "✓ går vidare till juryn"
    )


def test_admin_list_shows_set_aside_whatever_the_screening(administrator_client, prize_year):
    nomination = make_eligible_nomination(
        prize_year, set_aside_at=timezone.now(), set_aside_reason="Skickad två gånger."
    )
    assert list_cells(administrator_client, "screening")[nomination.reference] == "– lagd åt sidan"


def test_admin_list_names_the_effort_only_when_grouped(administrator_client, prize_year):
    alone = make_nomination(prize_year)
    first = make_nomination(prize_year, effort_name="Nattvandring")
    second = make_nomination(prize_year, effort=first.effort)
    cells = list_cells(administrator_client, "grouped_into")
    assert cells[alone.reference] == "–"
    assert cells[first.reference] == cells[second.reference] == "Nattvandring"


# The year's own mandatory criteria


@pytest.fixture
def changed_year(prize_year):
    from tests.factories import CHANGED_CRITERIA, CLOSES_AT, OPENS_AT

    return make_prize_year(
        year=2031,
        criteria=CHANGED_CRITERIA,
        opens_at=OPENS_AT.replace(year=2031),
        closes_at=CLOSES_AT.replace(year=2031),
    )


def test_admin_screening_of_a_year_with_changed_criteria_asks_for_its_own_verdicts(
    administrator_client, changed_year
):
    nomination = make_nomination(changed_year)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    html = administrator_client.get(url).content.decode()
    assert 'name="local_roots_status"' in html and 'name="local_roots_reason"' in html
    assert 'name="collaboration_status"' in html
    assert 'name="added_value_status"' not in html
    assert "Hur är insatsen förankrad bland de boende?" in html


def test_admin_screening_of_the_previous_year_keeps_its_own_verdicts(
    administrator_client, changed_year, prize_year
):
    nomination = make_nomination(prize_year)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    html = administrator_client.get(url).content.decode()
    assert 'name="added_value_status"' in html
    assert 'name="local_roots_status"' not in html


def test_admin_screening_stores_one_verdict_per_mandatory_criterion_of_the_year(
    administrator_client, changed_year
):
    nomination = make_nomination(changed_year)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    administrator_client.post(
        url,
        {
            "collaboration_status": PASSED,
            "collaboration_reason": "",
            "local_roots_status": FAILED,
            "local_roots_reason": "De boende är inte med.",
        },
    )
    assert status_of(nomination, "local_roots") == FAILED
    assert list(Nomination.objects.rejected()) == [nomination]
    summary = AuditEntry.objects.get(action=AuditAction.SCREENED).summary
    assert "lokal förankring uppfyller inte kriteriet" in summary


def test_nomination_eligible_only_once_every_mandatory_criterion_of_its_year_passed(
    changed_year, administrator
):
    nomination = make_nomination(changed_year)
    screen_nomination(
        nomination=nomination, verdicts={"collaboration": (PASSED, "")}, by=administrator
    )
    assert not Nomination.objects.eligible().exists()
    assert list(Nomination.objects.unscreened()) == [nomination]
    screen_nomination(
        nomination=nomination, verdicts={"local_roots": (PASSED, "")}, by=administrator
    )
    assert list(Nomination.objects.eligible()) == [nomination]
    assert Nomination.objects.get().is_eligible


def test_screening_refuses_a_criterion_the_year_does_not_have(changed_year, administrator):
    nomination = make_nomination(changed_year)
    with pytest.raises(ScreeningError):
        screen_nomination(
            nomination=nomination, verdicts={"added_value": (PASSED, "")}, by=administrator
        )
    assert not nomination.verdicts.exists()


def test_admin_list_screening_column_names_the_years_failed_criterion(
    administrator_client, changed_year
):
    make_nomination(changed_year, local_roots_status=FAILED, local_roots_reason="Ingen förankring.")
    html = administrator_client.get(CHANGELIST).content.decode()
    assert "uppfyller inte: lokal förankring" in html


def test_admin_names_who_screened_by_full_name(administrator_client, administrator, prize_year):
    nomination = make_nomination(prize_year)
    screen(nomination, administrator)
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    html = administrator_client.get(url).content.decode()
    assert re.search(r"Granskad av.{0,400}Helena Handläggare", html, re.S)


# Who may be nominated: the prize's rules at screening (nominations/eligibility.py)


@pytest.fixture
def ruled_year(db):
    """This year of a prize with every rule on who may be nominated, and a juror."""
    prize_year = make_prize_year(prize=prize_with_rules())
    make_juror(prize_year, "anna")
    return prize_year


def change_url(nomination) -> str:
    return reverse("admin:nominations_nomination_change", args=[nomination.pk])


def test_admin_screening_page_warns_of_each_finding_with_its_rule(administrator_client, ruled_year):
    nomination = make_nomination(
        ruled_year, organisations=("Anna Jurysson", "Polisen"), self_nominated=True
    )
    html = administrator_client.get(change_url(nomination)).content.decode()
    assert "Någon som sitter i årets jury:</strong> ”Anna Jurysson”, som sitter i juryn" in html
    assert "Nominerad av någon som är med i insatsen:</strong> Den som nominerade svarade" in html


def test_admin_screening_page_says_when_the_rules_found_nothing(administrator_client, ruled_year):
    nomination = make_nomination(ruled_year)
    html = administrator_client.get(change_url(nomination)).content.decode()
    assert "Granskningen hittade inget enligt prisets regler: nominerad av någon" in html


def test_admin_sets_aside_under_a_rule_with_the_rule_as_reason(administrator_client, ruled_year):
    nomination = make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    administrator_client.post(
        change_url(nomination),
        admin_screening_post(
            nomination,
            collaboration_status=ScreeningStatus.PENDING,
            added_value_status=ScreeningStatus.PENDING,
            exclusion_rule="jury_member",
            exclusion_note="Hon driver insatsen.",
        ),
    )
    nomination.refresh_from_db()
    assert nomination.set_aside_reason == (
        f"Kan inte nomineras: någon som sitter i årets jury. ”Anna Jurysson”, som sitter i "
        f"juryn {YEAR}, nämns i de samverkande organisationerna. Hon driver insatsen."
    )
    # Only the rule was chosen: the criteria were not screened.
    assert [e.action for e in AuditEntry.objects.all()] == [AuditAction.SET_ASIDE]


def test_admin_setting_aside_under_a_rule_without_finding_or_note_says_why(
    administrator_client, ruled_year
):
    nomination = make_nomination(ruled_year)
    response = administrator_client.post(
        change_url(nomination),
        admin_screening_post(
            nomination,
            collaboration_status=ScreeningStatus.PENDING,
            added_value_status=ScreeningStatus.PENDING,
            exclusion_rule="last_winner",
        ),
        follow=True,
    )
    nomination.refresh_from_db()
    assert nomination.set_aside_at is None
    assert "Granskningen hittade inget enligt den här regeln" in response.content.decode()


def test_admin_setting_aside_under_a_rule_refused_to_staff_without_permission(
    client, staff_without_permission, ruled_year
):
    nomination = make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    log_in_verified(client, staff_without_permission)
    client.post(
        change_url(nomination),
        admin_screening_post(nomination, exclusion_rule="jury_member", exclusion_note="X."),
    )
    nomination.refresh_from_db()
    assert nomination.set_aside_at is None
    assert not AuditEntry.objects.exists()


def test_admin_offers_no_rule_to_set_aside_under_once_set_aside(administrator_client, ruled_year):
    nomination = make_nomination(
        ruled_year, set_aside_at=timezone.now(), set_aside_reason="Skickad två gånger."
    )
    html = administrator_client.get(change_url(nomination)).content.decode()
    assert 'name="exclusion_rule"' not in html


def test_admin_list_warns_of_the_rules_findings_in_the_screening_column(
    administrator_client, ruled_year
):
    make_nomination(ruled_year, effort_name="Med juryn", organisations=("Anna Jurysson", "X"))
    make_nomination(ruled_year, effort_name="Utan fynd")
    html = administrator_client.get(CHANGELIST).content.decode()
    rows = {
        name: row for row in html.split("<tr") for name in ("Med juryn", "Utan fynd") if name in row
    }
    assert "kontrollera: någon som sitter i årets jury" in rows["Med juryn"]
    assert "kontrollera" not in rows["Utan fynd"]


def test_admin_list_reads_the_rules_facts_once_per_page(administrator_client, ruled_year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            administrator_client.get(CHANGELIST)
        return len(captured)

    make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    one = queries()
    for _ in range(4):
        make_nomination(ruled_year, organisations=("Anna Jurysson", "Polisen"))
    assert queries() == one
