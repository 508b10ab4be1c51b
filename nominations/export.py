"""CSV export of a year's nominations for the records (diariet)."""

import csv
import io
from collections.abc import Iterable
from typing import TextIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .models import (
    Attachment,
    AuditAction,
    AuditEntry,
    Criterion,
    Nomination,
    PrizeYear,
    ScreeningStatus,
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """Keep public text from running as a spreadsheet formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _goes_on_to_the_jury(nomination: Nomination) -> str:
    """Screening's outcome in one word, so the records need not work it out from two columns.

    In the order of the querysets' definitions: withdrawn and set aside come before
    any verdict, and one failed criterion is enough for a no.
    """
    if nomination.withdrawn_at:
        return pgettext("goes on to the jury", "withdrawn")
    if nomination.set_aside_at:
        return pgettext("goes on to the jury", "set aside")
    if nomination.is_eligible:
        return pgettext("goes on to the jury", "yes")
    if any(status == ScreeningStatus.FAILED for _c, status, _r in nomination.screening()):
        return pgettext("goes on to the jury", "no")
    return pgettext("goes on to the jury", "not screened")


def _attachment_entry(attachment: Attachment) -> str:
    """The file's name, and whether a retention rule has removed the file since."""
    if attachment.removed_at:
        return _("%(name)s (removed under the retention rule)") % {"name": attachment.original_name}
    return attachment.original_name


def _criteria_columns(nominations: list[Nomination]) -> list[Criterion]:
    """One column per criterion key of the years exported, in the order of the first year.

    Years with the same criteria share the columns; a key only one year has gets a
    column of its own, empty for the others.
    """
    columns: dict[str, Criterion] = {}
    for nomination in nominations:
        for criterion in nomination.prize_year.ordered_criteria():
            columns.setdefault(criterion.key, criterion)
    return list(columns.values())


def write_nominations_csv(
    *, nominations: Iterable[Nomination], include_contact_details: bool, out: TextIO
) -> int:
    """Write one row per nomination; contact details only when explicitly asked for.

    Prefetch "prize_year__criteria", "answers", "verdicts" and "attachments" for a long list.
    """
    nominations = list(nominations)
    criteria = _criteria_columns(nominations)
    answered = [c for c in criteria if c.asks_for_text]
    screened = [c for c in criteria if c.is_mandatory]
    # Semicolons, since Swedish Excel reads a comma as the decimal separator.
    writer = csv.writer(out, delimiter=";")
    header = [
        _("Reference number"),
        _("Prize year"),
        _("Submitted"),
        _("Effort as the jury assesses it"),
        _("Name of the effort in the nomination"),
        _("Collaborating organisations"),
        _("District"),
        _("Description"),
        *(c.localized_title for c in answered),
        _("Attachments"),
    ]
    for criterion in screened:
        header += [
            _("%(criterion)s (screening)") % {"criterion": criterion.localized_title},
            _("Reason (%(criterion)s)") % {"criterion": criterion.localized_title.lower()},
        ]
    header.append(_("Goes on to the jury"))
    if include_contact_details:
        header += [_("Nominator's name"), _("Nominator's e-mail"), _("Nominator's phone")]
    writer.writerow(header)
    count = 0
    for n in nominations:
        answers = n.answer_texts()
        verdicts = {c.key: (status, reason) for c, status, reason in n.screening()}
        row = [
            n.reference,
            n.prize_year.year,
            timezone.localtime(n.submitted_at).strftime("%Y-%m-%d %H:%M"),
            n.effort.name,
            n.effort_name,
            " | ".join(org.name for org in n.organisations.all()),
            n.get_district_display(),
            n.description,
            *(answers.get(c.key, "") for c in answered),
            " | ".join(_attachment_entry(a) for a in n.attachments.all()),
        ]
        for criterion in screened:
            if criterion.key in verdicts:
                status, reason = verdicts[criterion.key]
                row += [ScreeningStatus(status).label, reason]
            else:
                row += ["", ""]
        row.append(_goes_on_to_the_jury(n))
        if include_contact_details:
            row += [n.nominator_name, n.nominator_email, n.nominator_phone]
        writer.writerow([spreadsheet_cell(value) for value in row])
        count += 1
    return count


def export_nominations(
    *, nominations: QuerySet[Nomination], include_contact_details: bool, by
) -> tuple[str, str]:
    """The nominations as a CSV file for the records: its name and its text.

    Audited, since an export takes public records, and with contact details personal
    data, out of the system.
    """
    nominations = nominations.select_related("prize_year", "effort").prefetch_related(
        "organisations", "answers", "verdicts", "prize_year__criteria", "attachments"
    )
    years = sorted({n.prize_year_id for n in nominations})
    buffer = io.StringIO()
    count = write_nominations_csv(
        nominations=nominations.order_by("submitted_at"),
        include_contact_details=include_contact_details,
        out=buffer,
    )
    AuditEntry.record(
        actor=by,
        action=AuditAction.EXPORTED,
        prize_year=PrizeYear.objects.get(pk=years[0]) if len(years) == 1 else None,
        summary=(
            gettext_lazy("Exported %(count)s nominations with the nominators' contact details.")
            if include_contact_details
            else gettext_lazy("Exported %(count)s nominations without contact details.")
        ),
        params={"count": count},
        changes={"count": count, "contact_details": include_contact_details, "years": years},
    )
    name = (
        "nomineringar-"
        + "-".join(map(str, years))
        + ("-kontakt" if include_contact_details else "")
    )
    # A byte-order mark, so that Excel reads the file as UTF-8 (å, ä, ö).
    return f"{name}.csv", "\ufeff" + buffer.getvalue()
