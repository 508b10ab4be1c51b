"""One E-ARK SIP per closed year, laid out as CSIP 2.1.0 asks, as a folder or a ZIP file.

The package is a function of the closed year alone: its identifier, every date and
every document derive from the rows as they stood at the closing, so the admin's
download and `manage.py archive_year` give the same files with the same checksums.
A year that is not closed is refused, since its records may still change.
"""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, PrizeYear

from . import metadata, records
from .records import ArchivedFile

SCHEMAS = Path(__file__).resolve().parent / "schemas"


class ArchiveRefused(Exception):
    """The year cannot be archived now; the message says why."""


@dataclass(frozen=True)
class Package:
    """The package's files by their path inside its root folder, named `object_id`."""

    object_id: str
    files: dict[str, bytes]


def package_id(prize_year: PrizeYear) -> str:
    """The same identifier every time for the same closed year, named by its prize.

    The key is as it was before several prizes, so Trygghetspriset's packages keep
    their identifiers; the prize's slug in front keeps two prizes' years apart.
    """
    key = f"trygghetspris:{prize_year.year}:{prize_year.closed_at.isoformat()}"
    return f"{prize_year.prize.slug}-{prize_year.year}-{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def refusal(prize_year: PrizeYear) -> str:
    """Why the year cannot be archived, or "" when it can."""
    if prize_year.closed_at is None:
        return _(
            "The prize year %(year)s is not closed. Close it first (action “Close the year”); "
            "until then its records may still change."
        ) % {"year": prize_year.year}
    return ""


def _schema_files(created) -> list[tuple[str, ArchivedFile]]:
    return [
        (
            f"schemas/{path.name}",
            ArchivedFile(path.name, path.read_bytes(), "text/xml", created, "XML Schema"),
        )
        for path in sorted(SCHEMAS.glob("*.xsd"))
    ]


def build_package(*, prize_year: PrizeYear) -> Package:
    """Every file of the year's package; raises ArchiveRefused for a year not closed."""
    prize_year = PrizeYear.objects.get(pk=prize_year.pk)
    if reason := refusal(prize_year):
        raise ArchiveRefused(reason)
    object_id = package_id(prize_year)
    created = prize_year.closed_at
    year_records = records.year_records(prize_year)
    data = [
        (metadata.DATA + document.path, document)
        for record in year_records
        for document in record.files
    ]
    removals = records.removals(prize_year)
    descriptive = (
        "metadata/descriptive/erms.xml",
        ArchivedFile(
            "erms.xml",
            metadata.erms_xml(prize_year=prize_year, records=year_records),
            "text/xml",
            created,
            "CITS ERMS 2.1",
        ),
    )
    documentation = [
        (
            "documentation/systembeskrivning.pdf",
            ArchivedFile(
                "systembeskrivning.pdf",
                records.archival_pdf(
                    "jury/archive/system_description.html",
                    {
                        "prize_year": prize_year,
                        "creator": prize_year.prize.owner.archival_creator,
                        "submitter": prize_year.prize.owner.archival_submitter,
                        "package_id": object_id,
                        "removals": removals,
                    },
                    printed_at=created,
                ),
                "application/pdf",
                created,
                records.PDF_A,
            ),
        )
    ]
    schemas = _schema_files(created)
    representation = (
        "representations/rep1/METS.xml",
        ArchivedFile(
            "METS.xml",
            metadata.representation_mets_xml(
                prize_year=prize_year,
                object_id=object_id,
                files=[(path.removeprefix("representations/rep1/"), doc) for path, doc in data],
            ),
            "text/xml",
            created,
            "METS",
        ),
    )
    preservation = (
        "metadata/preservation/premis.xml",
        ArchivedFile(
            "premis.xml",
            metadata.premis_xml(
                files=[*data, *documentation, *schemas, descriptive, representation],
                events=metadata.events(records=year_records, removals=removals),
            ),
            "text/xml",
            created,
            "PREMIS 3.0",
        ),
    )
    sections = [
        metadata.Section("Documentation", documentation),
        metadata.Section("Schemas", schemas),
        metadata.Section("Representations/rep1", [representation, *data]),
    ]
    mets = metadata.mets_xml(
        prize_year=prize_year,
        object_id=object_id,
        descriptive=descriptive,
        preservation=preservation,
        sections=sections,
        representation_mets=representation,
    )
    files = {"METS.xml": mets, descriptive[0]: descriptive[1].content}
    files[preservation[0]] = preservation[1].content
    for section in sections:
        files.update((path, document.content) for path, document in section.files)
    return Package(object_id=object_id, files=files)


def _record(*, prize_year: PrizeYear, package: Package, by) -> None:
    # Not on the year: its trail is a document of the package, closed with the year,
    # and a download must not change what the next one contains.
    AuditEntry.record(
        actor=by,
        action=AuditAction.ARCHIVED,
        summary=gettext_lazy(
            "Made the archive package %(package)s of the closed prize year %(year)s "
            "(number of files: %(count)s)."
        ),
        params={"package": package.object_id, "year": prize_year.year, "count": len(package.files)},
        changes={"year": prize_year.year, "package": package.object_id},
    )


def write_zip(package: Package, target: BinaryIO, *, prize_year: PrizeYear) -> None:
    """The package as one ZIP whose single root folder is named by its identifier."""
    moment = timezone.localtime(prize_year.closed_at).timetuple()[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.files):
            # A fixed date, so the same year gives the same ZIP file.
            info = zipfile.ZipInfo(f"{package.object_id}/{path}", date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, package.files[path])


def write_package(*, prize_year: PrizeYear, out: Path, as_zip: bool, by=None) -> Path:
    """Write the year's package under `out`: its folder, or with as_zip its ZIP file."""
    package = build_package(prize_year=prize_year)
    target = out / (f"{package.object_id}.zip" if as_zip else package.object_id)
    if target.exists():
        # Never written over: a file a retention rule removed since would stay behind.
        raise ArchiveRefused(
            _("%(path)s already exists. Choose another folder, or remove it first.")
            % {"path": target}
        )
    out.mkdir(parents=True, exist_ok=True)
    if as_zip:
        with target.open("wb") as file:
            write_zip(package, file, prize_year=prize_year)
    else:
        for path, content in package.files.items():
            destination = target / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
    _record(prize_year=prize_year, package=package, by=by)
    return target


def zip_for_download(*, prize_year: PrizeYear, target: BinaryIO, by) -> str:
    """Write the year's ZIP into `target` for the admin's download; returns its file name."""
    package = build_package(prize_year=prize_year)
    write_zip(package, target, prize_year=prize_year)
    _record(prize_year=prize_year, package=package, by=by)
    return f"{package.object_id}.zip"
