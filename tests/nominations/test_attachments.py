"""Files attached to a nomination: the checks, the limits, keeping them, and the record."""

import csv
import hashlib
import io
import re
import threading
import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from nominations import attachments
from nominations.attachments import clean_name, inspect_upload
from nominations.corrections import correct_nomination
from nominations.export import write_nominations_csv
from nominations.forms import NominationForm
from nominations.models import (
    VERSIONED_FIELDS,
    Attachment,
    AuditAction,
    AuditEntry,
    Nomination,
    PendingUpload,
    RetentionDataKind,
)
from nominations.privacy import NoRetentionRule, record_retention_rule, remove_attachments
from nominations.submission import submit_nomination
from tests.attachment_files import (
    acting_pdf_bytes,
    attach_to,
    attachments_rule,
    executable_file,
    image_bytes,
    jpeg_carrying_a_pdf,
    jpeg_file,
    jpeg_stating,
    noise_png,
    pdf_file,
    pdf_going_to_its_own_page_on_opening,
    pending,
    png_file,
    png_header_only,
)
from tests.factories import OPENS_AT, answers_in, make_nomination, nomination_post_data

URL = reverse("nominations:nominate", args=["trygghetspriset"])
MIDSUMMER = OPENS_AT + timedelta(days=20)


def post(client, files=(), at=MIDSUMMER, **overrides):
    data = nomination_post_data(**overrides)
    if files:
        data["attachments"] = list(files)
    with time_machine.travel(at, tick=False):
        return client.post(URL, data)


def stored_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def kept_tokens(html: str) -> list[str]:
    return re.findall(r'name="kept_attachment" value="([^"]+)"', html)


# Storing


def test_nominate_with_pdf_and_photo_stores_both_with_what_their_content_shows(
    client, prize_year, attachment_storage
):
    post(client, [pdf_file("Utvärdering 2030.pdf", pages=3), jpeg_file("Vandring.JPG")])
    nomination = Nomination.objects.get()
    pdf, photo = nomination.attachments.order_by("position")
    assert (pdf.original_name, pdf.content_type, pdf.page_count) == (
        "Utvärdering 2030.pdf",
        "application/pdf",
        3,
    )
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 640, 480)
    assert stored_files(attachment_storage) == sorted([pdf.stored_name, photo.stored_name])


def test_stored_name_is_random_with_the_extension_of_the_detected_type(
    client, prize_year, attachment_storage
):
    # A PNG named as a JPEG is stored as what it is, its name's extension too.
    post(client, [png_file("../../etc/passwd.jpg")])
    attachment = Attachment.objects.get()
    assert re.fullmatch(r"[0-9a-f]{32}\.png", attachment.stored_name)
    assert attachment.content_type == "image/png"
    assert attachment.original_name == "passwd.png"


def test_stored_file_has_the_checksum_of_what_was_sent(client, prize_year, attachment_storage):
    content = image_bytes("PNG")
    post(client, [SimpleUploadedFile("bild.png", content)])
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert (attachment_storage / attachment.stored_name).read_bytes() == content


def test_nominate_without_files_stores_no_attachment(client, prize_year, attachment_storage):
    post(client)
    assert Nomination.objects.count() == 1
    assert not Attachment.objects.exists()
    assert stored_files(attachment_storage) == []


def test_nomination_form_takes_files_of_the_three_types(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"' in html
    assert re.search(r'<input[^>]*name="attachments"[^>]*multiple', html)
    assert "högst tre filer" in html
    assert "sparas inte i utkastet" in html


# Refusals, each naming the file


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (executable_file("rapport.pdf"), "”rapport.pdf” är inte en PDF-, JPEG- eller PNG-fil"),
        (pdf_file("skript.pdf", javascript="app.alert('hej');"), "”skript.pdf” innehåller kod"),
        (pdf_file("låst.pdf", password="hemligt"), "”låst.pdf” är skyddad med lösenord"),
        (pdf_file("paket.pdf", embed=True), "”paket.pdf” har andra filer inbäddade"),
        (pdf_file("xfa.pdf", xfa=True), "”xfa.pdf” innehåller ett formulär eller länkar"),
        (
            pdf_file("skicka.pdf", action="/SubmitForm"),
            "”skicka.pdf” innehåller ett formulär eller länkar",
        ),
        (
            pdf_file("hamta.pdf", action="/ImportData"),
            "”hamta.pdf” innehåller ett formulär eller länkar",
        ),
        (
            pdf_file("inbaddad.pdf", action="/GoToE"),
            "”inbaddad.pdf” innehåller ett formulär eller länkar",
        ),
        (SimpleUploadedFile("tom.png", b""), "”tom.png” är tom"),
        (
            SimpleUploadedFile("trasig.png", image_bytes("PNG")[:300]),
            "”trasig.png” gick inte att öppna som bild",
        ),
        (
            SimpleUploadedFile("trasig.jpg", image_bytes("JPEG", size=(800, 800))[:900]),
            "”trasig.jpg” gick inte att öppna som bild",
        ),
        (
            SimpleUploadedFile("trasig.pdf", b"%PDF-1.7\n1 0 obj\n<<"),
            "”trasig.pdf” gick inte att öppna som PDF",
        ),
    ],
    ids=[
        "renamed-executable",
        "pdf-with-javascript",
        "encrypted-pdf",
        "pdf-with-embedded-file",
        "pdf-with-xfa-form",
        "pdf-submitting-its-form",
        "pdf-importing-data",
        "pdf-going-to-an-embedded-file",
        "zero-bytes",
        "truncated-png",
        "truncated-jpeg",
        "broken-pdf",
    ],
)
def test_refused_file_named_in_a_swedish_message_and_nothing_stored(
    client, prize_year, attachment_storage, upload, message
):
    response = post(client, [upload])
    html = response.content.decode()
    assert message in html
    assert "Nomineringen kunde inte skickas" in html
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []
    assert not PendingUpload.objects.exists()


def test_javascript_in_a_link_annotation_refused():
    from pypdf import PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    link = Link(rect=(10, 10, 100, 100), url="https://example.se")
    link[NameObject("/A")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.launchURL('x');"),
        }
    )
    writer.add_annotation(page_number=0, annotation=link)
    out = io.BytesIO()
    writer.write(out)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refusal:
        inspect_upload(upload=SimpleUploadedFile("länk.pdf", out.getvalue()))
    assert refusal.value.code == "javascript"


# Automatic actions: every place a PDF can act without a click, with every kind of action.

AUTOMATIC_PLACES = ["open", "document-event", "page-open", "field-event", "hover"]
# What each kind of action is refused as: anywhere for the first ones, automatically only
# for the last two.
REFUSED_ANYWHERE = {
    "/JavaScript": "javascript",
    "/Launch": "outside",
    "/GoToR": "outside",
    "/SubmitForm": "form_action",
    "/ImportData": "form_action",
    "/GoToE": "form_action",
}


def refusal_code(content: bytes, name: str = "bilaga.pdf") -> str | None:
    from django.core.exceptions import ValidationError

    try:
        inspect_upload(upload=SimpleUploadedFile(name, content))
    except ValidationError as refusal:
        return refusal.code
    return None


@pytest.mark.parametrize("where", AUTOMATIC_PLACES)
@pytest.mark.parametrize("kind", ["/URI", "/Named"])
def test_pdf_acting_by_itself_refused(where, kind):
    assert refusal_code(acting_pdf_bytes(where, kind)) == "automatic"


@pytest.mark.parametrize("where", [*AUTOMATIC_PLACES, "click"])
@pytest.mark.parametrize("kind", sorted(REFUSED_ANYWHERE))
def test_pdf_action_refused_wherever_it_is(where, kind):
    assert refusal_code(acting_pdf_bytes(where, kind)) == REFUSED_ANYWHERE[kind]


def test_pdf_opening_a_remote_file_on_a_unc_path_refused_without_saying_javascript(
    client, prize_year, attachment_storage
):
    upload = SimpleUploadedFile("Rapport.pdf", acting_pdf_bytes("page-open", "/GoToR"))
    html = post(client, [upload]).content.decode()
    assert "”Rapport.pdf” innehåller länkar eller åtgärder som startar ett program" in html
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []


def test_pdf_starting_a_program_refused_without_saying_javascript(client, prize_year):
    upload = SimpleUploadedFile("Start.pdf", acting_pdf_bytes("click", "/Launch"))
    html = post(client, [upload]).content.decode()
    assert "”Start.pdf” innehåller länkar eller åtgärder som startar ett program" in html
    assert "JavaScript" not in html.split("Start.pdf", 1)[1][:300]


def test_pdf_opening_a_web_page_on_opening_refused_in_swedish(client, prize_year):
    upload = SimpleUploadedFile("Webb.pdf", acting_pdf_bytes("open", "/URI"))
    html = post(client, [upload]).content.decode()
    assert "”Webb.pdf” gör något av sig själv när den öppnas eller läses" in html
    assert not Nomination.objects.exists()


def test_pdf_going_to_its_own_page_on_opening_accepted():
    assert refusal_code(pdf_going_to_its_own_page_on_opening()) is None


def pdf_with_open_action(action) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.root_object[NameObject("/OpenAction")] = action
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_opening_at_a_named_place_in_itself_accepted():
    from pypdf.generic import TextStringObject

    assert refusal_code(pdf_with_open_action(TextStringObject("kapitel-2"))) is None


def test_pdf_following_an_article_in_another_file_refused():
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, TextStringObject

    thread = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Thread"),
            NameObject("/F"): TextStringObject("\\\\angripare.example\\share\\x.pdf"),
            NameObject("/D"): NumberObject(0),
        }
    )
    assert refusal_code(pdf_with_open_action(thread)) == "outside"


@pytest.mark.parametrize("kind", ["/URI", "/Named"])
def test_pdf_with_a_link_a_reader_clicks_accepted(kind):
    assert refusal_code(acting_pdf_bytes("click", kind)) is None


# Files of two types at once, and names following the type


def test_jpeg_carrying_a_pdf_refused_and_nothing_stored(client, prize_year, attachment_storage):
    upload = SimpleUploadedFile("Utvärdering.pdf", jpeg_carrying_a_pdf())
    html = post(client, [upload]).content.decode()
    assert "”Utvärdering.pdf” är samtidigt en fil av ett annat slag" in html
    assert not Nomination.objects.exists()
    assert not PendingUpload.objects.exists()
    assert stored_files(attachment_storage) == []


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_image_carrying_a_zip_archive_refused(kind):
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("inne.txt", "dolt")
    assert refusal_code(image_bytes(kind) + archive.getvalue(), "bild.png") == "polyglot"


def test_pdf_carrying_a_zip_archive_refused():
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("inne.txt", "dolt")
    from tests.attachment_files import pdf_bytes

    assert refusal_code(pdf_bytes() + archive.getvalue()) == "polyglot"


def test_image_named_as_a_pdf_stored_under_the_image_extension(
    client, prize_year, attachment_storage
):
    post(client, [SimpleUploadedFile("Utvärdering.pdf", image_bytes("JPEG"))])
    attachment = Attachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == (
        "image/jpeg",
        "Utvärdering.jpg",
    )
    assert attachment.stored_name.endswith(".jpg")


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Utvärdering\u202efdp.exe", "Utvärderingfdp.pdf"),
        ("rapport.exe", "rapport.pdf"),
        ("rapport v1.2", "rapport v1.2.pdf"),
        ("rapport.PDF", "rapport.PDF"),
        ("utan namn", "utan namn.pdf"),
    ],
)
def test_pdf_name_ends_with_pdf_whatever_it_ended_with(sent, kept):
    assert inspect_upload(upload=pdf_file(sent)).original_name == kept


# Truncated images, whatever Pillow's process-wide setting


@pytest.fixture
def pillow_pads_truncated_images(monkeypatch):
    """Pillow's process-wide setting as WeasyPrint leaves it once imported."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    return ImageFile


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
@pytest.mark.parametrize("kept", [0.5, 0.95])
def test_truncated_image_refused_while_pillow_pads_truncated_images(
    pillow_pads_truncated_images, kind, kept
):
    content = noise_image(kind)
    assert refusal_code(content[: int(len(content) * kept)], "bild.png") == "damaged"


def test_image_check_leaves_pillows_setting_as_it_was(pillow_pads_truncated_images):
    content = noise_image("JPEG")
    refusal_code(content[: len(content) // 2], "bild.jpg")
    refusal_code(content, "bild.jpg")
    assert pillow_pads_truncated_images.LOAD_TRUNCATED_IMAGES is True


def noise_image(kind: str) -> bytes:
    import os

    from PIL import Image

    image = Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3))
    out = io.BytesIO()
    image.save(out, format=kind)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_twelve_simultaneous_uploads_of_a_truncated_image_store_none(
    prize_year, attachment_storage, pillow_pads_truncated_images, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("simultaneous requests need PostgreSQL")
    from django.test import Client

    settings.NOMINATION_RATE_BYTES = 10**9
    large = image_bytes("JPEG", size=(2400, 1800))
    truncated = large[: len(large) * 2 // 3]
    start = threading.Barrier(12)
    statuses: list[int] = []

    def upload(number: int) -> None:
        try:
            start.wait(10)
            response = post(Client(), [SimpleUploadedFile(f"trasig{number}.jpg", truncated)])
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 12
    assert not Nomination.objects.exists()
    assert not PendingUpload.objects.exists()
    assert stored_files(attachment_storage) == []


# Pixels, from the header, before anything is decoded


@pytest.mark.parametrize(
    "content",
    [png_header_only(30000, 30000), jpeg_stating(30000, 30000)],
    ids=["png", "jpeg"],
)
def test_image_past_pillows_own_limit_refused_for_its_pixels(client, prize_year, content):
    html = post(client, [SimpleUploadedFile("enorm.png", content)]).content.decode()
    assert "”enorm.png” har för många bildpunkter (30000 × 30000)" in html
    assert not Nomination.objects.exists()


def test_image_between_our_limit_and_pillows_refused_for_its_pixels():
    # 64 million pixels: more than ours (60), fewer than Pillow's (89).
    assert refusal_code(png_header_only(8000, 8000), "stor.png") == "pixels"


def test_image_stating_one_size_and_being_another_refused():
    content = png_header_only(640, 480)  # its data holds fewer rows than the header says
    assert refusal_code(content, "bild.png") == "damaged"


def test_oversized_file_refused_naming_it_and_keeping_the_text(
    client, prize_year, attachment_storage
):
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.7\n" + b"0" * (attachments.MAX_FILE_SIZE + 1))
    html = post(client, [big], effort_name="Insats med stor fil").content.decode()
    assert "”stor.pdf” är 10,0 MB, och varje fil får vara högst 10,0 MB" in html
    assert 'value="Insats med stor fil"' in html
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []


def test_oversized_file_refusal_says_its_true_size(client, prize_year, attachment_storage):
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.7\n" + b"0" * (12 * 1024 * 1024))
    html = post(client, [big]).content.decode()
    assert "”stor.pdf” är 12,0 MB, och varje fil får vara högst 10,0 MB" in html
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []


def test_fourth_file_refused_and_the_first_three_kept(client, prize_year, attachment_storage):
    files = [png_file(f"bild{n}.png") for n in range(1, 5)]
    html = post(client, files).content.decode()
    assert "”bild4.png” bifogades inte: du kan bifoga högst tre filer" in html
    assert not Nomination.objects.exists()
    assert sorted(p.original_name for p in PendingUpload.objects.all()) == [
        "bild1.png",
        "bild2.png",
        "bild3.png",
    ]
    assert len(kept_tokens(html)) == 3


def test_files_over_20_mb_together_refused_keeping_those_that_fit(
    client, prize_year, attachment_storage
):
    files = [SimpleUploadedFile(f"stor{n}.png", noise_png(8)) for n in range(1, 4)]
    html = post(client, files).content.decode()
    assert "”stor3.png” bifogades inte: tillsammans får filerna vara högst 20,0 MB" in html
    assert sorted(p.original_name for p in PendingUpload.objects.all()) == [
        "stor1.png",
        "stor2.png",
    ]


def test_file_with_a_long_unicode_name_stored_under_a_shortened_name(
    client, prize_year, attachment_storage
):
    post(client, [png_file("å" * 500 + ".png")])
    attachment = Attachment.objects.get()
    assert len(attachment.original_name) <= 120
    assert attachment.original_name.endswith("….png")


@pytest.mark.parametrize(
    ("sent", "cleaned"),
    [
        ("C:\\Users\\Åsa\\rapport.pdf", "rapport.pdf"),
        ("bild\x00\u202e.png", "bild.png"),
        ('a<b>"c".pdf', "a_b__c_.pdf"),
        ("   ", "bilaga"),
        ("...", "bilaga"),
    ],
)
def test_clean_name_keeps_a_readable_name_without_paths_or_control_characters(sent, cleaned):
    from django.utils import translation

    with translation.override("sv"):
        assert clean_name(sent) == cleaned


# Keeping what was typed and the valid files after a refusal


def test_refusal_keeps_typed_text_and_the_valid_files(client, prize_year, attachment_storage):
    html = post(
        client,
        [pdf_file("rapport.pdf", pages=2), executable_file("virus.pdf")],
        effort_name="Trygga trappor",
    ).content.decode()
    assert 'value="Trygga trappor"' in html
    assert "”virus.pdf” är inte en PDF-, JPEG- eller PNG-fil" in html
    assert "Bifogade filer" in html
    assert "rapport.pdf" in html
    assert "2 sidor" in html
    pending = PendingUpload.objects.get()
    assert stored_files(attachment_storage) == [pending.stored_name]


def test_kept_file_goes_with_the_nomination_when_it_is_sent_again(
    client, prize_year, attachment_storage
):
    html = post(client, [pdf_file("rapport.pdf"), executable_file()]).content.decode()
    pending = PendingUpload.objects.get()
    post(client, kept_attachment=kept_tokens(html))
    attachment = Nomination.objects.get().attachments.get()
    assert (attachment.original_name, attachment.stored_name) == (
        "rapport.pdf",
        pending.stored_name,
    )
    assert not PendingUpload.objects.exists()
    assert stored_files(attachment_storage) == [attachment.stored_name]


def test_kept_file_and_a_new_one_go_together(client, prize_year, attachment_storage):
    html = post(client, [pdf_file("rapport.pdf")], organisations="Polisen").content.decode()
    assert "minst två olika organisationer" in html
    post(client, [png_file("bild.png")], kept_attachment=kept_tokens(html))
    names = Nomination.objects.get().attachments.values_list("original_name", flat=True)
    assert list(names) == ["rapport.pdf", "bild.png"]


def test_unticked_kept_file_is_left_out(client, prize_year, attachment_storage):
    post(client, [pdf_file("rapport.pdf"), executable_file()])
    post(client)  # the check box unticked: the browser sends no token
    assert not Nomination.objects.get().attachments.exists()


def test_forged_kept_token_is_ignored(client, prize_year, attachment_storage):
    other = attachments.keep_pending(uploads=[inspect_upload(upload=pdf_file("annans.pdf"))])[0]
    post(client, kept_attachment=[str(other.pk), "not-a-token", "x" * 5000])
    assert not Nomination.objects.get().attachments.exists()
    assert PendingUpload.objects.get() == other


def test_kept_file_older_than_the_limit_refused_naming_it_and_keeping_the_text(
    client, prize_year, attachment_storage
):
    html = post(client, [pdf_file("rapport.pdf")], organisations="Polisen").content.decode()
    # Another refused try five hours later signs the token again.
    html = post(
        client,
        at=MIDSUMMER + timedelta(hours=5),
        organisations="Polisen",
        kept_attachment=kept_tokens(html),
    ).content.decode()
    assert len(kept_tokens(html)) == 1
    html = post(
        client,
        at=MIDSUMMER + timedelta(hours=7),
        effort_name="Trygga trappor",
        kept_attachment=kept_tokens(html),
    ).content.decode()
    assert "”rapport.pdf”, som du bifogade tidigare, finns inte kvar. Bifoga den igen." in html
    assert 'value="Trygga trappor"' in html
    assert not Nomination.objects.exists()
    assert not Attachment.objects.exists()


def test_kept_file_removed_by_the_daily_command_refused_naming_it(
    client, prize_year, attachment_storage, django_capture_on_commit_callbacks
):
    html = post(client, [pdf_file("rapport.pdf")], organisations="Polisen").content.decode()
    later = MIDSUMMER + timedelta(hours=7)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("remove_pending_uploads", stdout=io.StringIO())
    html = post(client, at=later, kept_attachment=kept_tokens(html)).content.decode()
    assert "”rapport.pdf”, som du bifogade tidigare, finns inte kvar. Bifoga den igen." in html
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []


def test_kept_file_gone_with_a_token_without_its_name_refused_in_general_words(
    client, prize_year, attachment_storage
):
    # A token signed before tokens carried the file's name: the id alone.
    token = signing.TimestampSigner(salt=attachments.PENDING_SALT).sign(str(uuid.uuid4()))
    html = post(client, kept_attachment=[token]).content.decode()
    assert "En fil som du bifogade tidigare finns inte kvar. Bifoga den igen." in html
    assert not Nomination.objects.exists()


def test_add_an_organisation_names_a_kept_file_no_longer_kept(
    client, prize_year, attachment_storage
):
    html = post(client, [pdf_file("rapport.pdf")], organisations="Polisen").content.decode()
    PendingUpload.objects.all().delete()
    html = post(client, add_organisation="1", kept_attachment=kept_tokens(html)).content.decode()
    assert "”rapport.pdf”, som du bifogade tidigare, finns inte kvar. Bifoga den igen." in html
    assert kept_tokens(html) == []


def test_add_an_organisation_keeps_the_files_chosen(client, prize_year, attachment_storage):
    html = post(client, [pdf_file("rapport.pdf")], add_organisation="1").content.decode()
    assert 'name="organisation_4"' in html
    assert len(kept_tokens(html)) == 1
    assert not Nomination.objects.exists()


def test_expired_kept_files_removed_by_the_daily_command(
    client, prize_year, attachment_storage, django_capture_on_commit_callbacks
):
    post(client, [pdf_file("rapport.pdf"), executable_file()])
    with (
        time_machine.travel(MIDSUMMER + timedelta(hours=7), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("remove_pending_uploads", stdout=io.StringIO())
    assert not PendingUpload.objects.exists()
    assert stored_files(attachment_storage) == []


def test_daily_removal_keeps_the_files_until_its_transaction_commits(
    db, attachment_storage, django_capture_on_commit_callbacks
):
    (kept,) = pending(pdf_file("rapport.pdf"))
    with django_capture_on_commit_callbacks(execute=False):
        attachments.remove_expired_pending(now=timezone.now() + timedelta(hours=7))
        assert not PendingUpload.objects.exists()
        assert stored_files(attachment_storage) == [kept.stored_name]


@pytest.mark.django_db(transaction=True)
def test_daily_removal_skips_a_kept_file_a_form_is_storing(attachment_storage):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    (kept,) = pending(pdf_file("rapport.pdf"))
    locked, release = threading.Event(), threading.Event()

    def store_the_form():
        # As attach() does: the kept file's row locked in the nomination's transaction.
        try:
            with transaction.atomic():
                list(PendingUpload.objects.select_for_update().filter(pk=kept.pk))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    form = threading.Thread(target=store_the_form)
    form.start()
    try:
        assert locked.wait(10)
        removed = attachments.remove_expired_pending(now=timezone.now() + timedelta(hours=7))
    finally:
        release.set()
        form.join()
    assert removed == 0
    assert PendingUpload.objects.get() == kept
    assert stored_files(attachment_storage) == [kept.stored_name]


def submit_with_files(prize_year, uploads, kept=()) -> None:
    """A web nomination stored directly with these files, as the view would store it."""
    data = nomination_post_data()
    submit_nomination(
        prize_year=prize_year,
        fields={name: data[name] for name in ("effort_name", "description", "district")}
        | {"nominator_name": "Åsa", "nominator_email": "asa@example.se"},
        organisations=["Polisen", "Skolan"],
        answers=answers_in(data),
        at=MIDSUMMER,
        uploads=uploads,
        kept=kept,
    )


def test_kept_file_removed_while_the_nomination_is_stored_refuses_it(
    prize_year, attachment_storage, django_capture_on_commit_callbacks
):
    kept = pending(pdf_file("rapport.pdf"))
    # The daily removal ran after the form was checked, before it was stored.
    with django_capture_on_commit_callbacks(execute=True):
        attachments.remove_expired_pending(now=timezone.now() + timedelta(hours=7))
    with pytest.raises(attachments.PendingUploadGone):
        submit_with_files(prize_year, [inspect_upload(upload=png_file("bild.png"))], kept=kept)
    assert not Nomination.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_storage) == []


def test_kept_file_removed_while_the_nomination_is_stored_named_on_the_form(
    prize_year, attachment_storage
):
    [kept] = pending(pdf_file("rapport.pdf"))
    data = QueryDict(mutable=True)
    data.update(nomination_post_data())
    data.update({attachments.KEPT_FIELD_NAME: attachments.pending_token(kept)})
    form = NominationForm(data, criteria=prize_year.ordered_criteria())
    assert form.is_valid()
    # The daily removal took it after the check, so storing refused (the view's path).
    PendingUpload.objects.filter(pk=kept.pk).delete()
    form.forget_gone_kept_files()
    assert form.errors["attachments"] == [
        "”rapport.pdf”, som du bifogade tidigare, finns inte kvar. Bifoga den igen."
    ]
    assert form.kept_uploads == []


def test_kept_files_not_yet_expired_stay(client, prize_year, attachment_storage):
    post(client, [pdf_file("rapport.pdf"), executable_file()])
    with time_machine.travel(MIDSUMMER + timedelta(hours=5), tick=False):
        call_command("remove_pending_uploads", stdout=io.StringIO())
    assert PendingUpload.objects.count() == 1


def test_files_sent_after_the_window_closed_are_not_kept(client, prize_year, attachment_storage):
    from tests.factories import CLOSES_AT

    post(client, [pdf_file("rapport.pdf")], at=CLOSES_AT)
    assert not PendingUpload.objects.exists()
    assert stored_files(attachment_storage) == []


def test_honeypot_with_files_stores_nothing(client, prize_year, attachment_storage):
    post(client, [pdf_file("rapport.pdf")], website="http://spam.example")
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []


# Request size and rate


def test_request_over_the_form_limit_answered_in_swedish_unread(
    client, prize_year, attachment_storage, settings
):
    settings.NOMINATION_MAX_REQUEST_SIZE = 50_000
    response = post(client, [SimpleUploadedFile("stor.png", noise_png(0.1))])
    html = response.content.decode()
    assert response.status_code == 413
    assert "Det du skickade var för stort" in html
    assert 'name="effort_name"' in html
    assert not Nomination.objects.exists()
    assert stored_files(attachment_storage) == []


def test_other_views_keep_the_small_request_limit(client, settings, db):
    # Only the nomination form reads large bodies; elsewhere Django's limit stands.
    response = client.post(
        reverse("jury:login"), {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )
    assert response.status_code == 400


def test_rate_limit_counts_bytes_per_address(client, prize_year, attachment_storage, settings):
    settings.NOMINATION_RATE_BYTES = 60_000
    post(client, [SimpleUploadedFile("stor.png", noise_png(0.04))], organisations="Polisen")
    html = post(client, [SimpleUploadedFile("igen.png", noise_png(0.04))]).content.decode()
    assert "”igen.png” togs inte emot: många filer har skickats från din uppkoppling" in html
    assert [p.original_name for p in PendingUpload.objects.all()] == ["stor.png"]
    assert not Nomination.objects.exists()


# The transaction


def test_rolled_back_nomination_leaves_no_files(prize_year, attachment_storage):
    first = inspect_upload(upload=pdf_file("rapport.pdf"))
    second = inspect_upload(upload=png_file("bild.png"))
    second.upload.close()  # the storage fails on the second file, after the first is written
    with pytest.raises(ValueError):
        submit_with_files(prize_year, [first, second])
    assert not Nomination.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_storage) == []


# The nominator's correction


def test_correction_keeps_the_attachments_as_they_arrived(prize_year, attachment_storage):
    nomination = make_nomination(prize_year)
    attach_to(nomination, pdf_file("rapport.pdf"))
    fields = {name: getattr(nomination, name) for name in VERSIONED_FIELDS}
    with time_machine.travel(MIDSUMMER, tick=False):
        correct_nomination(
            nomination=nomination,
            fields={**fields, "effort_name": "Nytt namn"},
            organisations=["Polisen", "Skolan"],
            answers=nomination.answer_texts(),
            at=MIDSUMMER,
        )
    assert list(nomination.attachments.values_list("original_name", flat=True)) == ["rapport.pdf"]
    assert len(stored_files(attachment_storage)) == 1


def test_private_link_page_lists_the_attachments(client, prize_year, attachment_storage):
    from nominations.private_link import link_token

    nomination = make_nomination(prize_year, submitted_at=MIDSUMMER)
    attach_to(nomination, pdf_file("rapport.pdf"))
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(
            reverse(
                "nominations:my_nomination",
                args=["trygghetspriset", link_token(nomination=nomination)],
            )
        ).content.decode()
    assert "rapport.pdf" in html
    assert reverse("jury:attachment", args=[nomination.attachments.get().pk]) not in html


# The public record


def test_csv_export_names_the_attachments(prize_year, attachment_storage):
    nomination = make_nomination(prize_year)
    attach_to(nomination, pdf_file("rapport.pdf"), png_file("bild.png"))
    out = io.StringIO()
    write_nominations_csv(
        nominations=Nomination.objects.all(), include_contact_details=False, out=out
    )
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    column = rows[0].index("Bilagor")
    assert rows[1][column] == "rapport.pdf | bild.png"


@pytest.mark.pdf
def test_register_extract_lists_the_attachments(prize_year, attachment_storage):
    from pypdf import PdfReader

    from jury.register_extract import as_json, collect, extract_pdf

    nomination = make_nomination(prize_year, nominator_email="asa@example.se")
    attach_to(nomination, pdf_file("rapport.pdf", pages=2))
    extract = collect(email="asa@example.se")
    data = as_json(extract)
    [listed] = data["nominations"][0]["attachments"]
    assert (listed["name"], listed["pages"], listed["removed_at"]) == ("rapport.pdf", 2, None)
    reader = PdfReader(io.BytesIO(extract_pdf(extract)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Bifogade filer" in text
    assert "rapport.pdf (PDF, 2 sidor" in text


def test_admin_nomination_page_links_the_attachments(
    administrator_client, prize_year, attachment_storage
):
    nomination = make_nomination(prize_year)
    [attachment] = attach_to(nomination, pdf_file("rapport.pdf"))
    html = administrator_client.get(
        reverse("admin:nominations_nomination_change", args=[nomination.pk])
    ).content.decode()
    assert f'href="{reverse("jury:attachment", args=[attachment.pk])}"' in html
    assert "rapport.pdf" in html


# Retention: removal only under a recorded rule


CONFERENCE = date(2030, 10, 24)


@pytest.fixture
def awarded_year(prize_year):
    prize_year.conference_date = CONFERENCE
    prize_year.save()
    return prize_year


def test_no_rule_for_attachments_removes_nothing(awarded_year, attachment_storage, administrator):
    # A rule for contact details does not cover the files.
    record_retention_rule(
        data_kind=RetentionDataKind.NOMINATOR_CONTACT,
        reference="4.2.1",
        decided_on=date(2029, 3, 15),
        period_days=1,
        by=administrator,
    )
    attach_to(make_nomination(awarded_year), pdf_file())
    with pytest.raises(NoRetentionRule):
        remove_attachments(today=CONFERENCE + timedelta(days=3650))
    assert len(stored_files(attachment_storage)) == 1
    assert not Attachment.objects.filter(removed_at__isnull=False).exists()


def test_daily_command_without_a_rule_keeps_the_files_and_says_so(awarded_year, attachment_storage):
    attach_to(make_nomination(awarded_year), pdf_file())
    out = io.StringIO()
    call_command("remove_attachments", stdout=out)
    assert "alla filer sparas" in out.getvalue() or "every file is kept" in out.getvalue()
    assert len(stored_files(attachment_storage)) == 1


def test_files_kept_until_the_rule_period_has_passed(
    awarded_year, attachment_storage, administrator
):
    attachments_rule(administrator)
    attach_to(make_nomination(awarded_year), pdf_file())
    assert remove_attachments(today=CONFERENCE + timedelta(days=364)) == 0
    assert len(stored_files(attachment_storage)) == 1


def test_rule_removes_the_files_and_keeps_the_record_of_them(
    awarded_year, attachment_storage, administrator, django_capture_on_commit_callbacks
):
    attachments_rule(administrator)
    nomination = make_nomination(awarded_year)
    attach_to(nomination, pdf_file("rapport.pdf"), png_file("bild.png"))
    with django_capture_on_commit_callbacks(execute=True):
        removed = remove_attachments(today=CONFERENCE + timedelta(days=365))
    assert removed == 2
    assert stored_files(attachment_storage) == []
    rows = list(nomination.attachments.all())
    assert [a.original_name for a in rows] == ["rapport.pdf", "bild.png"]
    assert all(a.removed_at and "4.2.2" in a.removed_under for a in rows)
    entry = AuditEntry.objects.get(action=AuditAction.ATTACHMENTS_REMOVED)
    assert "antal filer: 2" in entry.summary
    assert "Dokumenthanteringsplan Socialförvaltningen, 4.2.2" in entry.summary
    assert [f["name"] for f in entry.changes["files"]] == ["rapport.pdf", "bild.png"]


def test_removed_files_marked_in_the_csv(
    awarded_year, attachment_storage, administrator, django_capture_on_commit_callbacks
):
    attachments_rule(administrator)
    attach_to(make_nomination(awarded_year), pdf_file("rapport.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        remove_attachments(today=CONFERENCE + timedelta(days=365))
    out = io.StringIO()
    write_nominations_csv(
        nominations=Nomination.objects.all(), include_contact_details=False, out=out
    )
    assert "rapport.pdf (gallrad enligt gallringsregeln)" in out.getvalue()


def test_privacy_page_says_attached_files_are_part_of_the_record(client, db):
    html = client.get(reverse("nominations:privacy")).content.decode()
    assert "ditt telefonnummer, och filer som du bifogar" in html
    assert "Juryn kan också öppna filerna du bifogar" in html
    assert "Filer som du bifogar sparas på samma sätt som resten av nomineringen" in html


def test_files_kept_under_a_rule_from_the_future(awarded_year, attachment_storage, administrator):
    record_retention_rule(
        data_kind=RetentionDataKind.ATTACHMENTS,
        reference="Gallringsbeslut SN 2032/2",
        decided_on=date(2032, 1, 1),
        period_days=1,
        by=administrator,
    )
    attach_to(make_nomination(awarded_year), pdf_file())
    with pytest.raises(NoRetentionRule) as refusal:
        remove_attachments(today=date(2031, 12, 31))
    assert "Gallringsbeslut SN 2032/2" in str(refusal.value)
    assert len(stored_files(attachment_storage)) == 1
    assert not Attachment.objects.filter(removed_at__isnull=False).exists()


# Fuzz: whatever bytes arrive, the check answers with a refusal or the file's facts


def mutations(content: bytes, seed: int, count: int = 40):
    """Truncations, flipped bytes and spliced runs of a real file, the same for a seed."""
    import random

    rng = random.Random(seed)
    for _ in range(count):
        data = bytearray(content)
        choice = rng.randrange(3)
        if choice == 0:
            data = data[: rng.randrange(1, len(data))]
        elif choice == 1:
            for _flip in range(rng.randrange(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            start = rng.randrange(len(data))
            data[start:start] = rng.randbytes(rng.randrange(1, 200))
        yield bytes(data)


@pytest.mark.parametrize(
    "original",
    [
        image_bytes("PNG", size=(64, 48)),
        image_bytes("JPEG", size=(64, 48)),
        acting_pdf_bytes("click", "/URI"),
        jpeg_carrying_a_pdf(),
    ],
    ids=["png", "jpeg", "pdf", "polyglot"],
)
def test_mangled_files_are_refused_or_described_never_an_error(original):
    from django.core.exceptions import ValidationError

    for number, content in enumerate(mutations(original, seed=len(original))):
        try:
            inspect_upload(upload=SimpleUploadedFile(f"fil{number}", content))
        except ValidationError:
            pass


@pytest.mark.parametrize("where", AUTOMATIC_PLACES)
@pytest.mark.parametrize("kind", ["/URI", "/Named", *sorted(REFUSED_ANYWHERE)])
def test_pdf_acting_by_itself_refused_through_the_form(client, prize_year, where, kind):
    upload = SimpleUploadedFile("handling.pdf", acting_pdf_bytes(where, kind))
    response = post(client, [upload])
    assert response.status_code == 200
    assert "”handling.pdf”" in response.content.decode()
    assert not Nomination.objects.exists()
    assert not PendingUpload.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        # A PDF after the image's end, where no image reader looks.
        image_bytes("JPEG") + b"\n" + b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\n%%EOF",
        image_bytes("PNG") + b"%PDF-1.4\n%%EOF",
    ],
    ids=["pdf-after-a-jpeg", "pdf-after-a-png"],
)
def test_image_carrying_a_pdf_anywhere_refused(content):
    assert refusal_code(content, "bild.jpg") == "polyglot"
