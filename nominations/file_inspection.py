"""What an uploaded file really is: the image and PDF checks behind inspect_upload().

nominations/attachments.py decides what a nomination may carry; this module reads a
file's own bytes to see whether it is whole, within its limits and free of active
content, and refuses with a ValidationError that names the file.
"""

import io
import struct
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from .models import AttachmentKind

# A photo from a phone is 12 to 50 million pixels; decoding many more costs memory
# out of all proportion to a 10 MB file (a "decompression bomb").
MAX_IMAGE_PIXELS = 60_000_000
# A PDF's objects are walked for scripts; a real report has thousands, not millions.
MAX_PDF_OBJECTS = 200_000


def _refuse(message, name: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params={"name": name, **params})


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


def inspect_image(upload: UploadedFile, name: str, expected: str) -> dict:
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


def inspect_pdf(upload: UploadedFile, name: str) -> dict:
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
