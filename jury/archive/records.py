"""The records of a closed year as the archive package carries them: one function per kind.

Each function reads one kind of record from the rows and returns it as `Record`s,
with the documents (`ArchivedFile`s) that belong to it. `RECORD_KINDS` lists them in
the order the case file shows them; a new kind of record (such as the frozen basis of
the decision) is one more function there, and the ERMS, PREMIS and METS follow.

What a retention rule removed is never read: a nomination whose contact details went
carries none, a removed file has no bytes here, and the removal itself is a record
naming the rule (nominations/privacy.py writes what was removed in the audit trail).
Every date is the record's own, so the same year always gives the same package.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from lxml import etree

from nominations import attachments as attachment_files
from nominations.models import (
    Attachment,
    AuditAction,
    AuditEntry,
    Nomination,
    PrizeYear,
    RetentionRule,
)
from trygghetspris.people import display_name

from ..documents import render
from ..models import (
    BasisDocument,
    CommitteeDecision,
    ConflictDeclaration,
    ConflictQuestion,
    Decision,
    JuryMembership,
    Vote,
)

# Our own XML documents (nominations, the audit trail, the retention rules); their
# schema is in the package (jury/archive/schemas/trygghetspris-arkiv.xsd).
NAMESPACE = "urn:x-trygghetspris:arkiv:1"
PDF_A = "PDF/A-2b"


@dataclass(frozen=True)
class ArchivedFile:
    """One document of the package, under representations/rep1/data/."""

    path: str
    content: bytes
    mime: str
    created: datetime
    format_name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class Record:
    """One record (handling) of the year's case, as ERMS describes it."""

    id: str
    kind: str
    title: str
    at: datetime
    # ERMS's dateType of `at`: "created", "received", "decision" and so on.
    date_type: str
    agent: str
    description: str = ""
    # ERMS's agentType of `agent`.
    agent_type: str = "creator"
    incoming: bool = False
    notes: list[str] = field(default_factory=list)
    files: list[ArchivedFile] = field(default_factory=list)


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _element(parent: etree._Element, name: str, text: str | None = None, **attrs) -> etree._Element:
    child = etree.SubElement(
        parent, f"{{{NAMESPACE}}}{name}", {k: str(v) for k, v in attrs.items()}
    )
    if text is not None:
        child.text = str(text)
    return child


def archival_pdf(template: str, context: dict, *, printed_at: datetime) -> bytes:
    """A PDF/A of our own template, dated `printed_at` so that it renders the same again."""
    html = render.render_html(template=template, context=context, printed_at=printed_at)
    return render.write_pdf(html, printed_at=printed_at)


def printed_at(prize_year: PrizeYear) -> datetime:
    """The date every document the package makes carries: the closing of the year."""
    return prize_year.closed_at or timezone.now()


def _who(user, fallback: str = "system") -> str:
    return display_name(user) if user else fallback


def nomination_xml(nomination: Nomination) -> bytes:
    """The nomination as received and as it stands, with its earlier versions."""
    root = etree.Element(f"{{{NAMESPACE}}}nominering", nsmap={None: NAMESPACE})
    _element(root, "referens", nomination.reference)
    _element(root, "mottagen", nomination.submitted_at.isoformat())
    _element(root, "kanal", nomination.get_channel_display(), kod=nomination.channel)
    _element(root, "insats", nomination.effort_name)
    _element(root, "stadsdel", nomination.get_district_display())
    _element(root, "beskrivning", nomination.description)
    organisations = _element(root, "organisationer")
    for organisation in nomination.organisations.all():
        _element(organisations, "organisation", organisation.name)
    answers = _element(root, "svar")
    for criterion, text in nomination.answers_in_order():
        _element(answers, "kriterium", text, nyckel=criterion.key, rubrik=criterion.title)
    nominator = _element(root, "nominerande")
    if nomination.contact_removed_at is not None:
        _element(nominator, "gallrad", nomination.contact_removed_at.isoformat())
    else:
        _element(nominator, "namn", nomination.nominator_name)
        _element(nominator, "epost", nomination.nominator_email)
        _element(nominator, "telefon", nomination.nominator_phone)
    if nomination.withdrawn_at:
        _element(root, "aterkallad", nomination.withdrawn_at.isoformat())
    versions = _element(root, "tidigareVersioner")
    for version in nomination.versions.all():
        entry = _element(
            versions,
            "version",
            nummer=version.number,
            mottagen=version.received_at.isoformat(),
            ersatt=version.replaced_at.isoformat(),
        )
        _element(entry, "insats", version.effort_name)
        _element(entry, "stadsdel", version.get_district_display())
        _element(entry, "beskrivning", version.description)
        for name in version.organisations:
            _element(entry, "organisation", str(name))
        for criterion, text in version.answers_in_order():
            _element(entry, "kriterium", text, nyckel=criterion.key if criterion else "")
    return _xml(root)


def _nominations(prize_year: PrizeYear):
    return (
        Nomination.objects.filter(prize_year=prize_year)
        .select_related("prize_year", "registered_by", "screened_by", "set_aside_by")
        .prefetch_related(
            "organisations", "answers", "versions", "verdicts__criterion", "prize_year__criteria"
        )
        .order_by("submitted_at", "pk")
    )


def nomination_records(prize_year: PrizeYear) -> list[Record]:
    """Each nomination as XML and PDF/A, its earlier versions and its withdrawal."""
    at = printed_at(prize_year)
    records = []
    for nomination in _nominations(prize_year):
        name = f"nomineringar/{nomination.reference}"
        nominator = (
            "Nominerande (uppgift gallrad)"
            if nomination.contact_removed_at
            else nomination.nominator_name or "Nominerande"
        )
        record = Record(
            id=nomination.reference,
            kind="nominering",
            title=f"Nominering {nomination.reference}: {nomination.effort_name}",
            at=nomination.submitted_at,
            date_type="received",
            agent=nominator,
            agent_type="counterpart",
            incoming=True,
            description=f"Inkommen via {nomination.get_channel_display()}.",
            files=[
                ArchivedFile(f"{name}.xml", nomination_xml(nomination), "text/xml", at, "XML"),
                ArchivedFile(
                    f"{name}.pdf",
                    archival_pdf(
                        "jury/archive/nomination.html",
                        {"n": nomination, "prize_year": nomination.prize_year},
                        printed_at=at,
                    ),
                    "application/pdf",
                    at,
                    PDF_A,
                ),
            ],
        )
        if nomination.registered_by:
            record.notes.append(f"Registrerad av {_who(nomination.registered_by)}.")
        if nomination.contact_removed_at:
            record.notes.append(
                f"Kontaktuppgifterna gallrades {_local(nomination.contact_removed_at)}."
            )
        records.append(record)
        for version in nomination.versions.all():
            records.append(
                Record(
                    id=f"{nomination.reference}-v{version.number}",
                    kind="tidigare_version",
                    title=f"Nominering {nomination.reference}, version {version.number}",
                    at=version.received_at,
                    date_type="received",
                    agent=nominator,
                    agent_type="counterpart",
                    incoming=True,
                    description="Ersatt av den nominerandes rättelse "
                    f"{_local(version.replaced_at)}.",
                )
            )
        if nomination.withdrawn_at:
            records.append(
                Record(
                    id=f"{nomination.reference}-aterkallelse",
                    kind="aterkallelse",
                    title=f"Återkallelse av nominering {nomination.reference}",
                    at=nomination.withdrawn_at,
                    date_type="received",
                    agent=nominator,
                    agent_type="counterpart",
                    incoming=True,
                )
            )
    return records


def screening_records(prize_year: PrizeYear) -> list[Record]:
    """Each nomination's screening verdicts with their reasons, and each setting aside."""
    records = []
    for nomination in _nominations(prize_year):
        if nomination.screened_at:
            lines = [
                f"{verdict.criterion.title}: {verdict.get_status_display()}"
                + (f" – {verdict.reason}" if verdict.reason else "")
                for verdict in nomination.verdicts.all()
            ]
            records.append(
                Record(
                    id=f"{nomination.reference}-gallring",
                    kind="formell_provning",
                    title=f"Formell prövning av nominering {nomination.reference}",
                    at=nomination.screened_at,
                    date_type="decision",
                    agent=_who(nomination.screened_by),
                    description="\n".join(lines),
                )
            )
        if nomination.set_aside_at:
            records.append(
                Record(
                    id=f"{nomination.reference}-avskild",
                    kind="avskild",
                    title=f"Nominering {nomination.reference} lagd åt sidan",
                    at=nomination.set_aside_at,
                    date_type="decision",
                    agent=_who(nomination.set_aside_by),
                    description=nomination.set_aside_reason,
                )
            )
    return records


def appointment_records(prize_year: PrizeYear) -> list[Record]:
    memberships = (
        JuryMembership.objects.filter(prize_year=prize_year)
        .select_related("user", "decided_by", "appointed_by", "ended_by")
        .order_by("appointed_at", "pk")
    )
    records = []
    for membership in memberships:
        record = Record(
            id=f"forordnande-{membership.pk}",
            kind="forordnande",
            title=f"Förordnande: {membership.display_name}, {membership.get_role_display()}",
            at=membership.appointed_at,
            date_type="decision",
            agent=_who(membership.decided_by or membership.appointed_by),
            description=membership.decision_reference,
        )
        if membership.ended_at:
            record.notes.append(
                f"Förordnandet avslutades {_local(membership.ended_at)} av "
                f"{_who(membership.ended_by)}."
            )
        records.append(record)
    return records


def conflict_records(prize_year: PrizeYear) -> list[Record]:
    """Jäv: each declaration, withdrawn or not, and each question with its ruling."""
    records = []
    declarations = (
        ConflictDeclaration.objects.filter(effort__prize_year=prize_year)
        .select_related("juror", "effort")
        .order_by("declared_at", "pk")
    )
    for declaration in declarations:
        record = Record(
            id=f"jav-{declaration.pk}",
            kind="javsanmalan",
            title=f"Jävsanmälan: {_who(declaration.juror)} – {declaration.effort.name}",
            at=declaration.declared_at,
            date_type="received",
            agent=_who(declaration.juror),
            description=declaration.reason,
        )
        if declaration.withdrawn_at:
            record.notes.append(f"Återkallad {_local(declaration.withdrawn_at)}.")
        records.append(record)
    questions = (
        ConflictQuestion.objects.filter(prize_year=prize_year)
        .select_related("juror", "effort", "ruled_by")
        .prefetch_related("votes__juror")
        .order_by("recorded_at", "pk")
    )
    for question in questions:
        record = Record(
            id=f"javsfraga-{question.pk}",
            kind="javsfraga",
            title=f"Fråga om jäv: {_who(question.juror)} – {question.effort.name}",
            at=question.ruled_at or question.recorded_at,
            date_type="decision" if question.ruled_at else "received",
            agent=_who(question.ruled_by, question.raised_by),
            description=f"{question.question}\n\nBeslut: {question.get_outcome_display()}. "
            f"{question.ruling_reasons}",
        )
        for vote in question.votes.all():
            verdict = "jävig" if vote.disqualified else "inte jävig"
            record.notes.append(f"{_who(vote.juror)}: {verdict} – {vote.reasons}")
        records.append(record)
    return records


def vote_records(prize_year: PrizeYear) -> list[Record]:
    votes = (
        Vote.objects.filter(prize_year=prize_year)
        .select_related("juror", "effort", "category")
        .order_by("cast_at", "pk")
    )
    return [
        Record(
            id=f"rost-{vote.pk}",
            kind="rost",
            # In a year with categories each vote is in one of them.
            title=f"Röst: {_who(vote.juror)} – {vote.effort.name}"
            + (f" (kategori {vote.category.name})" if vote.category else ""),
            at=vote.cast_at,
            date_type="created",
            agent=_who(vote.juror),
        )
        for vote in votes
    ]


def _outcome(decision: Decision | CommitteeDecision) -> str:
    """The winners as the title names them, or that the prize was not awarded."""
    names = [effort.name for effort in decision.winners]
    if not names:
        return "inte utdelat"
    if decision.winners_by_category:
        return decision.winner_names
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def decision_records(prize_year: PrizeYear) -> list[Record]:
    """The decision as it was stored at its justering, its bytes as they are, and reservations."""
    decision = (
        Decision.objects.select_related("effort", "decided_by", "justerare")
        .prefetch_related("reservations__juror")
        .filter(prize_year=prize_year)
        .first()
    )
    if decision is None:
        return []
    checked = max(filter(None, [decision.chair_checked_at, decision.justerare_checked_at]))
    records = [
        Record(
            id=f"beslut-{prize_year.year}",
            kind="beslut",
            # Where a committee decides, the jury's record is its proposal (jury/committee.py).
            title=f"Juryns förslag om {prize_year.prize.name} {prize_year.year}: "
            f"{_outcome(decision)}"
            if prize_year.prize.committee_decides
            else f"Beslut om {prize_year.prize.name} {prize_year.year}: {_outcome(decision)}",
            at=decision.decided_at,
            date_type="decision",
            agent=_who(decision.decided_by),
            description=decision.motivation or decision.not_awarded_reason,
            notes=[
                f"Justerat {_local(checked)} av ordföranden och {_who(decision.justerare)}.",
                f"SHA-256 för det lagrade beslutet: {decision.document_sha256}.",
            ],
            files=[
                ArchivedFile(
                    f"beslut/beslut-{prize_year.year}.pdf",
                    bytes(decision.document),
                    "application/pdf",
                    checked,
                    PDF_A,
                )
            ]
            if decision.document is not None
            else [],
        )
    ]
    for reservation in decision.reservations.all():
        records.append(
            Record(
                id=f"reservation-{reservation.pk}",
                kind="reservation",
                title=f"Reservation: {_who(reservation.juror)}",
                at=reservation.entered_at,
                date_type="created",
                agent=_who(reservation.juror),
                description=reservation.text,
            )
        )
    return records


def committee_records(prize_year: PrizeYear) -> list[Record]:
    """The committee's decision on the jury's proposal, where one decides, as it was stored."""
    committee = (
        CommitteeDecision.objects.select_related("effort", "recorded_by")
        .prefetch_related("shared_winners__effort")
        .filter(prize_year=prize_year)
        .first()
    )
    if committee is None:
        return []
    followed = "enligt juryns förslag" if committee.followed_proposal else "inte enligt förslaget"
    # The title names every winner, or that the prize is not awarded; the reason follows.
    reason = "" if committee.awarded else f"Skäl: {committee.not_awarded_reason}"
    return [
        Record(
            id=f"namndbeslut-{prize_year.year}",
            kind="namndbeslut",
            title=f"{committee.body}: beslut om {prize_year.prize.name} {prize_year.year}: "
            f"{_outcome(committee)}",
            at=committee.recorded_at,
            date_type="decision",
            agent=committee.body,
            description="\n\n".join(t for t in (reason, committee.motivation) if t),
            notes=[
                f"Beslutat {committee.decided_on:%Y-%m-%d}, {committee.paragraph}, "
                f"dnr {committee.case_number}, {followed}.",
                f"Registrerat av {_who(committee.recorded_by)}.",
                f"SHA-256 för det lagrade beslutet: {committee.document_sha256}.",
            ],
            files=[
                ArchivedFile(
                    f"beslut/namndens-beslut-{prize_year.year}.pdf",
                    bytes(committee.document),
                    "application/pdf",
                    committee.recorded_at,
                    PDF_A,
                )
            ]
            if committee.document is not None
            else [],
        )
    ]


def basis_records(prize_year: PrizeYear) -> list[Record]:
    """The basis of the decision as frozen when the vote opened (jury/basis.py), as stored."""
    documents = BasisDocument.objects.stored().select_related("created_by", "prize_year")
    return [
        Record(
            id=f"beslutsunderlag-{document.kind}-{prize_year.year}",
            kind="beslutsunderlag",
            title=document.title,
            at=document.created_at,
            date_type="created",
            agent=_who(document.created_by),
            notes=[
                f"Fryst när omröstningen öppnades {_local(document.created_at)}; "
                f"lagrat {_local(document.stored_at)}.",
                f"SHA-256: {document.sha256}.",
            ],
            files=[
                ArchivedFile(
                    f"beslutsunderlag/{document.filename()}",
                    bytes(document.content),
                    "application/pdf",
                    document.stored_at,
                    PDF_A,
                )
            ],
        )
        for document in documents.filter(prize_year=prize_year).order_by("kind")
    ]


def attachment_records(prize_year: PrizeYear) -> list[Record]:
    """Each attached file still kept, as it arrived, and a PDF/A copy of an image."""
    at = printed_at(prize_year)
    records = []
    files = (
        Attachment.objects.kept()
        .filter(nomination__prize_year=prize_year)
        .select_related("nomination")
        .order_by("nomination__submitted_at", "nomination__pk", "position", "pk")
    )
    for attachment in files:
        with attachment_files.storage().open(attachment.stored_name) as stored:
            content = stored.read()
        stem = f"bilagor/{attachment.nomination.reference}-{attachment.position + 1}"
        extension = "pdf" if attachment.is_pdf else attachment.content_type.split("/")[-1]
        documents = [
            ArchivedFile(
                f"{stem}-original.{extension}",
                content,
                attachment.content_type,
                attachment.created_at,
                attachment.content_type.split("/")[-1].upper(),
            )
        ]
        if attachment.is_image:
            # A PDF/A copy as the image's long-term form; a PDF that arrived is kept as it
            # is, since only its sender could make it PDF/A without changing it.
            image = f"data:{attachment.content_type};base64,{base64.b64encode(content).decode()}"
            documents.append(
                ArchivedFile(
                    f"{stem}-pdfa.pdf",
                    archival_pdf(
                        "jury/archive/attachment.html",
                        {
                            "attachment": attachment,
                            "image": image,
                            "prize_year": attachment.nomination.prize_year,
                        },
                        printed_at=at,
                    ),
                    "application/pdf",
                    at,
                    PDF_A,
                )
            )
        records.append(
            Record(
                id=f"{attachment.nomination.reference}-bilaga-{attachment.position + 1}",
                kind="bilaga",
                title=f"Bilaga till {attachment.nomination.reference}: {attachment.original_name}",
                at=attachment.created_at,
                date_type="received",
                agent="Nominerande",
                agent_type="counterpart",
                incoming=True,
                notes=[f"SHA-256 vid ankomst: {attachment.sha256}."],
                files=documents,
            )
        )
    return records


def _entries(prize_year: PrizeYear, *actions: str):
    return AuditEntry.objects.filter(prize_year=prize_year, action__in=actions).order_by("at", "pk")


def step_records(prize_year: PrizeYear) -> list[Record]:
    """The announcement and the closing of the year, each as the audit trail has it."""
    return [
        Record(
            id=f"{entry.action}-{entry.pk}",
            kind=entry.action,
            title=entry.get_action_display().capitalize(),
            at=entry.at,
            date_type="created",
            agent=entry.actor_name,
            description=entry.summary,
        )
        for entry in _entries(prize_year, AuditAction.ANNOUNCED, AuditAction.YEAR_CLOSED)
    ]


REMOVALS = (AuditAction.CONTACT_REMOVED, AuditAction.ATTACHMENTS_REMOVED)


def removal_records(prize_year: PrizeYear) -> list[Record]:
    """Each removal under a retention rule: what went, how many, under which rule."""
    return [
        Record(
            id=f"gallring-{entry.pk}",
            kind="gallring",
            title=f"Gallring: {entry.get_action_display()}",
            at=entry.at,
            date_type="destroyed",
            agent=entry.actor_name,
            description=entry.summary,
            notes=[f"Gallringsbeslut: {entry.changes.get('reference', '')}"],
        )
        for entry in _entries(prize_year, *REMOVALS)
    ]


def removals(prize_year: PrizeYear) -> list[AuditEntry]:
    """The year's removals under retention rules, for PREMIS's events."""
    return list(_entries(prize_year, *REMOVALS))


def audit_trail_xml(prize_year: PrizeYear) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}handelselogg", nsmap={None: NAMESPACE})
    root.set("ar", str(prize_year.year))
    for entry in AuditEntry.objects.filter(prize_year=prize_year).order_by("at", "pk"):
        item = _element(root, "handelse", tid=entry.at.isoformat(), typ=entry.action)
        _element(item, "vem", entry.actor_name)
        _element(item, "vad", entry.get_action_display())
        _element(item, "detaljer", entry.summary)
    return _xml(root)


def retention_rules_xml() -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}gallringsregler", nsmap={None: NAMESPACE})
    for rule in RetentionRule.objects.order_by("decided_on", "pk"):
        item = _element(root, "regel", slag=rule.data_kind, beslutad=rule.decided_on.isoformat())
        _element(item, "beslut", rule.reference)
        _element(item, "dagar", str(rule.period_days))
    return _xml(root)


def register_records(prize_year: PrizeYear) -> list[Record]:
    """The year's audit trail and the retention rules, as XML."""
    at = printed_at(prize_year)
    return [
        Record(
            id=f"handelselogg-{prize_year.year}",
            kind="handelselogg",
            title=f"Händelselogg för {prize_year.prize.name} {prize_year.year}",
            at=at,
            date_type="created",
            agent="Trygghetspris (systemet)",
            files=[
                ArchivedFile(
                    f"register/handelselogg-{prize_year.year}.xml",
                    audit_trail_xml(prize_year),
                    "text/xml",
                    at,
                    "XML",
                )
            ],
        ),
        Record(
            id="gallringsregler",
            kind="gallringsregler",
            title="Gallringsregler som systemet tillämpar",
            at=at,
            date_type="created",
            agent="Trygghetspris (systemet)",
            files=[
                ArchivedFile(
                    "register/gallringsregler.xml", retention_rules_xml(), "text/xml", at, "XML"
                )
            ],
        ),
    ]


# The case file's records, kind by kind, in the order the case shows them.
RECORD_KINDS: tuple[Callable[[PrizeYear], list[Record]], ...] = (
    nomination_records,
    attachment_records,
    screening_records,
    appointment_records,
    conflict_records,
    vote_records,
    basis_records,
    decision_records,
    committee_records,
    step_records,
    removal_records,
    register_records,
)


def year_records(prize_year: PrizeYear) -> list[Record]:
    """Every record of the year, in Swedish whatever the screen language of who asks."""
    with translation.override("sv"):
        return [record for kind in RECORD_KINDS for record in kind(prize_year)]
