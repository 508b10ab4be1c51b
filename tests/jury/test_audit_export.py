"""The year's audit trail exported for the registrar, as CSV and PDF/A, audited."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from jury import audit_export
from nominations.models import AuditAction, AuditEntry
from tests.factories import log_in_verified, make_prize_year, make_user
from tests.jury.documents.test_store import text_of

# 14:05:09 in Stockholm (summer time), 12:05:09 UTC.
AT = datetime(2030, 6, 3, 12, 5, 9, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def trail(prize_year, administrator):
    """Two entries of 2030, one with a would-be formula, and one of another year."""
    for summary in ("Öppnade nomineringen för 2030.", '=HYPERLINK("http://x")'):
        entry = AuditEntry.record(
            actor=administrator,
            action=AuditAction.WINDOW_OPENED,
            prize_year=prize_year,
            summary=summary,
            changes={"before": {"closes_at": None}, "after": {"closes_at": AT.isoformat()}},
        )
        AuditEntry.objects.filter(pk=entry.pk).update(at=AT)
    other = make_prize_year(year=2029, opens_at=None, closes_at=None)
    AuditEntry.record(
        actor=None, action=AuditAction.SCREENED, prize_year=other, summary="Annat år."
    )
    return prize_year


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_holds_the_years_entries_to_the_second_in_stockholm_time(trail, administrator):
    name, content = audit_export.export_audit_trail(
        prize_year=trail, format="csv", by=administrator
    )
    header, *rows = rows_of(content)
    assert name == "handelselogg-trygghetspriset-2030.csv"
    assert header == ["Tid (Stockholm)", "Vem", "Vad", "Prisår", "Detaljer", "Ändringar"]
    assert [row[0] for row in rows] == ["2030-06-03 14:05:09", "2030-06-03 14:05:09"]
    assert rows[0][2] == "nomineringen öppnad" and rows[0][4] == "Öppnade nomineringen för 2030."
    assert (
        rows[0][5]
        == "före: nomineringen stänger: –; efter: nomineringen stänger: 3 juni 2030 14:05"
    )
    assert all("Annat år." not in row for row in rows)


def test_csv_export_keeps_a_formula_from_running_in_a_spreadsheet(trail, administrator):
    _name, content = audit_export.export_audit_trail(
        prize_year=trail, format="csv", by=administrator
    )
    assert rows_of(content)[2][4] == '\'=HYPERLINK("http://x")'


@pytest.mark.pdf
def test_pdf_export_lists_the_years_entries_and_only_them(trail, administrator):
    name, content = audit_export.export_audit_trail(
        prize_year=trail, format="pdf", by=administrator
    )
    text = text_of(content)
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    assert "Händelselogg – Trygghetspriset 2030" in text
    assert "2030-06-03 14:05:09" in text and "Öppnade nomineringen för 2030." in text
    assert "Annat år." not in text
    # Archival, like every document of record.
    xmp = PdfReader(io.BytesIO(content)).xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")


@pytest.mark.pdf
def test_export_is_recorded_in_the_audit_trail(trail, administrator):
    audit_export.export_audit_trail(prize_year=trail, format="pdf", by=administrator)
    entry = AuditEntry.objects.get(action=AuditAction.AUDIT_EXPORTED)
    assert entry.prize_year == trail and entry.actor == administrator
    assert entry.changes == {"count": 2, "format": "pdf"}
    assert entry.summary == "Exporterade händelseloggen för 2030 som PDF: 2 händelser."


def test_admin_exports_the_trail_from_the_prize_year(trail, administrator_client):
    url = reverse("admin:nominations_prizeyear_audit_export", args=[trail.pk, "csv"])
    response = administrator_client.get(url)
    assert response["Content-Disposition"].endswith('"handelselogg-trygghetspriset-2030.csv"')
    assert len(rows_of(b"".join(response))) == 3
    assert AuditEntry.objects.filter(action=AuditAction.AUDIT_EXPORTED).count() == 1


def test_admin_export_refused_to_staff_without_the_right(trail, client):
    log_in_verified(client, make_user("annanforvaltning", is_staff=True))
    url = reverse("admin:nominations_prizeyear_audit_export", args=[trail.pk, "csv"])
    response = client.get(url)
    assert response.status_code == 403 and "Öppnade" not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.AUDIT_EXPORTED).exists()


def test_admin_export_of_an_unknown_format_is_not_found(trail, administrator_client):
    url = reverse("admin:nominations_prizeyear_audit_export", args=[trail.pk, "xlsx"])
    assert administrator_client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.AUDIT_EXPORTED).exists()
