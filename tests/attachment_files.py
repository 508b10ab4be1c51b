"""Files for the attachment tests, made on the spot: real PDFs, images and impostors."""

import io
import os
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from nominations.attachments import inspect_upload, keep_pending
from nominations.models import Attachment, Nomination, RetentionDataKind, RetentionRule
from nominations.privacy import record_retention_rule

# What each form action needs besides its type, as a document's OpenAction.
FORM_ACTIONS = {
    "/SubmitForm": {"/F": TextStringObject("https://example.se/samla-in")},
    "/ImportData": {"/F": TextStringObject("uppgifter.fdf")},
    "/GoToE": {
        "/D": ArrayObject([NumberObject(0), NameObject("/Fit")]),
        "/T": DictionaryObject(
            {NameObject("/R"): NameObject("/C"), NameObject("/N"): TextStringObject("bilaga")}
        ),
    },
}


def pdf_bytes(
    pages: int = 1,
    *,
    javascript: str = "",
    password: str = "",
    embed: bool = False,
    xfa: bool = False,
    action: str = "",
):
    """A real PDF; xfa= gives it an XFA form, action= one of FORM_ACTIONS on opening."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if xfa:
        writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(),
                NameObject("/XFA"): ArrayObject(
                    [TextStringObject("template"), TextStringObject("<template/>")]
                ),
            }
        )
    if action:
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject(action),
                **{NameObject(key): value for key, value in FORM_ACTIONS[action].items()},
            }
        )
    if javascript:
        # Run on opening, as a document's OpenAction.
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(javascript),
            }
        )
    if embed:
        writer.add_attachment("data.txt", b"hidden content")
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(kind: str = "PNG", size=(640, 480), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=kind)
    return out.getvalue()


def noise_png(megabytes: float) -> bytes:
    """A valid PNG of about the size asked, stored uncompressed (noise does not shrink)."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5)
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=0)
    return out.getvalue()


def pdf_file(name: str = "utvardering.pdf", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(**options), content_type="application/pdf")


def png_file(name: str = "bild.png", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", **options), content_type="image/png")


def jpeg_file(name: str = "foto.jpg", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", **options), content_type="image/jpeg")


# The start of a Windows program, named as a PDF.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def executable_file(name: str = "rapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXECUTABLE, content_type="application/pdf")


def attach_to(nomination: Nomination, *files: SimpleUploadedFile) -> list[Attachment]:
    """Attach files to a nomination written directly, as the form would have."""
    from nominations.attachments import attach

    written: list[str] = []
    return attach(
        nomination=nomination,
        uploads=[inspect_upload(upload=f) for f in files],
        kept=[],
        written=written,
    )


def pending(*files: SimpleUploadedFile):
    return keep_pending(uploads=[inspect_upload(upload=f) for f in files])


def attachments_rule(by, days: int = 365) -> RetentionRule:
    """The archive authority's rule for attached files, recorded by `by`."""
    return record_retention_rule(
        data_kind=RetentionDataKind.ATTACHMENTS,
        reference="Dokumenthanteringsplan Socialförvaltningen, 4.2.2",
        decided_on=date(2029, 3, 15),
        period_days=days,
        by=by,
    )
