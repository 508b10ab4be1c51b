import csv
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jury import scoring
from jury.models import ConflictDeclaration, JuryMembership
from nominations.models import (
    AuditAction,
    AuditEntry,
    Effort,
    JuryPhase,
    Nomination,
    ScreeningStatus,
)
from nominations.screening import (
    ScreeningError,
    group_as_one_effort,
    screen_nomination,
    separate_nomination,
)
from tests.factories import make_eligible_nomination, make_nomination, make_prize_year

PASSED, FAILED = ScreeningStatus.PASSED, ScreeningStatus.FAILED
CHANGELIST = reverse("admin:nominations_nomination_changelist")


def member(user) -> JuryMembership:
    return JuryMembership.objects.get(user=user)


def screen(nomination, by, collaboration=PASSED, added_value=PASSED, **reasons):
    return screen_nomination(
        nomination=nomination,
        collaboration=collaboration,
        collaboration_reason=reasons.get("collaboration_reason", ""),
        added_value=added_value,
        added_value_reason=reasons.get("added_value_reason", ""),
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
    assert nomination.collaboration_status == ScreeningStatus.PENDING
    assert not AuditEntry.objects.exists()


def test_screening_failure_without_reason_refused_by_database(prize_year):
    nomination = make_nomination(prize_year)
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.filter(pk=nomination.pk).update(collaboration_status=FAILED)


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
    assert nomination.added_value_status == ScreeningStatus.PENDING
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


def export(client, nominations, action="export_csv"):
    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [n.pk for n in nominations]}
    )
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_csv_has_content_and_no_contact_details(administrator_client, prize_year):
    nomination = make_nomination(
        prize_year, effort_name="Trygg i Årsta", organisations=["Polisen", "Fältgruppen"]
    )
    rows = export(administrator_client, [nomination])
    assert rows[1][0] == nomination.reference
    assert "Trygg i Årsta" in rows[1]
    assert "Polisen | Fältgruppen" in rows[1]
    flat = ";".join(";".join(row) for row in rows)
    assert nomination.nominator_email not in flat
    assert nomination.nominator_name not in flat


def test_export_csv_with_contact_details_when_asked(administrator_client, prize_year):
    nomination = make_nomination(prize_year)
    rows = export(administrator_client, [nomination], "export_csv_with_contact_details")
    assert nomination.nominator_email in rows[1]
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.EXPORTED
    assert entry.changes["contact_details"] is True


def test_export_csv_neutralises_spreadsheet_formulas(administrator_client, prize_year):
    nomination = make_nomination(prize_year, effort_name='=HYPERLINK("http://x")')
    rows = export(administrator_client, [nomination])
    assert rows[1][4] == '\'=HYPERLINK("http://x")'


def test_export_with_contact_details_refused_without_permission(client, prize_year):
    from django.contrib.auth.models import Permission

    from tests.factories import log_in_verified, make_user

    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_nomination", "export_nominations"])
    )
    log_in_verified(client, clerk)
    nomination = make_nomination(prize_year)
    response = client.post(
        CHANGELIST,
        {"action": "export_csv_with_contact_details", "_selected_action": [nomination.pk]},
    )
    assert nomination.nominator_email not in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_screening_cannot_change_once_the_vote_is_open(prize_year, administrator):
    nomination = make_eligible_nomination(prize_year)
    prize_year.jury_phase = JuryPhase.VOTING
    prize_year.save()
    with pytest.raises(ScreeningError):
        screen_nomination(
            nomination=nomination,
            collaboration="failed",
            collaboration_reason="Bara en aktör.",
            added_value="passed",
            added_value_reason="",
            by=administrator,
        )
    nomination.refresh_from_db()
    assert nomination.is_eligible


def test_admin_screening_fields_are_read_only_once_the_vote_is_open(
    administrator_client, prize_year
):
    nomination = make_eligible_nomination(prize_year)
    prize_year.jury_phase = JuryPhase.VOTING
    prize_year.save()
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    administrator_client.post(url, {"collaboration_status": "failed", "collaboration_reason": "X."})
    nomination.refresh_from_db()
    assert nomination.is_eligible


def test_grouping_carries_conflicts_to_the_whole_group(prize_year, administrator, juror):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    scoring.declare_conflict(membership=member(juror), effort=second.effort, reason="Anställd där.")
    effort = group_as_one_effort(nominations=[first, second], by=administrator)
    assert list(ConflictDeclaration.objects.values_list("effort", "reason")) == [
        (effort.pk, "Anställd där.")
    ]


def test_separating_keeps_the_groups_conflicts(prize_year, administrator, juror):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    effort = group_as_one_effort(nominations=[first, second], by=administrator)
    scoring.declare_conflict(membership=member(juror), effort=effort, reason="Anställd där.")
    separated = separate_nomination(nomination=second, by=administrator)
    assert ConflictDeclaration.objects.filter(juror=juror, effort=separated).exists()
    assert ConflictDeclaration.objects.filter(juror=juror, effort=effort).exists()
