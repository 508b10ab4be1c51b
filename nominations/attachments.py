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
import unicodedata
import uuid
import zipfile
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

from .file_inspection import _refuse, inspect_image, inspect_pdf
from .models import Attachment, AttachmentKind, FileFacts, Nomination, PendingUpload

MAX_FILES = 3
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_TOTAL_SIZE = 20 * 1024 * 1024
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
        facts = inspect_pdf(upload, name)
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        facts = inspect_image(upload, name, "PNG")
    elif head.startswith(b"\xff\xd8\xff"):
        facts = inspect_image(upload, name, "JPEG")
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
    if not tokens:
        # No file waits (most forms): nothing to look up.
        return KeptUploads()
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
    if not uploads and not kept:
        # Most nominations carry no file: nothing to lock, check or write.
        return []
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
