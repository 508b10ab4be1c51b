"""Files sent with a nomination: checked by their content, stored privately, kept as records.

The form takes up to MAX_FILES files of the kinds in AttachmentKind. What a file is
is decided by its content, never its name: an image's stated size is read from its
header before anything decodes it, and it must then decode to its end; a PDF must
open with pypdf and carry neither encryption, scripts, XFA forms, actions that send
or read data or open other files or programs, actions that run by themselves
(other than going to a place in the document), nor embedded files; a file that is
also of another kind (a polyglot) is refused. A file that passes is stored under a
random name in the "attachments" storage, never under static/ and never with a
public URL, and its name ends with the extension of its detected type.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import re
import struct
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .models import Attachment, AttachmentKind, FileFacts, Nomination, PendingUpload

MAX_FILES = 3
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_TOTAL_SIZE = 20 * 1024 * 1024
# A photo from a phone is 12 to 50 million pixels; decoding many more costs memory
# out of all proportion to a 10 MB file (a "decompression bomb").
MAX_IMAGE_PIXELS = 60_000_000
# A PDF's objects are walked for scripts; a real report has thousands, not millions.
MAX_PDF_OBJECTS = 200_000
# The name of the form's file field, and of the check boxes of the files kept from a
# refused form (signed tokens).
FIELD_NAME = "attachments"
KEPT_FIELD_NAME = "kept_attachment"
PENDING_SALT = "nominations.pending_upload"
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
EXTENSIONS = {AttachmentKind.PDF: "pdf", AttachmentKind.JPEG: "jpg", AttachmentKind.PNG: "png"}
MAX_NAME_LENGTH = 120
# The preview of an image in the jury's dossier (jury/documents/render.py).
PREVIEW_PIXELS = 1200

# File names and counts only, never the content.
log = logging.getLogger(__name__)


def storage() -> Storage:
    """The private storage of attachments (settings.STORAGES["attachments"])."""
    return storages["attachments"]


@dataclass(frozen=True)
class InspectedUpload:
    """A file that passed every check, with what its content showed."""

    upload: UploadedFile
    original_name: str
    content_type: str
    size: int
    sha256: str
    page_count: int | None = None
    width: int | None = None
    height: int | None = None

    def facts(self) -> dict:
        return {
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
            "page_count": self.page_count,
            "width": self.width,
            "height": self.height,
        }


@dataclass
class Refusal:
    """A file the upload handler did not even keep: too large, or one too many."""

    name: str
    reason: str  # "too_large", "total", "too_many" or "rate"
    size: int = 0


# Names


_UNSAFE_CHARACTERS = re.compile(r'[<>:"/\\|?*]')


def clean_name(name: str) -> str:
    """The file's name as people may read it: no path, no control characters, not too long.

    Only shown and used in Content-Disposition; never a path in storage.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    # A path from an old browser ("C:\\Users\\…\\rapport.pdf"): its last part only.
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE_CHARACTERS.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    if not name:
        return str(_("attachment"))
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 5:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 2] + "…." + extension
        else:
            name = name[: MAX_NAME_LENGTH - 1] + "…"
    return name


# The extensions each detected type may keep; any other is replaced by the type's own.
_TYPE_EXTENSIONS = {
    AttachmentKind.PDF: {"pdf"},
    AttachmentKind.JPEG: {"jpg", "jpeg", "jpe"},
    AttachmentKind.PNG: {"png"},
}
# What looks like an extension (".exe", ".docx"), not a version number ("v1.2").
_EXTENSION_LIKE = re.compile(r"(?=.*[A-Za-z])[A-Za-z0-9]{1,5}")


def name_for_type(name: str, content_type: str) -> str:
    """The cleaned name, ending with the extension of the type the content showed.

    A JPEG named "Utvärdering.pdf" is kept and served as "Utvärdering.jpg", and a PDF
    whose name ends in ".exe" once direction marks are removed as ".pdf": what a
    reader's computer opens the file with follows what the file is.
    """
    kind = AttachmentKind(content_type)
    name = clean_name(name)
    stem, dot, extension = name.rpartition(".")
    if dot and extension.lower() in _TYPE_EXTENSIONS[kind]:
        return name
    if dot and stem and _EXTENSION_LIKE.fullmatch(extension):
        name = stem
    return clean_name(f"{name}.{EXTENSIONS[kind]}")


def size_text(size: int) -> str:
    """ "2,4 MB" in Swedish, "2.4 MB" in English."""
    return str(filesizeformat(size)).replace("\xa0", " ")


# Checking a file


def _refuse(message, name: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params={"name": name, **params})


def inspect_upload(*, upload: UploadedFile) -> InspectedUpload:
    """Find out from its content what the file is; ValidationError naming it if refused."""
    name = clean_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise _refuse(_("“%(name)s” is empty, so it was not attached."), name, "empty")
    if size > MAX_FILE_SIZE:
        raise too_large(name=name, size=size)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        facts = _inspect_pdf(upload, name)
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        facts = _inspect_image(upload, name, "PNG")
    elif head.startswith(b"\xff\xd8\xff"):
        facts = _inspect_image(upload, name, "JPEG")
    else:
        raise _refuse(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file, so it was not attached. What "
                "the file contains decides its type, not its name."
            ),
            name,
            "type",
        )
    digest = hashlib.sha256()
    signatures = _Signatures()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        signatures.feed(chunk)
    upload.seek(0)
    if _also_another_type(upload, facts["content_type"], signatures):
        raise _refuse(
            _(
                "“%(name)s” is at the same time a file of another kind, which attachments may "
                "not be. Save it again as an ordinary PDF, JPEG or PNG file and attach the new "
                "copy."
            ),
            name,
            "polyglot",
        )
    return InspectedUpload(
        upload=upload,
        original_name=name_for_type(name, facts["content_type"]),
        size=size,
        sha256=digest.hexdigest(),
        **facts,
    )


class _Signatures:
    """Whether the start of a PDF ("%PDF-") occurs anywhere in the bytes fed, across chunks."""

    MARK = b"%PDF-"

    def __init__(self) -> None:
        self.tail = b""
        self.pdf = False

    def feed(self, chunk: bytes) -> None:
        if not self.pdf:
            self.pdf = self.MARK in self.tail + chunk
            self.tail = chunk[-(len(self.MARK) - 1) :]


def _also_another_type(upload: UploadedFile, content_type: str, signatures: _Signatures) -> bool:
    """Whether the file also parses as another kind (a "polyglot").

    PDF readers look for "%PDF-" anywhere near the start, some anywhere at all, so an
    image carrying it (in a comment segment, say) opens as a PDF with its own actions
    once saved under a .pdf name. A ZIP archive's directory is found from the end of a
    file, so any file can carry one.
    """
    try:
        if content_type != AttachmentKind.PDF and signatures.pdf:
            return True
        return zipfile.is_zipfile(upload)
    finally:
        upload.seek(0)


def too_large(*, name: str, size: int) -> ValidationError:
    return _refuse(
        _("“%(name)s” is %(size)s, and each file may be at most %(limit)s. It was not attached."),
        name,
        "too_large",
        size=size_text(size),
        limit=size_text(MAX_FILE_SIZE),
    )


def over_total(*, name: str) -> ValidationError:
    return _refuse(
        _(
            "“%(name)s” was not attached: together the files may be at most %(limit)s. "
            "Make the files smaller, or send fewer."
        ),
        name,
        "total",
        limit=size_text(MAX_TOTAL_SIZE),
    )


def too_many(*, name: str) -> ValidationError:
    return _refuse(
        _("“%(name)s” was not attached: you can attach at most three files."), name, "too_many"
    )


def rate_limited(*, name: str) -> ValidationError:
    return _refuse(
        _(
            "“%(name)s” was not received: many files have been sent from your connection in "
            "a short time. Wait %(minutes)s minutes and attach it again."
        ),
        name,
        "rate",
        minutes=max(1, settings.NOMINATION_RATE_WINDOW // 60),
    )


class _Truncated(Exception):
    """The image's data ended before its decoder was done with it."""


class _EndIsAnError:
    """The upload as Pillow reads it, where a read past the end while decoding raises.

    Pillow decides for the whole process (ImageFile.LOAD_TRUNCATED_IMAGES, which
    WeasyPrint turns on when imported) whether a decoder that runs out of data pads
    the image and goes on. Reading through this view, running out raises _Truncated
    instead, for this one call and whatever that setting is: nothing global is touched.
    """

    def __init__(self, raw) -> None:
        self.raw = raw
        self.decoding = False

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        if self.decoding and size and not data:
            raise _Truncated
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()


def _header_size(upload: UploadedFile, expected: str) -> tuple[int, int] | None:
    """The width and height the file's header states, read without Pillow; None if unclear.

    Read before anything decodes the image, so that a file stating a huge size is
    refused for its pixels, not found "damaged" by Pillow's own, larger, bomb check.
    """
    upload.seek(0)
    if expected == "PNG":
        head = upload.read(24)
        if len(head) < 24 or head[12:16] != b"IHDR":
            return None
        return struct.unpack(">II", head[16:24])
    # A JPEG: its markers after the start of image, up to the first start of frame.
    upload.seek(2)
    while True:
        marker = upload.read(2)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        code = marker[1]
        while code == 0xFF:  # fill bytes before a marker
            byte = upload.read(1)
            if not byte:
                return None
            code = byte[0]
        if code == 0x01 or 0xD0 <= code <= 0xD7:  # markers without a segment
            continue
        if code in (0xD9, 0xDA):  # the end, or image data, before any frame
            return None
        length = upload.read(2)
        if len(length) < 2 or struct.unpack(">H", length)[0] < 2:
            return None
        if 0xC0 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC):
            frame = upload.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:5])
            return width, height
        upload.seek(struct.unpack(">H", length)[0] - 2, io.SEEK_CUR)


# Channels per colour type of a PNG, and the passes of its interlacing (Adam7):
# first column, first row, step across, step down.
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
_INFLATE_STEP = 1024 * 1024


def _png_rows(across: int, down: int, bits: int) -> int:
    """The bytes of `down` rows of `across` pixels once inflated, each with its filter byte."""
    return down * (1 + (across * bits + 7) // 8) if across > 0 and down > 0 else 0


def _png_data_complete(upload: UploadedFile) -> bool:
    """Whether a PNG's chunks are whole and its image data holds every row its header promises.

    The compressed data is inflated a megabyte at a time and thrown away, so this
    costs no more memory for a large image than for a small one, and no setting of
    Pillow's decides what a cut-off file is.
    """
    upload.seek(8)
    inflater = zlib.decompressobj()
    expected = produced = None
    while True:
        head = upload.read(8)
        if len(head) < 8:
            return False
        length, kind = struct.unpack(">I4s", head)
        data = upload.read(length)
        crc = upload.read(4)
        if len(data) < length or len(crc) < 4:
            return False
        if zlib.crc32(data, zlib.crc32(kind)) != struct.unpack(">I", crc)[0]:
            return False
        if kind == b"IHDR":
            if len(data) != 13 or data[9] not in _PNG_CHANNELS:
                return False
            width, height, depth, colour, _compression, _filter, interlace = struct.unpack(
                ">IIBBBBB", data
            )
            bits = _PNG_CHANNELS[colour] * depth
            if interlace:
                expected = sum(
                    _png_rows((width - x + dx - 1) // dx, (height - y + dy - 1) // dy, bits)
                    for x, y, dx, dy in _ADAM7
                )
            else:
                expected = _png_rows(width, height, bits)
            produced = 0
        elif kind == b"IDAT":
            if expected is None:
                return False
            pending = data
            while pending:
                produced += len(inflater.decompress(pending, _INFLATE_STEP))
                if produced > expected:
                    return False
                pending = inflater.unconsumed_tail
        elif kind == b"IEND":
            if expected is None:
                return False
            produced += len(inflater.flush())
            return inflater.eof and produced == expected


def _inspect_image(upload: UploadedFile, name: str, expected: str) -> dict:
    damaged = _refuse(
        _(
            "“%(name)s” could not be opened as an image: it may be damaged or incomplete. "
            "Save it again and attach the new copy."
        ),
        name,
        "damaged",
    )
    try:
        stated = _header_size(upload, expected)
        if stated is None:
            raise damaged
        width, height = stated
        if width * height > MAX_IMAGE_PIXELS:
            raise _refuse(
                _(
                    "“%(name)s” has too many pixels (%(width)s × %(height)s). Make the "
                    "image smaller and attach it again."
                ),
                name,
                "pixels",
                width=width,
                height=height,
            )
        upload.seek(0)
        reader = _EndIsAnError(upload)
        with Image.open(reader, formats=[expected]) as image:
            if image.size != (width, height):
                raise damaged
            if expected == "PNG":
                if not _png_data_complete(upload):
                    raise damaged
            else:
                # Decoded to the end at an eighth of its size: every byte is still read,
                # so a cut-off file shows, at a sixty-fourth of the memory.
                image.draft(image.mode, (1, 1))
                reader.decoding = True
                image.load()
    except ValidationError:
        raise
    # Pillow raises many kinds for a broken file (UnidentifiedImageError, the decompression
    # bomb error, OSError, SyntaxError, …); all mean the same here, as does _Truncated.
    except Exception:
        raise damaged from None
    finally:
        upload.seek(0)
    kind = AttachmentKind.PNG if expected == "PNG" else AttachmentKind.JPEG
    return {"content_type": kind, "width": width, "height": height}


# Keys and names in a PDF that make it run something, or carry other files.
_ACTIVE = {"/JS", "/JavaScript", "/RichMedia"}
# Actions that start a program or open another file (a remote one on a UNC path
# leaks the reader's Windows login): refused wherever they are, even behind a click.
_OUTSIDE = {"/Launch", "/GoToR"}
# An XFA form (the AcroForm's /XFA) can carry its own scripts; the actions send the
# form's content somewhere, read data into it, or go to a document embedded in it.
_FORM_ACTIONS = {"/XFA", "/SubmitForm", "/ImportData", "/GoToE"}
_EMBEDDED = {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}
# Where a PDF names actions that run without anyone clicking: on opening the document
# (/OpenAction), and the additional actions (/AA) of the document (closing, saving,
# printing), of a page (opening, closing) and of annotations and form fields (the
# pointer entering, a field changing, being calculated, …).
_AUTOMATIC = {"/OpenAction", "/AA"}


def _resolved(item):
    return item.get_object() if isinstance(item, IndirectObject) else item


def _goes_within(action, depth: int = 0) -> bool:
    """Whether an action only goes to a place in the same document, and so does its /Next."""
    action = _resolved(action)
    # A destination: a page and a view of it, or the name of one in the document.
    if isinstance(action, (ArrayObject, str, bytes)):
        return True
    if not isinstance(action, DictionaryObject) or depth > 20:
        return False
    if _resolved(action.get("/S")) != "/GoTo":
        return False
    following = _resolved(action.get("/Next"))
    if following is None:
        return True
    if isinstance(following, ArrayObject):
        return all(_goes_within(a, depth + 1) for a in following)
    return _goes_within(following, depth + 1)


def _automatic_actions_allowed(key: str, value) -> bool:
    """An /OpenAction, or every one of an /AA's triggers, going within the document only."""
    value = _resolved(value)
    if key == "/OpenAction":
        return _goes_within(value)
    if not isinstance(value, DictionaryObject):
        return False
    return all(_goes_within(action) for action in value.values())


def _name_findings(name) -> set[str]:
    if name in _ACTIVE:
        return {"script"}
    if name in _OUTSIDE:
        return {"outside"}
    if name in _FORM_ACTIONS:
        return {"form_action"}
    if name in _EMBEDDED:
        return {"embedded"}
    return set()


def _pdf_findings(reader: PdfReader) -> set[str]:
    """What a PDF does that attachments may not, from every object reachable from the root.

    "script", "outside" (starts a program or opens another file), "form_action",
    "automatic" (acts on opening or another event, other than going to a place in
    the document) and "embedded". Scripts hide in the names tree, the OpenAction,
    pages' and annotations' actions (/AA, /A) and form fields; walking everything
    finds them wherever they are. A link a reader clicks (/A with /URI) may stay.
    """
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            found.add("too_complex")
            break
        if isinstance(item, DictionaryObject):
            if _resolved(item.get("/S")) == "/Thread" and "/F" in item:
                found.add("outside")  # an article thread in another file
            for key, value in item.items():
                found |= _name_findings(key)
                if key in _AUTOMATIC and not _automatic_actions_allowed(key, value):
                    found.add("automatic")
                if key == "/Encrypt":
                    continue
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            found |= _name_findings(item) - {"embedded"}
    return found


def _inspect_pdf(upload: UploadedFile, name: str) -> dict:
    damaged = _refuse(
        _(
            "“%(name)s” could not be opened as a PDF: it may be damaged or incomplete. Save "
            "it again and attach the new copy."
        ),
        name,
        "damaged",
    )
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise _refuse(
                _(
                    "“%(name)s” is protected with a password or encryption, so the jury could "
                    "not open it. Attach a copy without the protection."
                ),
                name,
                "encrypted",
            )
        pages = len(reader.pages)
        findings = _pdf_findings(reader)
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds for a broken file; all mean the same here
        raise damaged from None
    finally:
        upload.seek(0)
    if "script" in findings:
        raise _refuse(
            _(
                "“%(name)s” contains program code (JavaScript), which attachments may not. "
                "Save the PDF again without it, for example by printing it to a new PDF."
            ),
            name,
            "javascript",
        )
    if "outside" in findings:
        raise _refuse(
            _(
                "“%(name)s” contains links or actions that start a program or open another "
                "file, which attachments may not. Save the PDF again without them, for example "
                "by printing it to a new PDF."
            ),
            name,
            "outside",
        )
    if "form_action" in findings:
        raise _refuse(
            _(
                "“%(name)s” contains a form or links that can send data, read data in or "
                "open files inside it, which attachments may not. Save the PDF again without "
                "them, for example by printing it to a new PDF."
            ),
            name,
            "form_action",
        )
    if "automatic" in findings:
        raise _refuse(
            _(
                "“%(name)s” does something by itself when it is opened or read, for example "
                "opens a web page, which attachments may not. Save the PDF again without it, "
                "for example by printing it to a new PDF."
            ),
            name,
            "automatic",
        )
    if "embedded" in findings:
        raise _refuse(
            _(
                "“%(name)s” has other files embedded in it, which attachments may not. "
                "Attach each file on its own instead."
            ),
            name,
            "embedded",
        )
    if "too_complex" in findings or pages == 0:
        raise damaged
    return {"content_type": AttachmentKind.PDF, "page_count": pages}


# Limits over several files


@dataclass
class Selection:
    """The files a form keeps, and the refusals, after counting them against the limits."""

    accepted: list[InspectedUpload] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)


def select_within_limits(
    *,
    uploads: Sequence[UploadedFile],
    kept: Sequence[PendingUpload],
    refused: Sequence[Refusal] = (),
) -> Selection:
    """Check each new file and count it with those kept: three at most, 20 MB in all.

    Files are taken in the order they were chosen; the first ones that fit are kept,
    so one file too many never costs the others.
    """
    selection = Selection()
    # Files the form had kept and no longer has: named, so the form is not stored without them.
    if isinstance(kept, KeptUploads):
        selection.errors.extend(no_longer_kept(name=name) for name in kept.gone)
    count = len(kept)
    total = sum(p.size for p in kept)
    for refusal in refused:
        name = clean_name(refusal.name)
        if refusal.reason == "rate":
            selection.errors.append(rate_limited(name=name))
        elif refusal.reason == "too_large":
            selection.errors.append(too_large(name=name, size=refusal.size))
        elif refusal.reason == "too_many":
            selection.errors.append(too_many(name=name))
        else:
            selection.errors.append(over_total(name=name))
    for upload in uploads:
        name = clean_name(upload.name)
        if count >= MAX_FILES:
            selection.errors.append(too_many(name=name))
            continue
        try:
            inspected = inspect_upload(upload=upload)
        except ValidationError as error:
            selection.errors.append(error)
            continue
        if total + inspected.size > MAX_TOTAL_SIZE:
            selection.errors.append(over_total(name=name))
            continue
        selection.accepted.append(inspected)
        count += 1
        total += inspected.size
    return selection


# Receiving the request


class AttachmentUploadHandler(FileUploadHandler):
    """Writes the form's files to temporary files, dropping what no form could keep.

    A file past MAX_FILE_SIZE, the files past MAX_TOTAL_SIZE together or past
    MAX_FILES are read and discarded, not kept, and noted by name so the form can
    say why. The rest of the form (what was typed) is read as usual.
    """

    def __init__(self, request=None, *, accept: bool = True) -> None:
        super().__init__(request)
        self.accept = accept
        self.refused: list[Refusal] = []
        self.received_count = 0
        self.received_total = 0
        self.current: TemporaryUploadedFile | None = None
        self.current_size = 0
        # A file past MAX_FILE_SIZE: no longer kept, only counted to its end, so that
        # the refusal says its true size, not what had arrived when it was cut off.
        self.oversized = False

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.current = None
        self.current_size = 0
        self.oversized = False
        # MultiPartParser closes handler.file when a file is skipped: never one already
        # complete, which the form still needs.
        self.file = io.BytesIO()
        if field_name != FIELD_NAME:
            raise SkipFile
        if not self.accept:
            self.refused.append(Refusal(file_name, "rate"))
            raise SkipFile
        if self.received_count >= MAX_FILES:
            self.refused.append(Refusal(file_name, "too_many"))
            raise SkipFile
        self.current = TemporaryUploadedFile(file_name, content_type, 0, self.charset)
        self.file = self.current

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.current_size += len(raw_data)
        if self.oversized:
            return None
        if self.current_size > MAX_FILE_SIZE:
            # Counted on, not kept: the request's own size limit bounds what is read.
            self.oversized = True
            self.current.close()
            return None
        if self.received_total + self.current_size > MAX_TOTAL_SIZE:
            self.refused.append(Refusal(self.file_name, "total"))
            self._drop()
        self.current.write(raw_data)
        return None

    def _drop(self) -> None:
        # The parser reads and discards the rest of this file, then goes on.
        raise SkipFile

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.oversized:
            self.refused.append(Refusal(self.file_name, "too_large", self.current_size))
            self.current = None
            self.file = io.BytesIO()
            return None
        if self.current is None:
            return None
        self.current.seek(0)
        self.current.size = file_size
        self.received_count += 1
        self.received_total += file_size
        uploaded, self.current = self.current, None
        self.file = io.BytesIO()
        return uploaded

    def upload_interrupted(self) -> None:
        if self.current is not None and not self.oversized:
            self.current.close()


# Files waiting for a refused form


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=PENDING_SALT)


# A token carries the file's name besides its id, so that the form can still name a
# file whose row is gone. Long enough for a name of MAX_NAME_LENGTH characters.
MAX_TOKEN_LENGTH = 400


def pending_token(pending: PendingUpload) -> str:
    return _signer().sign(f"{pending.pk}:{pending.original_name}")


class KeptUploads(list):
    """The waiting files a form's tokens name, and the names of those no longer kept.

    `gone` holds the name of each file whose token is genuine but whose row expired or
    was removed (the empty string if the token does not say); select_within_limits()
    makes each an error on the form, so nothing is stored without it.
    """

    def __init__(self, found: Iterable[PendingUpload] = (), gone: Iterable[str] = ()) -> None:
        super().__init__(found)
        self.gone = list(gone)


def pending_from_tokens(*, tokens: Iterable[str], now: datetime | None = None) -> KeptUploads:
    """The waiting files the tokens name, in their order; forged tokens are left out.

    A genuine token whose file is gone, or older than PENDING_UPLOAD_HOURS, is in
    `gone`. The file's age counts, not the token's: the token is signed again on each
    refused try, and it is never older than its file.
    """
    cutoff = (now or timezone.now()) - timedelta(hours=settings.PENDING_UPLOAD_HOURS)
    named: dict[uuid.UUID, str] = {}
    for token in list(tokens)[: MAX_FILES * 2]:
        try:
            value = _signer().unsign(str(token)[:MAX_TOKEN_LENGTH])
            # Tokens from before the name was in them are the id alone.
            pk, _sep, name = value.partition(":")
            named.setdefault(uuid.UUID(pk), name)
        except (signing.BadSignature, ValueError):
            continue
    found = {p.pk: p for p in PendingUpload.objects.filter(pk__in=list(named))}
    kept = KeptUploads()
    for pk, name in named.items():
        pending = found.get(pk)
        if pending is not None and pending.created_at >= cutoff:
            kept.append(pending)
        else:
            kept.gone.append(pending.original_name if pending is not None else name)
    del kept[MAX_FILES:]
    del kept.gone[MAX_FILES:]
    return kept


def no_longer_kept(*, name: str) -> ValidationError:
    if not name:
        return ValidationError(
            _("A file you attached earlier is no longer kept. Attach it again."), code="gone"
        )
    return _refuse(
        _("“%(name)s”, which you attached earlier, is no longer kept. Attach it again."),
        clean_name(name),
        "gone",
    )


class PendingUploadGone(ValueError):
    """A kept file was removed between the form's check and storing the nomination."""


def _new_stored_name(content_type: str) -> str:
    return f"{uuid.uuid4().hex}.{EXTENSIONS[AttachmentKind(content_type)]}"


def _write(inspected: InspectedUpload) -> str:
    inspected.upload.seek(0)
    return storage().save(_new_stored_name(inspected.content_type), inspected.upload)


def keep_pending(*, uploads: Sequence[InspectedUpload]) -> list[PendingUpload]:
    """Store files that passed their checks on a refused form, to wait for it."""
    kept = []
    for inspected in uploads:
        name = _write(inspected)
        try:
            kept.append(PendingUpload.objects.create(stored_name=name, **inspected.facts()))
        except Exception:
            storage().delete(name)
            raise
    return kept


def remove_expired_pending(*, now: datetime | None = None) -> int:
    """Remove the waiting files whose form was never sent; returns how many.

    Rows a form is storing at this moment are locked by attach() and skipped (they
    become attachments, or are removed tomorrow). The files go only once the rows'
    removal is committed: a form sent meanwhile either has the file or is told it
    is gone (pending_from_tokens), never an attachment without its file.
    """
    cutoff = (now or timezone.now()) - timedelta(hours=settings.PENDING_UPLOAD_HOURS)
    with transaction.atomic():
        expired = list(
            PendingUpload.objects.select_for_update(skip_locked=True)
            .filter(created_at__lt=cutoff)
            .values_list("pk", "stored_name")
        )
        PendingUpload.objects.filter(pk__in=[pk for pk, _name in expired]).delete()
        names = [name for _pk, name in expired]
        transaction.on_commit(lambda: delete_files(names=names))
    if expired:
        log.info("%s files that waited for a form removed", len(expired))
    return len(expired)


# Attaching to a nomination


def attach(
    *,
    nomination: Nomination,
    uploads: Sequence[InspectedUpload],
    kept: Sequence[PendingUpload],
    written: list[str],
) -> list[Attachment]:
    """The nomination's attachments, in the transaction that stores the nomination.

    Kept files become attachments under the name they already have; new ones are
    written, and their names added to `written` so that the caller can remove them
    if the transaction rolls back. Limits are checked again here, not only in the form.
    """
    # Locked, so two sends of the same form cannot both take a waiting file.
    waiting = list(PendingUpload.objects.select_for_update().filter(pk__in=[p.pk for p in kept]))
    if len(waiting) < len({p.pk for p in kept}):
        # Removed as expired after the form was checked: better refused than stored
        # silently without a file the nominator ticked.
        raise PendingUploadGone("a kept file was removed while the form was being stored")
    if len(waiting) + len(uploads) > MAX_FILES:
        raise ValueError("more files than a nomination may have")
    if sum(p.size for p in waiting) + sum(u.size for u in uploads) > MAX_TOTAL_SIZE:
        raise ValueError("more bytes than a nomination may have")
    rows = []
    for pending in waiting:
        facts = {f.name: getattr(pending, f.name) for f in FileFacts._meta.fields if f.name != "id"}
        rows.append(Attachment(nomination=nomination, **facts))
    PendingUpload.objects.filter(pk__in=[p.pk for p in waiting]).delete()
    for inspected in uploads:
        name = _write(inspected)
        written.append(name)
        rows.append(Attachment(nomination=nomination, stored_name=name, **inspected.facts()))
    for position, row in enumerate(rows):
        row.position = position
    Attachment.objects.bulk_create(rows)
    if rows:
        log.info("nomination %s: %s attachments stored", nomination.reference, len(rows))
    return rows


def delete_files(*, names: Iterable[str]) -> None:
    for name in names:
        try:
            storage().delete(name)
        except Exception:  # a file that cannot be removed must not hide the first error
            log.exception("could not remove the attachment file %s", name)


# For the jury's documents


def preview_data_uri(attachment: Attachment, *, pixels: int = PREVIEW_PIXELS) -> str:
    """The image scaled down to at most `pixels` on its longer side, as a data: URI.

    For the dossier PDF, whose renderer reads nothing but our static files. Empty if the
    file cannot be read any more: the dossier then lists it by name only.
    """
    if not attachment.is_image or attachment.removed_at is not None:
        return ""
    try:
        with storage().open(attachment.stored_name, "rb") as stored, Image.open(stored) as image:
            # A phone photo's orientation is in its EXIF; applied, so it is not on its side.
            image = ImageOps.exif_transpose(image)
            image.thumbnail((pixels, pixels))
            out = io.BytesIO()
            if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                # On white, as on paper: PDF/A keeps to the simplest drawing model.
                flat = Image.new("RGB", image.size, "white")
                flat.paste(image.convert("RGBA"), mask=image.convert("RGBA"))
                image = flat
            if attachment.content_type == AttachmentKind.PNG:
                image.convert("RGB").save(out, format="PNG", optimize=True)
                mime = "image/png"
            else:
                image.convert("RGB").save(out, format="JPEG", quality=80)
                mime = "image/jpeg"
    except Exception:
        log.warning("attachment %s could not be read for a preview", attachment.pk)
        return ""
    return f"data:{mime};base64,{base64.b64encode(out.getvalue()).decode('ascii')}"
