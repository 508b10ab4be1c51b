"""The year's audit trail for the registrar, as CSV and as PDF/A, audited.

One year's entries, oldest first, each with its time to the second in Stockholm time,
who, what, the details and the recorded changes as a person reads them
(nominations/audit.py). Written in Swedish whatever the reader's screen language: the
trail is the authority's record. The export is itself recorded in the trail, after the
entries it contains, so an export never lists itself and the next one shows it.
"""

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.audit import readable_changes
from nominations.export import spreadsheet_cell
from nominations.models import AuditAction, AuditEntry, PrizeYear

from .documents import render

TEMPLATE = "jury/pdf/audit_trail.html"


class Format:
    CSV = "csv"
    PDF = "pdf"


FORMATS = (Format.CSV, Format.PDF)


@dataclass(frozen=True)
class Line:
    """One entry as the export shows it."""

    at: str
    who: str
    what: str
    details: str
    changes: str


def local_time(moment: datetime) -> str:
    """To the second, in Stockholm time, in a form that sorts: 2030-10-01 14:05:09."""
    return timezone.localtime(moment, render.STOCKHOLM).strftime("%Y-%m-%d %H:%M:%S")


def entries_of(*, prize_year: PrizeYear) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(prize_year=prize_year).order_by("at", "pk")


def lines_of(*, prize_year: PrizeYear) -> list[Line]:
    """The year's entries, oldest first, in Swedish."""
    with translation.override("sv"):
        return [
            Line(
                at=local_time(entry.at),
                who=entry.actor_name,
                what=str(entry.get_action_display()),
                details=entry.summary,
                changes="; ".join(
                    f"{label}: {value}" for label, value in readable_changes(entry.changes or {})
                ),
            )
            for entry in entries_of(prize_year=prize_year)
        ]


def _csv(prize_year: PrizeYear, lines: list[Line]) -> bytes:
    buffer = io.StringIO()
    # Semicolons, since Swedish Excel reads a comma as the decimal separator.
    writer = csv.writer(buffer, delimiter=";")
    with translation.override("sv"):
        writer.writerow(
            [
                _("Time (Stockholm)"),
                _("Who"),
                _("What"),
                _("Prize year"),
                _("Details"),
                _("Changes"),
            ]
        )
    for line in lines:
        row = [line.at, line.who, line.what, prize_year.year, line.details, line.changes]
        # Names and texts come from the public: none may run as a formula.
        writer.writerow([spreadsheet_cell(value) for value in row])
    # A byte-order mark, so that Excel reads the file as UTF-8 (å, ä, ö).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _pdf(prize_year: PrizeYear, lines: list[Line], at: datetime) -> bytes:
    return render.render_pdf(
        template=TEMPLATE,
        context={"prize_year": prize_year, "lines": lines, "exported_at": local_time(at)},
    )


def export_audit_trail(*, prize_year: PrizeYear, format: str, by) -> tuple[str, bytes]:
    """The year's audit trail as a file for the registrar: its name and its bytes.

    Audited, since an export takes records (and the names in them) out of the system.
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    at = timezone.now()
    lines = lines_of(prize_year=prize_year)
    content = _csv(prize_year, lines) if format == Format.CSV else _pdf(prize_year, lines, at)
    AuditEntry.record(
        actor=by,
        action=AuditAction.AUDIT_EXPORTED,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Exported the audit trail of %(year)s as %(format)s: %(count)s entries."
        ),
        params={"year": prize_year.year, "format": format.upper(), "count": len(lines)},
        changes={"count": len(lines), "format": format},
    )
    return f"handelselogg-{prize_year.prize.slug}-{prize_year.year}.{format}", content
