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


# Actions a PDF can take, each as its action dictionary.
def _action(kind: str) -> DictionaryObject:
    entries = {
        "/GoToR": {
            "/F": TextStringObject("\\\\angripare.example\\share\\x.pdf"),
            "/D": ArrayObject([NumberObject(0), NameObject("/Fit")]),
        },
        "/URI": {"/URI": TextStringObject("https://angripare.example/spåra")},
        "/Launch": {"/F": TextStringObject("C:\\Windows\\System32\\calc.exe")},
        "/Named": {"/N": NameObject("/Print")},
        "/JavaScript": {"/JS": TextStringObject("app.alert(1);")},
        "/SubmitForm": FORM_ACTIONS["/SubmitForm"],
        "/ImportData": FORM_ACTIONS["/ImportData"],
        "/GoToE": FORM_ACTIONS["/GoToE"],
    }[kind]
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind), **{NameObject(k): v for k, v in entries.items()}}
    )


def acting_pdf_bytes(where: str, kind: str) -> bytes:
    """A one-page PDF that takes the action `kind` at `where`.

    where: "open" (the document's /OpenAction), "document-event" (the catalog's /AA,
    on closing), "page-open" (the page's /AA /O), "field-event" (a form field's /AA
    /K, on a keystroke), "hover" (a link's /AA /E, the pointer entering) or "click"
    (a link's /A, when a reader clicks it).
    """
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    page = writer.pages[0]
    action = _action(kind)
    if where == "open":
        writer.root_object[NameObject("/OpenAction")] = action
    elif where == "document-event":
        writer.root_object[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): action})
    elif where == "page-open":
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    elif where in ("hover", "click", "field-event"):
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(
                    "/Widget" if where == "field-event" else "/Link"
                ),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 100)]),
            }
        )
        if where == "click":
            annotation[NameObject("/A")] = action
        else:
            trigger = "/K" if where == "field-event" else "/E"
            annotation[NameObject("/AA")] = DictionaryObject({NameObject(trigger): action})
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_going_to_its_own_page_on_opening() -> bytes:
    """Opens at its second page: a GoTo within the document, which may stay."""
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=595, height=842)
    second = writer.pages[1].indirect_reference
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([second, NameObject("/Fit")]),
        }
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): ArrayObject([second, NameObject("/Fit")])}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_carrying_a_pdf() -> bytes:
    """A real JPEG whose comment segment holds a PDF that runs JavaScript on opening."""
    image = image_bytes("JPEG")
    pdf = pdf_bytes(javascript="app.alert('polyglot');")[:60000]
    comment = b"\xff\xfe" + (len(pdf) + 2).to_bytes(2, "big") + pdf
    # Right after the start of image, so a PDF reader finds "%PDF-" near the start.
    return image[:2] + comment + image[2:]


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that states a size in its header and carries one small, valid image chunk."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(data, zlib.crc32(kind))
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


def jpeg_stating(width: int, height: int) -> bytes:
    """A real small JPEG whose start of frame states another size."""
    data = bytearray(image_bytes("JPEG", size=(64, 48)))
    at = data.index(b"\xff\xc0")
    data[at + 5 : at + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)
