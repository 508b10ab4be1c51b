"""What a request for a jury document gets: the PDF, or the page of its render.

The jury area (jury/documents/views.py) and the administration (the prize year's
admin) serve the same documents; these functions are the one way both do it.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from nominations.models import PrizeYear

from .. import audit_export
from ..models import BasisDocument, DocumentKind, RenderedDocument
from . import store


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # "Ladda ner" means a file on the reader's device, not a page in the browser's viewer.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Jury documents stay out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(
    request: HttpRequest,
    *,
    kind: str,
    prize_year: PrizeYear,
    progress_url: Callable[[RenderedDocument], str],
) -> HttpResponse:
    """The finished PDF for what the document shows now, or the page of its render.

    No request renders: a document not yet made for its current content is queued
    for the worker (jury/documents/store.py), and the reader waits on its progress
    page. The checked decision is the record and is served as it was stored.
    """
    stored = store.stored_record(kind=kind, prize_year=prize_year)
    if stored is not None:
        return pdf_response(stored, store.filename(kind=kind, prize_year=prize_year))
    try:
        document = store.request_document(kind=kind, prize_year=prize_year)
    except store.NoDocument:
        # The decision was checked a moment ago: the next request serves the record.
        return redirect(request.get_full_path())
    if document.is_done:
        return pdf_response(
            bytes(document.content), store.filename(kind=kind, prize_year=prize_year)
        )
    return redirect(progress_url(document))


def progress_page(
    request: HttpRequest,
    *,
    prize_year: PrizeYear,
    document_id: int,
    download_url: Callable[[str], str],
    progress_url: Callable[[RenderedDocument], str],
    template: str,
    context: dict,
) -> HttpResponse:
    """The progress page of one of the year's renders (GET), or a new try of a failed
    one (POST). `download_url` gives the address of the document of a kind."""
    document = get_object_or_404(
        RenderedDocument.objects.defer("content").select_related("prize_year"),
        pk=document_id,
        prize_year=prize_year,
    )
    download = download_url(document.kind)
    if request.method == "POST":
        try:
            again = store.request_document(
                kind=document.kind, prize_year=document.prize_year, retry=True
            )
        except store.NoDocument:
            return redirect(download)
        return redirect(download if again.is_done else progress_url(again))
    progress = store.progress_of(document)
    # Updating itself can be turned off (WCAG 2.2.1): the same page, without the refresh.
    still = request.GET.get("uppdatera") == "nej"
    return render(
        request,
        template,
        {
            **context,
            "title": document.get_kind_display().capitalize(),
            "progress": progress,
            "document": document,
            "download_url": download,
            "refresh": progress.waiting and not still,
            "still": still,
        },
    )


def basis_response(*, prize_year: PrizeYear, kind: str) -> HttpResponse:
    """A stored document of the year's basis, byte for byte; 404 until it is stored."""
    document = get_object_or_404(
        BasisDocument.objects.stored().select_related("prize_year"),
        prize_year=prize_year,
        kind=kind,
    )
    return pdf_response(bytes(document.content), document.filename())


def audit_export_response(*, prize_year: PrizeYear, format: str, by) -> HttpResponse:
    """The year's audit trail as a file (jury/audit_export.py); 404 for an unknown format."""
    if format not in audit_export.FORMATS:
        raise Http404
    name, content = audit_export.export_audit_trail(prize_year=prize_year, format=format, by=by)
    if format == audit_export.Format.PDF:
        return pdf_response(content, name)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def download_url_name(kind: str) -> str:
    """The URL name of a kind of document, the same in the jury area and the admin."""
    return "dossier_pdf" if kind == DocumentKind.DOSSIER else "decision_pdf"
