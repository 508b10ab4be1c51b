"""The prize year's documents in the administration's screen: the decision, the dossier,
the frozen basis of the decision and the audit trail's export.

A part of jury/admin/prize_year.py (mixed into PrizeYearAdmin, whose get_urls names these
views), kept apart so that each admin module stays readable. Each view only checks who
asks and hands the year to jury/documents/responses.py.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from nominations.models import PrizeYear

from ..documents.responses import (
    audit_export_response,
    basis_response,
    document_response,
    download_url_name,
    progress_page,
)
from ..models import Decision, DocumentKind, RenderedDocument


class PrizeYearDocumentsMixin:
    def _document_year(self, request: HttpRequest, object_id: int) -> PrizeYear:
        prize_year = get_object_or_404(PrizeYear, pk=object_id)
        # The documents quote nominations, so reading them takes that permission too.
        if not (
            self.has_view_permission(request, prize_year)
            and request.user.has_perm("nominations.view_nomination")
        ):
            raise PermissionDenied
        return prize_year

    @staticmethod
    def _progress_url(document: RenderedDocument) -> str:
        return reverse(
            "admin:nominations_prizeyear_document", args=[document.prize_year_id, document.pk]
        )

    def decision_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        prize_year = self._document_year(request, object_id)
        get_object_or_404(Decision.objects.only("pk"), prize_year=prize_year)
        return document_response(
            request,
            kind=DocumentKind.DECISION,
            prize_year=prize_year,
            progress_url=self._progress_url,
        )

    def dossier_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        prize_year = self._document_year(request, object_id)
        return document_response(
            request,
            kind=DocumentKind.DOSSIER,
            prize_year=prize_year,
            progress_url=self._progress_url,
        )

    def basis_document(self, request: HttpRequest, object_id: int, kind: str) -> HttpResponse:
        """A document of the basis of the decision, as frozen when the vote opened."""
        return basis_response(prize_year=self._document_year(request, object_id), kind=kind)

    def audit_trail_export(self, request: HttpRequest, object_id: int, format: str):
        """The year's audit trail for the registrar, as CSV or PDF/A (audited)."""
        if not request.user.has_perm("nominations.view_auditentry"):
            raise PermissionDenied
        prize_year = get_object_or_404(PrizeYear, pk=object_id)
        return audit_export_response(prize_year=prize_year, format=format, by=request.user)

    def document_progress(
        self, request: HttpRequest, object_id: int, document_id: int
    ) -> HttpResponse:
        """The progress page of a document's render, for the administration."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        prize_year = self._document_year(request, object_id)
        return progress_page(
            request,
            prize_year=prize_year,
            document_id=document_id,
            download_url=lambda kind: reverse(
                f"admin:nominations_prizeyear_{download_url_name(kind)}", args=[prize_year.pk]
            ),
            progress_url=self._progress_url,
            template="admin/nominations/prizeyear/document.html",
            context={
                **self.admin_site.each_context(request),
                "original": prize_year,
                "opts": self.model._meta,
            },
        )
