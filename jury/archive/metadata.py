"""The package's metadata: the case in CITS ERMS, preservation in PREMIS, the files in METS.

ERMS (FGS Ärendehantering 2.0) describes the year as one case (ärende) with one
record per handling; PREMIS gives each file's fixity and format and the events that
matter to an archivist (creation, justering, removal under a retention rule); METS
(CSIP/SIP 2.1.0, FGS Paketstruktur 2.0) lists every file of the package. Each writer
takes what records.py gathered and returns the XML as bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from lxml import etree

from nominations.models import AuditEntry, PrizeYear

from .records import ArchivedFile, Record

ERMS = "https://DILCIS.eu/XML/ERMS"
PREMIS = "http://www.loc.gov/premis/v3"
METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
# The CITS ERMS version of jury/archive/schemas/ERMS.xsd (2.1.2), as CSIP's vocabulary names it.
ERMS_CONTENT_TYPE = "citserms_v2_1"
SOFTWARE = "Trygghetspris"
SOFTWARE_VERSION = "0.1.0"
DATA = "representations/rep1/data/"


def stamp(moment: datetime) -> str:
    """An xs:dateTime in Stockholm time, to the second, with its offset."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _add(parent, tag: str, text: str | dict | None = None, **attrs) -> etree._Element:
    """A child element; namespaced attributes come as a dict in place of the text."""
    if isinstance(text, dict):
        attrs, text = {**text, **attrs}, None
    child = etree.SubElement(parent, tag, {k: str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        child.text = str(text)
    return child


def _bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _e(name: str) -> str:
    return f"{{{ERMS}}}{name}"


def _erms_record(parent, record: Record) -> None:
    element = _add(parent, _e("record"), systemIdentifier=record.id, recordType=record.kind)
    _add(element, _e("objectId"), record.id)
    _add(element, _e("title"), record.title)
    _add(element, _e("status"), value="ad_acta")
    if record.incoming:
        _add(element, _e("direction"), directionDefinition="incoming")
    agents = _add(element, _e("agents"))
    _add(_add(agents, _e("agent"), agentType=record.agent_type), _e("name"), record.agent)
    if record.description:
        _add(element, _e("description"), record.description)
    _add(_add(element, _e("dates")), _e("date"), stamp(record.at), dateType=record.date_type)
    if record.notes:
        notes = _add(element, _e("notes"))
        for note in record.notes:
            _add(notes, _e("note"), note)
    if record.files:
        information = _add(element, _e("additionalInformation"))
        for document in record.files:
            _add(
                information,
                _e("appendix"),
                name=document.path.rsplit("/", 1)[-1],
                path=DATA + document.path,
                fileFormat=document.format_name,
            )


def erms_xml(*, prize_year: PrizeYear, records: list[Record]) -> bytes:
    """The year as one case file (ärende) with its records."""
    root = etree.Element(_e("erms"), nsmap={None: ERMS})
    control = _add(root, _e("control"))
    _add(control, _e("identification"), prize_year.case_number, identificationType="diarienummer")
    maintenance = _add(control, _e("maintenanceInformation"))
    _add(maintenance, _e("maintenanceStatus"), value="new")
    # The owner of the year's prize: its administration delivers, its body made the records.
    owner = prize_year.prize.owner
    _add(_add(maintenance, _e("maintenanceAgency")), _e("agencyName"), owner.archival_submitter)
    event = _add(_add(maintenance, _e("maintenanceHistory")), _e("maintenanceEvent"))
    _add(event, _e("eventType"), value="created")
    _add(event, _e("eventDateTime"), stamp(prize_year.closed_at))
    _add(_add(event, _e("agent"), agentType="creator"), _e("name"), SOFTWARE)

    case = _add(
        _add(root, _e("aggregations")),
        _e("aggregation"),
        systemIdentifier=f"prisar-{prize_year.year}",
        aggregationType="caseFile",
    )
    _add(
        case, _e("objectId"), prize_year.case_number or f"{prize_year.prize.name} {prize_year.year}"
    )
    if settings.ARCHIVE_CLASSIFICATION:
        _add(
            case,
            _e("classification"),
            settings.ARCHIVE_CLASSIFICATION,
            classificationCode=settings.ARCHIVE_CLASSIFICATION,
        )
    _add(case, _e("title"), f"{prize_year.prize.name} {prize_year.year}: {prize_year.theme}")
    _add(case, _e("status"), value="ad_acta")
    agents = _add(case, _e("agents"))
    _add(_add(agents, _e("agent"), agentType="creator"), _e("name"), owner.archival_creator)
    dates = _add(case, _e("dates"))
    if prize_year.opens_at:
        _add(dates, _e("date"), stamp(prize_year.opens_at), dateType="opened")
    _add(dates, _e("date"), stamp(prize_year.closed_at), dateType="closed")
    for record in records:
        _erms_record(case, record)
    return _bytes(root)


def _p(name: str) -> str:
    return f"{{{PREMIS}}}{name}"


def _identifier(parent, kind: str, value: str) -> None:
    element = _add(parent, _p(f"{kind}Identifier"))
    _add(element, _p(f"{kind}IdentifierType"), "local")
    _add(element, _p(f"{kind}IdentifierValue"), value)


@dataclass(frozen=True)
class Event:
    """A PREMIS event: what happened, when, by whom, to which files."""

    id: str
    type: str
    at: datetime
    detail: str
    agent: str
    files: tuple[str, ...] = ()


def events(*, records: list[Record], removals: list[AuditEntry]) -> list[Event]:
    """Creation of every document, the justering of the decision, each removal."""
    found = [
        Event(
            id=f"skapad-{record.id}",
            type="creation",
            at=document.created,
            detail=f"{record.title}: {document.path}",
            agent=SOFTWARE,
            files=(DATA + document.path,),
        )
        for record in records
        for document in record.files
    ]
    for record in records:
        if record.kind == "beslut" and record.files:
            found.append(
                Event(
                    id=f"justering-{record.id}",
                    type="validation",
                    at=record.files[0].created,
                    detail="Justering: beslutet kontrollerat av ordföranden och justeraren "
                    "och lagrat med sin SHA-256.",
                    agent=record.agent,
                    files=tuple(DATA + document.path for document in record.files),
                )
            )
    found.extend(
        Event(
            id=f"gallring-{entry.pk}",
            type="deletion",
            at=entry.at,
            detail=f"{entry.summary} Gallringsbeslut: {entry.changes.get('reference', '')}",
            agent=entry.actor_name,
        )
        for entry in removals
    )
    return found


def premis_xml(*, files: list[tuple[str, ArchivedFile]], events: list[Event]) -> bytes:
    """Fixity and format of every file, and the events of the year's records."""
    root = etree.Element(_p("premis"), nsmap={"premis": PREMIS, "xsi": XSI}, version="3.0")
    for path, document in files:
        item = _add(root, _p("object"), {f"{{{XSI}}}type": "premis:file"})
        _identifier(item, "object", path)
        characteristics = _add(item, _p("objectCharacteristics"))
        fixity = _add(characteristics, _p("fixity"))
        _add(fixity, _p("messageDigestAlgorithm"), "SHA-256")
        _add(fixity, _p("messageDigest"), document.sha256)
        _add(characteristics, _p("size"), str(document.size))
        designation = _add(_add(characteristics, _p("format")), _p("formatDesignation"))
        _add(designation, _p("formatName"), document.format_name)
    agents = sorted({event.agent for event in events} | {SOFTWARE})
    for event in events:
        item = _add(root, _p("event"))
        _identifier(item, "event", event.id)
        _add(item, _p("eventType"), event.type)
        _add(item, _p("eventDateTime"), stamp(event.at))
        _add(_add(item, _p("eventDetailInformation")), _p("eventDetail"), event.detail)
        linking = _add(item, _p("linkingAgentIdentifier"))
        _add(linking, _p("linkingAgentIdentifierType"), "local")
        _add(linking, _p("linkingAgentIdentifierValue"), event.agent)
        for path in event.files:
            linking = _add(item, _p("linkingObjectIdentifier"))
            _add(linking, _p("linkingObjectIdentifierType"), "local")
            _add(linking, _p("linkingObjectIdentifierValue"), path)
    for name in agents:
        item = _add(root, _p("agent"))
        _identifier(item, "agent", name)
        _add(item, _p("agentName"), name)
        _add(item, _p("agentType"), "software" if name == SOFTWARE else "person")
    return _bytes(root)


def _m(name: str) -> str:
    return f"{{{METS}}}{name}"


def _file_entry(group, *, file_id: str, path: str, document: ArchivedFile) -> None:
    element = _add(
        group,
        _m("file"),
        ID=file_id,
        MIMETYPE=document.mime,
        SIZE=str(document.size),
        CREATED=stamp(document.created),
        CHECKSUM=document.sha256,
        CHECKSUMTYPE="SHA-256",
    )
    _add(
        element,
        _m("FLocat"),
        {f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": path, "LOCTYPE": "URL"},
    )


def _mets_root(*, object_id: str, label: str, created: datetime, record_status: str):
    root = etree.Element(
        _m("mets"),
        {
            "OBJID": object_id,
            "LABEL": label,
            "TYPE": "Mixed",
            f"{{{CSIP}}}CONTENTINFORMATIONTYPE": ERMS_CONTENT_TYPE,
            "PROFILE": SIP_PROFILE,
        },
        nsmap={"mets": METS, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI},
    )
    header = _add(
        root,
        _m("metsHdr"),
        {
            "CREATEDATE": stamp(created),
            "RECORDSTATUS": record_status,
            f"{{{CSIP}}}OAISPACKAGETYPE": "SIP",
        },
    )
    software = _add(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _add(software, _m("name"), SOFTWARE)
    _add(software, _m("note"), SOFTWARE_VERSION, **{f"{{{CSIP}}}NOTETYPE": "SOFTWARE VERSION"})
    return root, header


@dataclass(frozen=True)
class Section:
    """A group of the package's files: its METS USE and the files with their paths."""

    use: str
    files: list[tuple[str, ArchivedFile]]


def mets_xml(
    *,
    prize_year: PrizeYear,
    object_id: str,
    descriptive: tuple[str, ArchivedFile],
    preservation: tuple[str, ArchivedFile],
    sections: list[Section],
    representation_mets: tuple[str, ArchivedFile],
) -> bytes:
    """The package's root METS: who made and who delivers it, and every file it holds."""
    created = prize_year.closed_at
    root, header = _mets_root(
        object_id=object_id,
        label=f"{prize_year.prize.name} {prize_year.year}, dnr {prize_year.case_number}",
        created=created,
        record_status="NEW",
    )
    owner = prize_year.prize.owner
    creator = _add(header, _m("agent"), ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    _add(creator, _m("name"), owner.archival_creator)
    if owner.organisation_number:
        _add(
            creator,
            _m("note"),
            owner.organisation_number,
            **{f"{{{CSIP}}}NOTETYPE": "IDENTIFICATIONCODE"},
        )
    submitter = _add(header, _m("agent"), ROLE="OTHER", OTHERROLE="SUBMITTER", TYPE="ORGANIZATION")
    _add(submitter, _m("name"), owner.archival_submitter)
    if settings.ARCHIVE_SUBMISSION_AGREEMENT:
        _add(
            header,
            _m("altRecordID"),
            settings.ARCHIVE_SUBMISSION_AGREEMENT,
            TYPE="SUBMISSIONAGREEMENT",
        )
    if prize_year.case_number:
        _add(header, _m("altRecordID"), prize_year.case_number, TYPE="REFERENCECODE")

    for section_id, tag, (path, document), md_type in (
        ("dmd-erms", "dmdSec", descriptive, {"MDTYPE": "OTHER", "OTHERMDTYPE": "ERMS"}),
        ("amd-premis", "digiprovMD", preservation, {"MDTYPE": "PREMIS"}),
    ):
        if tag == "dmdSec":
            section = _add(
                root, _m("dmdSec"), ID=section_id, CREATED=stamp(created), STATUS="CURRENT"
            )
        else:
            section = _add(
                _add(root, _m("amdSec")), _m("digiprovMD"), ID=section_id, STATUS="CURRENT"
            )
        _add(
            section,
            _m("mdRef"),
            {
                "LOCTYPE": "URL",
                f"{{{XLINK}}}type": "simple",
                f"{{{XLINK}}}href": path,
                **md_type,
                "MIMETYPE": document.mime,
                "SIZE": str(document.size),
                "CREATED": stamp(document.created),
                "CHECKSUM": document.sha256,
                "CHECKSUMTYPE": "SHA-256",
            },
        )

    file_section = _add(root, _m("fileSec"), ID="filesec")
    group_ids = {}
    counter = 0
    for section in sections:
        group_id = "grp-" + section.use.lower().replace("/", "-")
        group_ids[section.use] = group_id
        attrs = {"ID": group_id, "USE": section.use}
        if section.use.startswith("Representations"):
            attrs[f"{{{CSIP}}}CONTENTINFORMATIONTYPE"] = ERMS_CONTENT_TYPE
        group = _add(file_section, _m("fileGrp"), attrs)
        for path, document in section.files:
            counter += 1
            _file_entry(group, file_id=f"file-{counter:05d}", path=path, document=document)

    structure = _add(root, _m("structMap"), ID="structmap", TYPE="PHYSICAL", LABEL="CSIP")
    package = _add(structure, _m("div"), ID="div-package", LABEL=object_id)
    _add(
        package,
        _m("div"),
        ID="div-metadata",
        LABEL="Metadata",
        ADMID="amd-premis",
        DMDID="dmd-erms",
    )
    for section in sections:
        label = "Representations" if section.use.startswith("Representations") else section.use
        div = _add(package, _m("div"), ID=f"div-{group_ids[section.use]}", LABEL=label)
        if label == "Representations":
            _add(div, _m("fptr"), FILEID=group_ids[section.use])
            rep = _add(div, _m("div"), ID="div-rep1", LABEL=section.use)
            _add(
                rep,
                _m("mptr"),
                {
                    f"{{{XLINK}}}title": "rep1",
                    f"{{{XLINK}}}href": representation_mets[0],
                    f"{{{XLINK}}}type": "simple",
                    "LOCTYPE": "URL",
                },
            )
        else:
            _add(div, _m("fptr"), FILEID=group_ids[section.use])
    return _bytes(root)


def representation_mets_xml(
    *, prize_year: PrizeYear, object_id: str, files: list[tuple[str, ArchivedFile]]
) -> bytes:
    """The representation's own METS: its data files, paths relative to it."""
    root, _header = _mets_root(
        object_id=f"{object_id}-rep1",
        label=f"{prize_year.prize.name} {prize_year.year}: handlingarna",
        created=prize_year.closed_at,
        record_status="NEW",
    )
    file_section = _add(root, _m("fileSec"), ID="filesec-rep1")
    group = _add(
        file_section,
        _m("fileGrp"),
        {"ID": "grp-data", "USE": "Data", f"{{{CSIP}}}CONTENTINFORMATIONTYPE": ERMS_CONTENT_TYPE},
    )
    for number, (path, document) in enumerate(files, start=1):
        _file_entry(group, file_id=f"rep1-file-{number:05d}", path=path, document=document)
    structure = _add(root, _m("structMap"), ID="structmap-rep1", TYPE="PHYSICAL", LABEL="CSIP")
    div = _add(structure, _m("div"), ID="div-rep1", LABEL="rep1")
    _add(_add(div, _m("div"), ID="div-rep1-data", LABEL="Data"), _m("fptr"), FILEID="grp-data")
    return _bytes(root)
