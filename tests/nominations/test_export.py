"""The CSV export of nominations for the records (nominations/export.py, the admin actions)."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from nominations.export import write_nominations_csv
from nominations.models import AuditAction, AuditEntry, Nomination, ScreeningStatus
from nominations.screening import set_aside
from tests.factories import (
    log_in_verified,
    make_eligible_nomination,
    make_nomination,
    make_user,
)

CHANGELIST = reverse("admin:nominations_nomination_changelist")


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


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("contact", [False, True])
def test_export_column_headings_are_distinct(db, language, contact):
    out = io.StringIO()
    with translation.override(language):
        write_nominations_csv(nominations=[], include_contact_details=contact, out=out)
    header = next(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert len(header) == len(set(header)), header


def test_export_says_whether_each_nomination_goes_on_to_the_jury(
    administrator_client, administrator, prize_year
):
    eligible = make_eligible_nomination(prize_year)
    rejected = make_nomination(
        prize_year,
        collaboration_status=ScreeningStatus.FAILED,
        collaboration_reason="En enda organisation.",
    )
    unscreened = make_nomination(prize_year)
    half_screened = make_nomination(prize_year, added_value_status=ScreeningStatus.PASSED)
    duplicate = set_aside(
        nomination=make_eligible_nomination(prize_year), reason="Dubblett.", by=administrator
    )
    withdrawn = make_eligible_nomination(prize_year)
    Nomination.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    nominations = [eligible, rejected, unscreened, half_screened, duplicate, withdrawn]

    header, *rows = export(administrator_client, nominations)
    column = header.index("Går vidare till juryn")
    answers = {row[0]: row[column] for row in rows}
    assert answers == {
        eligible.reference: "ja",
        rejected.reference: "nej",
        unscreened.reference: "inte granskad",
        half_screened.reference: "inte granskad",
        duplicate.reference: "lagd åt sidan",
        withdrawn.reference: "återkallad",
    }


def test_export_of_a_year_with_changed_criteria_has_its_own_columns(administrator_client, db):
    from tests.factories import CHANGED_CRITERIA, make_prize_year

    year = make_prize_year(year=2031, criteria=CHANGED_CRITERIA)
    nomination = make_nomination(
        year,
        local_roots="Boende planerar.",
        reach="Tusen boende.",
        local_roots_status=ScreeningStatus.FAILED,
        local_roots_reason="Ingen förankring.",
    )
    header, row = export(administrator_client, [nomination])
    assert row[header.index("Lokal förankring")] == "Boende planerar."
    assert row[header.index("Når många")] == "Tusen boende."
    assert row[header.index("Lokal förankring (granskning)")] == "uppfyller inte kriteriet"
    assert row[header.index("Skäl (lokal förankring)")] == "Ingen förankring."
    assert "Utveckling och mervärde" not in header
