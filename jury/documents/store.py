"""The jury's long documents, rendered by the worker and kept for the content they show.

A dossier of a few hundred efforts takes WeasyPrint longer than a request may last,
and every juror asks for the same one. So no request renders: request_document()
works out the document's content key (a SHA-256 of exactly what it shows: for the
dossier, kept current by the database as the rows change, revision.py) and
either finds the finished render for that key or queues one, once however many
ask at the same moment (a unique row per kind, year and key). The worker
(`manage.py db_worker`) runs render_document(), which records its progress on the
row for the progress page and stores the PDF on it. A change in what the document
shows makes a new key, so the next request queues a new render; an unchanged
document is rendered once for the whole jury.

The checked decision is a record (Decision.document) and is never rendered here;
only the draft before it is checked goes through the worker.

Requesting a render changes no record, so it is not in the audit trail.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from hashlib import sha256
from pathlib import Path

import weasyprint
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Django 6 has this as django.tasks.task.
from django_tasks import task

from nominations.models import Effort, PrizeYear

from .. import justering
from ..models import Decision, DocumentKind, RenderedDocument, RenderFailure, RenderStatus
from . import render
from .fonts import font_files
from .revision import dossier_key

log = logging.getLogger(__name__)

# Bump when render.py changes how a document looks without its template changing (the
# templates are inside the key already, as the HTML they make).
RENDERER_VERSION = "2"
# The key is made from the HTML with these in place of the print date and the address
# of static/: both belong to the copy and the machine, not to what the document says.
# (A kept copy states the date it was rendered, which is when it was printed.)
KEY_PRINTED_AT = datetime(2000, 1, 1, tzinfo=UTC)
KEY_ASSETS = "static:"
# A render that has been working this long has lost its worker (stopped, restarted):
# it is shown as failed and may be asked for again. The largest dossier takes minutes.
STALLED_AFTER = timedelta(minutes=15)
# Progress is written to the row at most this often (seconds), and at each new step.
PROGRESS_EVERY = 0.5
RUNNING = (RenderStatus.READING, RenderStatus.LAYOUT, RenderStatus.WRITING)


class NoDocument(Exception):
    """There is nothing to render: no decision yet, or it is checked and stored."""


@dataclass(frozen=True)
class Source:
    """What a document is made from: its template and everything the template reads."""

    template: str
    context: dict
    efforts: int


def source_of(
    *, kind: str, prize_year: PrizeYear, on_effort: Callable[[int, int], None] | None = None
) -> Source:
    if kind == DocumentKind.DOSSIER:
        context = render.dossier_context(prize_year=prize_year, on_effort=on_effort)
        return Source(render.DOSSIER_TEMPLATE, context, len(context["efforts"]))
    decision = (
        Decision.objects.select_related("prize_year", "justerare")
        .filter(prize_year=prize_year)
        .first()
    )
    if decision is None or decision.is_checked:
        raise NoDocument(kind)
    context = justering.decision_context(decision, draft=True)
    # Read once, so the key and the PDF are made from the same rows.
    context = {k: list(v) if isinstance(v, QuerySet) else v for k, v in context.items()}
    return Source(justering.TEMPLATE, context, 0)


# What turns the rows into the PDF besides WeasyPrint and the fonts: the templates, the
# code that fills and renders them, and the Swedish translations (district names and
# criteria labels come through them). The dossier's key does not hold its HTML, so
# these are in it instead (revision.py).
RENDERER_SOURCES = (
    (Path(__file__).parent, "*.py"),
    (Path(__file__).parent.parent / "templatetags", "*.py"),
    (Path(settings.BASE_DIR) / "templates" / "jury" / "pdf", "*.html"),
    (Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES", "*.mo"),
)


@cache
def _renderer() -> bytes:
    """The code, templates and fonts that turn the rows into a PDF, read once per process."""
    files = sha256()
    # Every font file, .otf as well as .ttf: the fonts' @font-face rules are in the HTML.
    paths = [
        *font_files(),
        *(p for folder, pattern in RENDERER_SOURCES for p in folder.glob(pattern)),
    ]
    for path in sorted(paths):
        files.update(path.name.encode() + b"\0")
        files.update(path.read_bytes())
    return f"{RENDERER_VERSION} {weasyprint.__version__} {files.hexdigest()}".encode()


def shown_content(source: Source) -> Iterator[bytes]:
    """Everything the document shows, part by part: the one place to add an input.

    The HTML is what WeasyPrint lays out, so it holds every name, text, criterion and
    screening result the template prints, and the template itself. A file the HTML
    refers to (an attached image) is in it as its SHA-256 instead of the scaled copy.
    """
    yield _renderer()
    yield render.render_html(
        template=source.template,
        # Attached images by their checksums (templatetags/documents.py).
        context={**source.context, "key_only": True},
        printed_at=KEY_PRINTED_AT,
        assets=KEY_ASSETS,
    ).encode()


def _key(source: Source) -> str:
    digest = sha256()
    for part in shown_content(source):
        # Each part with its length, so no two different lists of parts hash alike.
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def content_key(*, kind: str, prize_year: PrizeYear) -> str:
    """The SHA-256 of what the document of this kind and year shows now.

    The dossier's from the year's change count, in one query (revision.py); the draft
    decision's, a few pages, from its HTML. Raises NoDocument when there is no draft.
    """
    if kind == DocumentKind.DOSSIER:
        return dossier_key(prize_year_id=prize_year.pk, renderer=_renderer())
    return _key(source_of(kind=kind, prize_year=prize_year))


def _efforts_in(*, kind: str, prize_year: PrizeYear) -> int:
    """How many efforts a new render will read, for its progress page."""
    if kind != DocumentKind.DOSSIER:
        return 0
    return Effort.objects.eligible().filter(prize_year=prize_year).count()


def stored_record(*, kind: str, prize_year: PrizeYear) -> bytes | None:
    """The checked decision's PDF as stored when it was checked, or None.

    That is the record: served as it is, never rendered again (justering.py). Every other
    document, the draft decision included, goes through request_document().
    """
    if kind != DocumentKind.DECISION:
        return None
    stored = (
        Decision.objects.filter(prize_year=prize_year, document__isnull=False)
        .values_list("document", flat=True)
        .first()
    )
    return None if stored is None else bytes(stored)


def is_stalled(document: RenderedDocument, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    started = document.started_at or document.requested_at
    return document.status in RUNNING and started < now - STALLED_AFTER


def may_retry(document: RenderedDocument, *, now: datetime | None = None) -> bool:
    return document.is_failed or is_stalled(document, now=now)


def request_document(*, kind: str, prize_year: PrizeYear, retry: bool = False) -> RenderedDocument:
    """The render of the document as it is now: finished, under way, or queued now.

    A failed render stays failed (the progress page says why) until it is asked for
    with retry=True, so a render that fails every time is not tried at every download.
    Raises NoDocument when there is no draft decision to render.
    """
    key = content_key(kind=kind, prize_year=prize_year)
    current = RenderedDocument.objects.filter(kind=kind, prize_year=prize_year, content_key=key)
    document = current.first()
    if document is None:
        efforts = _efforts_in(kind=kind, prize_year=prize_year)
        try:
            with transaction.atomic():
                document = RenderedDocument.objects.create(
                    kind=kind, prize_year=prize_year, content_key=key, efforts_total=efforts
                )
                _enqueue(document)
        except IntegrityError:
            # Another request queued the same render a moment ago; it serves this one too.
            return current.get()
        # Renders of what the document showed before are derived copies, not records:
        # they can be made again from the rows, so they go when the content changes.
        # One that is still queued or working is left to its worker, which finds the
        # content changed and stops.
        RenderedDocument.objects.filter(
            kind=kind, prize_year=prize_year, status__in=[RenderStatus.DONE, RenderStatus.FAILED]
        ).exclude(content_key=key).delete()
        return document
    if retry and may_retry(document):
        with transaction.atomic():
            # Conditional, so that two clicks on "try again" queue one render.
            again = RenderedDocument.objects.filter(
                pk=document.pk, attempt=document.attempt, status=document.status
            ).update(
                status=RenderStatus.QUEUED,
                attempt=F("attempt") + 1,
                failure="",
                reason="",
                efforts_done=0,
                efforts_total=_efforts_in(kind=kind, prize_year=prize_year),
                pages_done=0,
                requested_at=timezone.now(),
                started_at=None,
                finished_at=None,
            )
            document.refresh_from_db()
            if again:
                _enqueue(document)
    return document


def discard_renders(*, prize_year: PrizeYear, **signal) -> int:
    """Delete every render of the year's documents: what they were made from was removed.

    Connected to nominations' attachments_removed (apps.py), in the removal's own
    transaction: a dossier keeps scaled copies of attached images, which must not
    outlive the files under the retention rule. They are copies, not records; the next
    download renders the document again. A render under way finds its row gone and
    stores nothing (its final update matches no row).
    """
    deleted, _by_model = RenderedDocument.objects.filter(prize_year=prize_year).delete()
    return deleted


def _enqueue(document: RenderedDocument) -> None:
    render_document.enqueue(document_id=document.pk, attempt=document.attempt)


class _Recorder:
    """Writes a render's progress to its row: at each step, and at most every PROGRESS_EVERY."""

    def __init__(self, document: RenderedDocument) -> None:
        self.rows = RenderedDocument.objects.filter(pk=document.pk, attempt=document.attempt)
        self.written = 0.0

    def write(self, *, now: bool = False, **fields) -> None:
        if now or time.monotonic() - self.written >= PROGRESS_EVERY:
            self.rows.update(**fields)
            self.written = time.monotonic()

    def effort(self, done: int, total: int) -> None:
        self.write(efforts_done=done, efforts_total=total, now=done == total)

    def failed(self, failure: str, reason: str = "") -> str:
        self.rows.update(
            status=RenderStatus.FAILED,
            failure=failure,
            reason=reason,
            finished_at=timezone.now(),
        )
        return "failed"


class _WeasyPrintSteps(logging.Handler):
    """Counts the pages WeasyPrint lays out and notes when it starts writing the PDF.

    WeasyPrint tells its steps through the `weasyprint.progress` logger (at INFO,
    which settings.LOGGING keeps on and out of the console). Only this thread's
    render counts.
    """

    def __init__(self, recorder: _Recorder) -> None:
        super().__init__()
        self.recorder = recorder
        self.thread = threading.get_ident()
        self.pages = 0
        self.writing = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        if record.msg == "Step 5 - Creating layout - Page %d" and record.args:
            # Pages laid out again (for "Sida X av Y") are not counted twice.
            if record.args[0] > self.pages:
                self.pages = record.args[0]
                self.recorder.write(pages_done=self.pages)
        elif record.msg.startswith("Step 6") and not self.writing:
            self.writing = True
            self.recorder.write(status=RenderStatus.WRITING, pages_done=self.pages, now=True)


@contextmanager
def _counting_steps(recorder: _Recorder) -> Iterator[None]:
    logger = logging.getLogger("weasyprint.progress")
    handler = _WeasyPrintSteps(recorder)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


# A queue of its own, with a worker of its own: a dossier takes minutes, mail must not wait.
@task(queue_name="documents")
def render_document(*, document_id: int, attempt: int) -> str:
    """Render the document for its row, if it still waits for this try; store the PDF."""
    started = timezone.now()
    claimed = RenderedDocument.objects.filter(
        pk=document_id, attempt=attempt, status=RenderStatus.QUEUED
    ).update(status=RenderStatus.READING, started_at=started)
    if not claimed:
        # Done, retried, deleted as out of date, or taken by another run meanwhile.
        return "skipped"
    document = RenderedDocument.objects.select_related("prize_year").filter(pk=document_id).first()
    if document is None:
        return "skipped"
    recorder = _Recorder(document)
    kind = document.kind
    try:
        # The key before and after reading: both are the requested one only if nothing
        # the document shows changed in between, so what was read is what the key says.
        before = content_key(kind=kind, prize_year=document.prize_year)
        prize_year = PrizeYear.objects.get(pk=document.prize_year_id)
        source = source_of(kind=kind, prize_year=prize_year, on_effort=recorder.effort)
        after = content_key(kind=kind, prize_year=prize_year)
        if not before == after == document.content_key:
            # A newer request has (or will have) its own render of the current content.
            return recorder.failed(RenderFailure.CHANGED)
        recorder.write(status=RenderStatus.LAYOUT, now=True)
        printed_at = timezone.now()
        html = render.render_html(
            template=source.template, context=source.context, printed_at=printed_at
        )
        with _counting_steps(recorder):
            content = render.write_pdf(html, printed_at=printed_at)
    except NoDocument:
        return recorder.failed(RenderFailure.UNAVAILABLE)
    except Exception as error:  # whatever stops this render, the next try may succeed
        log.exception("rendering document %s (%s) failed", document_id, document.kind)
        return recorder.failed(RenderFailure.ERROR, f"{type(error).__name__}: {error}"[:1000])
    finished = timezone.now()
    recorder.rows.update(status=RenderStatus.DONE, content=content, finished_at=finished)
    log.info(
        "rendered document %s (%s, %s efforts) in %.1f s",
        document_id,
        document.kind,
        source.efforts,
        (finished - started).total_seconds(),
    )
    return "done"


@dataclass(frozen=True)
class Progress:
    """A render as the progress page tells it."""

    document: RenderedDocument
    waiting: bool
    done: bool
    failed: bool
    # The <progress> element: None for a step whose length is not known in advance.
    value: int | None
    maximum: int
    step: str
    failure: str


def progress_of(document: RenderedDocument, *, now: datetime | None = None) -> Progress:
    """What the render has done so far, in plain words, from what the worker recorded."""
    stalled = is_stalled(document, now=now)
    failed = document.is_failed or stalled
    total = document.efforts_total
    value: int | None = None
    maximum = max(total, 1)
    step = ""
    if document.status == RenderStatus.QUEUED:
        value = 0
        step = _("The document waits for its turn. It starts within a minute or so.")
    elif document.status == RenderStatus.READING:
        value = document.efforts_done
        step = _("Reading the efforts.")
    elif document.status == RenderStatus.LAYOUT:
        value = total if total else None
        step = ngettext(
            "Laying out the pages: %(pages)s page is done.",
            "Laying out the pages: %(pages)s pages are done.",
            document.pages_done,
        ) % {"pages": document.pages_done}
    elif document.status == RenderStatus.WRITING:
        value = total if total else None
        step = _("Writing the PDF file. This is the last step.")
    elif document.is_done:
        value = maximum
    failure = ""
    if stalled:
        failure = _("The rendering stopped without finishing.")
    elif document.failure == RenderFailure.CHANGED:
        failure = _(
            "What the document shows changed while it waited, so it was not made. "
            "Try again to get the document as it is now."
        )
    elif document.failure == RenderFailure.UNAVAILABLE:
        failure = _(
            "There is no draft decision to make: the decision is missing, or it is "
            "checked and stored. Try again to download it."
        )
    elif document.is_failed:
        failure = _("Something went wrong when the document was made.")
    return Progress(
        document=document,
        waiting=not (document.is_done or failed),
        done=document.is_done,
        failed=failed,
        value=None if failed else value,
        maximum=maximum,
        step=step,
        failure=failure,
    )


def filename(*, kind: str, prize_year: PrizeYear) -> str:
    stem = "underlag" if kind == DocumentKind.DOSSIER else "beslut"
    return f"{stem}-{prize_year.prize.slug}-{prize_year.year}.pdf"
