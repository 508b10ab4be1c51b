"""The jury's documents in the jury area: the decision, the dossier and their renders."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ..access import jury_view
from ..models import Decision, DocumentKind, JuryMembership, RenderedDocument
from .responses import basis_response, document_response, download_url_name, progress_page


def _progress_url(document: RenderedDocument) -> str:
    return reverse("jury:document", args=[document.prize_year, document.pk])


@jury_view
@require_GET
def decision_document(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    prize_year = membership.prize_year
    get_object_or_404(Decision.objects.only("pk"), prize_year=prize_year)
    return document_response(
        request,
        kind=DocumentKind.DECISION,
        prize_year=prize_year,
        progress_url=_progress_url,
    )


@jury_view
@require_GET
def dossier_document(request: HttpRequest, membership: JuryMembership) -> HttpResponse:
    return document_response(
        request,
        kind=DocumentKind.DOSSIER,
        prize_year=membership.prize_year,
        progress_url=_progress_url,
    )


@jury_view
@require_GET
def basis_document(request: HttpRequest, membership: JuryMembership, kind: str) -> HttpResponse:
    """A document of the basis of the decision, as frozen when the vote opened."""
    return basis_response(prize_year=membership.prize_year, kind=kind)


@jury_view
@require_http_methods(["GET", "POST"])
def document_progress(
    request: HttpRequest, membership: JuryMembership, document_id: int
) -> HttpResponse:
    prize_year = membership.prize_year
    return progress_page(
        request,
        prize_year=prize_year,
        document_id=document_id,
        download_url=lambda kind: reverse(f"jury:{download_url_name(kind)}", args=[prize_year]),
        progress_url=_progress_url,
        template="jury/document.html",
        context={"membership": membership, "prize_year": prize_year},
    )
