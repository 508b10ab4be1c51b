"""The archive package of a closed year, checked offline as Stadsarkivet would check it.

The E-ARK Foundation's validator (eark-validator) reads four CSIP vocabularies over
the network when it is imported; the tests serve the published files from
tests/jury/archive_vocabularies/ and refuse every other address, so nothing here
reaches the network.
"""

import hashlib
import io
import urllib.request
import urllib.response
import zipfile
from datetime import timedelta
from pathlib import Path
from urllib.error import URLError

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from pypdf import PdfReader

from jury.archive.metadata import DATA, ERMS, METS, PREMIS
from jury.archive.package import SCHEMAS, build_package
from jury.closing import close_year
from jury.models import BasisDocument, BasisKind, Decision
from nominations.models import (
    AuditAction,
    AuditEntry,
    Nomination,
    PrizeYear,
    RetentionDataKind,
    ScreeningStatus,
)
from nominations.privacy import record_retention_rule, remove_attachments, remove_contact_details
from nominations.screening import screen_nomination
from tests.attachment_files import attach_to, pdf_file, png_file
from tests.factories import (
    corrected,
    log_in_verified,
    make_announced_year,
    make_nomination,
)

# A package holds each nomination and the system description as PDF/A.
pytestmark = pytest.mark.pdf

VOCABULARIES = Path(__file__).parent / "archive_vocabularies"
VOCABULARY_BASE = "https://earkcsip.dilcis.eu/schema/"
CHANGELIST = reverse("admin:nominations_prizeyear_changelist")
CONTACT_RULE = "Gallringsbeslut SN 2029/17"
FILES_RULE = "Dokumenthanteringsplan Socialförvaltningen, 4.2.2"


class _LocalVocabularies(urllib.request.BaseHandler):
    """Serves the validator's vocabularies from the test folder; any other URL is refused."""

    handler_order = 100

    def https_open(self, request):
        url = request.full_url
        name = url.removeprefix(VOCABULARY_BASE)
        if not url.startswith(VOCABULARY_BASE) or not (VOCABULARIES / name).is_file():
            raise URLError(f"the tests reach no network: {url}")
        body = io.BytesIO((VOCABULARIES / name).read_bytes())
        response = urllib.response.addinfourl(body, headers={}, url=url, code=200)
        response.msg = "OK"
        return response

    http_open = https_open


@pytest.fixture(scope="module")
def eark_validator():
    urllib.request.install_opener(urllib.request.build_opener(_LocalVocabularies()))
    try:
        from eark_validator.packages import PackageValidator

        yield PackageValidator
    finally:
        urllib.request.install_opener(None)


def _rule(kind: str, reference: str, by):
    return record_retention_rule(
        data_kind=kind,
        reference=reference,
        decided_on=timezone.localdate() - timedelta(days=365),
        period_days=10,
        by=by,
    )


@pytest.fixture
def year_with_records(prize_year, administrator):
    """A year with a corrected nomination and attached files, through to the announcement."""
    nomination = corrected(make_nomination(prize_year), description="Rättad text.")
    screen_nomination(
        nomination=nomination,
        verdicts={
            c.key: (ScreeningStatus.PASSED, "") for c in prize_year.criteria.all() if c.is_mandatory
        },
        by=administrator,
    )
    attach_to(nomination, png_file(), pdf_file())
    make_announced_year(prize_year, with_basis=True)
    return prize_year


@pytest.fixture
def closed_year(year_with_records, administrator):
    """Closed, then the contact details and the files removed under their rules."""
    close_year(prize_year=year_with_records, by=administrator)
    _rule(RetentionDataKind.NOMINATOR_CONTACT, CONTACT_RULE, administrator)
    _rule(RetentionDataKind.ATTACHMENTS, FILES_RULE, administrator)
    remove_contact_details()
    remove_attachments()
    year_with_records.refresh_from_db()
    return year_with_records


@pytest.fixture
def package_folder(closed_year, tmp_path):
    call_command("archive_year", str(closed_year.year), "--out", str(tmp_path / "out"))
    (folder,) = (tmp_path / "out").iterdir()
    return folder


def _parse(path: Path):
    return etree.parse(str(path), etree.XMLParser(no_network=True))


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(_parse(SCHEMAS / name))


def _mets_files(folder: Path) -> dict[str, etree._Element]:
    mets = _parse(folder / "METS.xml")
    return {
        f.find(f"{{{METS}}}FLocat").get("{http://www.w3.org/1999/xlink}href"): f
        for f in mets.iter(f"{{{METS}}}file")
    }


# Two rules of eark-validator 1.1.3 (the newest on PyPI) that no CSIP 2.1.0 package can
# pass, each reported once per element it looks at:
# - CSIP63 asserts "(@CIT = 'OTHER' and @OTHERCIT) or (@CIT != 'OTHER' and not(@CIT))"
#   on every fileGrp; the second half can never hold, so every group whose content
#   information type is not OTHER fails, though the specification asks for the other
#   type only when it is OTHER.
# - SIP14 asks every note of a CREATOR agent for an unqualified NOTETYPE of
#   IDENTIFICATIONCODE, but CSIP15 and CSIP16 require the software agent (the one
#   CREATOR) to have exactly one note, typed csip:NOTETYPE "SOFTWARE VERSION", and the
#   METS schema allows no unqualified attribute on a note.
# The test checks that these fire on exactly those elements and that nothing else does.
VALIDATOR_DEFECTS = {"CSIP63", "SIP14"}


def test_package_accepted_by_the_eark_validator(package_folder, eark_validator):
    report = eark_validator(package_folder).validation_report
    messages = [
        *report.structure.messages,
        *report.metadata.schema_results.messages,
        *report.metadata.schematron_results.messages,
    ]
    errors = [m for m in messages if m.severity.name == "ERROR"]
    assert [f"{m.rule_id}: {m.message}" for m in errors if m.rule_id not in VALIDATOR_DEFECTS] == []
    mets = _parse(package_folder / "METS.xml")
    groups = list(mets.iter(f"{{{METS}}}fileGrp"))
    cit = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}CONTENTINFORMATIONTYPE"
    assert all(group.get(cit) != "OTHER" for group in groups)
    assert [m.rule_id for m in errors].count("CSIP63") == len(groups)
    creators = mets.findall(f"{{{METS}}}metsHdr/{{{METS}}}agent[@ROLE='CREATOR']")
    assert [m.rule_id for m in errors].count("SIP14") == len(creators) == 1
    assert report.package.details.oaispackagetype == "SIP"


def test_erms_valid_against_its_schema(package_folder):
    erms = _parse(package_folder / "metadata/descriptive/erms.xml")
    _schema("ERMS.xsd").assertValid(erms)


def test_premis_valid_against_its_schema(package_folder):
    premis = _parse(package_folder / "metadata/preservation/premis.xml")
    _schema("premis.xsd").assertValid(premis)


def test_own_documents_valid_against_the_packages_schema(package_folder):
    schema = _schema("trygghetspris-arkiv.xsd")
    documents = sorted((package_folder / DATA).rglob("*.xml"))
    for document in documents:
        schema.assertValid(_parse(document))
    assert len(documents) == 4  # two nominations, the audit trail, the retention rules


def test_every_file_listed_in_mets_with_its_checksum_and_size(package_folder):
    listed = _mets_files(package_folder)
    on_disk = {str(p.relative_to(package_folder)) for p in package_folder.rglob("*") if p.is_file()}
    references = _parse(package_folder / "METS.xml").iter(f"{{{METS}}}mdRef")
    metadata = {r.get("{http://www.w3.org/1999/xlink}href"): r for r in references}
    assert set(listed) | set(metadata) == on_disk - {"METS.xml"}
    for path, entry in {**listed, **metadata}.items():
        content = (package_folder / path).read_bytes()
        assert entry.get("CHECKSUM") == hashlib.sha256(content).hexdigest()
        assert entry.get("SIZE") == str(len(content))


def test_decision_archived_as_stored(package_folder, closed_year):
    decision = Decision.objects.get(prize_year=closed_year)
    stored = package_folder / DATA / f"beslut/beslut-{closed_year.year}.pdf"
    assert stored.read_bytes() == bytes(decision.document)


def test_frozen_basis_archived_as_stored(package_folder, closed_year):
    documents = BasisDocument.objects.filter(prize_year=closed_year)
    assert sorted(d.kind for d in documents) == sorted(BasisKind.values)
    for document in documents:
        archived = package_folder / DATA / "beslutsunderlag" / document.filename()
        assert archived.read_bytes() == bytes(document.content)
    erms = _parse(package_folder / "metadata/descriptive/erms.xml")
    texts = " ".join(
        " ".join(r.itertext())
        for r in erms.iter(f"{{{ERMS}}}record")
        if r.get("recordType") == "beslutsunderlag"
    )
    assert all(f"SHA-256: {d.sha256}." in texts for d in documents)


def test_removed_files_absent_and_their_removal_listed(package_folder):
    assert not list((package_folder / DATA).glob("bilagor/*"))
    erms = _parse(package_folder / "metadata/descriptive/erms.xml")
    removals = [r for r in erms.iter(f"{{{ERMS}}}record") if r.get("recordType") == "gallring"]
    texts = " ".join(" ".join(r.itertext()) for r in removals)
    assert len(removals) == 2
    assert FILES_RULE in texts and CONTACT_RULE in texts
    premis = _parse(package_folder / "metadata/preservation/premis.xml")
    assert [e.text for e in premis.iter(f"{{{PREMIS}}}eventType")].count("deletion") == 2


def test_removed_contact_details_in_no_file(package_folder, closed_year):
    for path in package_folder.rglob("*"):
        if path.is_file() and path.suffix == ".xml":
            text = path.read_text()
            assert "Nina Nominerare" not in text
            assert "@example.se" not in text


def test_earlier_version_kept_as_a_record(package_folder):
    erms = _parse(package_folder / "metadata/descriptive/erms.xml")
    kinds = [r.get("recordType") for r in erms.iter(f"{{{ERMS}}}record")]
    assert kinds.count("tidigare_version") == 1
    assert kinds.count("nominering") == 2


def test_kept_image_archived_as_it_arrived_and_as_pdfa(year_with_records, administrator):
    close_year(prize_year=year_with_records, by=administrator)
    package = build_package(prize_year=year_with_records)
    originals = {p for p in package.files if p.startswith(DATA + "bilagor/")}
    assert any(p.endswith("-original.png") for p in originals)
    assert any(p.endswith("-pdfa.pdf") for p in originals)
    assert any(p.endswith("-original.pdf") for p in originals)
    assert len(originals) == 3  # the PDF as it came, the image and its PDF/A copy


def test_mets_names_creator_submitter_agreement_and_case(settings, closed_year):
    settings.ARCHIVE_SUBMISSION_AGREEMENT = "Leveransöverenskommelse SSA 2031/5"
    mets = etree.fromstring(build_package(prize_year=closed_year).files["METS.xml"])
    header = mets.find(f"{{{METS}}}metsHdr")
    agents = {a.get("ROLE"): a.findtext(f"{{{METS}}}name") for a in header.iter(f"{{{METS}}}agent")}
    records = {a.get("TYPE"): a.text for a in header.iter(f"{{{METS}}}altRecordID")}
    assert agents["ARCHIVIST"] == "Socialnämnden, Stockholms stad"
    assert agents["OTHER"] == "Socialförvaltningen, Stockholms stad"
    assert records == {
        "SUBMISSIONAGREEMENT": "Leveransöverenskommelse SSA 2031/5",
        "REFERENCECODE": closed_year.case_number,
    }


def test_command_and_admin_action_give_the_same_package(
    closed_year, administrator_client, tmp_path
):
    call_command("archive_year", str(closed_year.year), "--out", str(tmp_path), "--zip")
    (written,) = tmp_path.glob("*.zip")
    response = administrator_client.post(
        CHANGELIST,
        {"action": "download_archive_package", "_selected_action": [closed_year.pk]},
    )
    downloaded = b"".join(response.streaming_content)
    assert written.read_bytes() == downloaded
    assert AuditEntry.objects.filter(action=AuditAction.ARCHIVED).count() == 2


def test_zip_has_one_root_folder_named_by_the_package(closed_year, tmp_path):
    call_command("archive_year", str(closed_year.year), "--out", str(tmp_path), "--zip")
    (written,) = tmp_path.glob("*.zip")
    names = zipfile.ZipFile(written).namelist()
    assert {name.split("/")[0] for name in names} == {written.stem}
    assert f"{written.stem}/METS.xml" in names


def test_open_year_refused_by_the_command_with_the_reason(year_with_records, tmp_path):
    with pytest.raises(CommandError, match="inte avslutat"):
        call_command("archive_year", str(year_with_records.year), "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_open_year_refused_in_the_admin_with_the_reason(administrator_client, year_with_records):
    response = administrator_client.post(
        CHANGELIST,
        {"action": "download_archive_package", "_selected_action": [year_with_records.pk]},
        follow=True,
    )
    assert "är inte avslutat" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.ARCHIVED).exists()


def test_outsider_cannot_download_the_package(client, outsider, closed_year):
    log_in_verified(client, outsider)
    response = client.post(
        CHANGELIST,
        {"action": "download_archive_package", "_selected_action": [closed_year.pk]},
    )
    assert not response.has_header("Content-Disposition")
    assert not AuditEntry.objects.filter(action=AuditAction.ARCHIVED).exists()


def test_staff_without_permission_cannot_download_the_package(
    client, staff_without_permission, closed_year
):
    log_in_verified(client, staff_without_permission)
    response = client.post(
        CHANGELIST,
        {"action": "download_archive_package", "_selected_action": [closed_year.pk]},
    )
    assert not response.has_header("Content-Disposition")
    assert not AuditEntry.objects.filter(action=AuditAction.ARCHIVED).exists()


def test_nomination_pdf_is_pdfa(package_folder, closed_year):
    reference = Nomination.objects.filter(prize_year=closed_year).first().reference
    pdf = (package_folder / DATA / f"nomineringar/{reference}.pdf").read_bytes()
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")


def test_demo_years_package_accepted_by_the_eark_validator(db, tmp_path, eark_validator):
    call_command("load_demo_data", stdout=io.StringIO())
    closed = PrizeYear.objects.get(closed_at__isnull=False)
    out = tmp_path / "out"
    call_command("archive_year", str(closed.year), "--out", str(out), stdout=io.StringIO())
    (folder,) = out.iterdir()
    report = eark_validator(folder).validation_report
    messages = [
        *report.structure.messages,
        *report.metadata.schema_results.messages,
        *report.metadata.schematron_results.messages,
    ]
    errors = {m.rule_id for m in messages if m.severity.name == "ERROR"}
    assert errors <= VALIDATOR_DEFECTS
    _schema("ERMS.xsd").assertValid(_parse(folder / "metadata/descriptive/erms.xml"))
    assert (folder / DATA / f"beslut/beslut-{closed.year}.pdf").is_file()


def test_command_never_writes_over_an_earlier_package(closed_year, tmp_path):
    out = tmp_path / "out"
    call_command("archive_year", str(closed_year.year), "--out", str(out), stdout=io.StringIO())
    (folder,) = out.iterdir()
    (folder / "left-behind.txt").write_text("kvar")
    with pytest.raises(CommandError, match="finns redan"):
        call_command("archive_year", str(closed_year.year), "--out", str(out))
    assert (folder / "left-behind.txt").exists()
