"""The jury's documents as PDF: the winner decision and the assessment dossier.

WeasyPrint renders our own templates. It may read only the fonts and styles we
ship in static/, so a document never reaches the network and looks the same on
every machine (å, ä and ö included). User text reaches the templates through
Django's autoescaping, so HTML in a nomination prints as text.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML, default_url_fetcher

from nominations.models import Effort, Nomination, PrizeYear

from .models import ConflictDeclaration, Decision, JuryMembership

ASSETS = (Path(settings.BASE_DIR) / "static").resolve()


class RefusedURL(ValueError):
    """A document asked for something other than our own static files."""


def local_only_fetcher(url: str, *args, **kwargs) -> dict:
    """Serve file:// URLs inside static/ and refuse everything else, remote URLs first."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise RefusedURL(f"refused to fetch {parts.scheme}:// URL while rendering a PDF")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(ASSETS):
        raise RefusedURL("refused to read a file outside static/ while rendering a PDF")
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(*, template: str, context: dict) -> bytes:
    # Documents of record are in Swedish whatever language the requester browses in.
    with translation.override("sv"):
        html = render_to_string(template, {**context, "assets": ASSETS.as_uri()})
    document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=local_only_fetcher)
    # Tagged PDF, so that screen readers follow the headings, lists and tables.
    return document.write_pdf(pdf_tags=True)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Jury documents stay out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _nominations() -> Prefetch:
    # The jury's documents never carry the nominators' contact details, not even unread.
    return Prefetch(
        "nominations",
        queryset=Nomination.objects.without_contact_details()
        .prefetch_related("organisations")
        .order_by("submitted_at"),
    )


def organisations_of(effort: Effort) -> list[str]:
    """Every collaborating organisation named in the effort's nominations, once."""
    names: dict[str, str] = {}
    for nomination in effort.nominations.all():
        for organisation in nomination.organisations.all():
            names.setdefault(organisation.name.casefold(), organisation.name)
    return list(names.values())


def decision_pdf(*, decision: Decision) -> bytes:
    prize_year = decision.prize_year
    winner = Effort.objects.prefetch_related(_nominations()).get(pk=decision.effort_id)
    efforts = {str(e.pk): e.name for e in Effort.objects.filter(pk__in=decision.tally.keys())}
    members = (
        JuryMembership.objects.filter(prize_year=prize_year)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name")
    )
    conflicts = ConflictDeclaration.objects.filter(effort__prize_year=prize_year).select_related(
        "juror", "effort"
    )
    return render_pdf(
        template="jury/pdf/decision.html",
        context={
            "decision": decision,
            "prize_year": prize_year,
            "winner": winner,
            "organisations": organisations_of(winner),
            "tally": sorted(
                ((efforts[pk], votes) for pk, votes in decision.tally.items()),
                key=lambda row: (-row[1], row[0]),
            ),
            "members": members,
            "conflicts": conflicts,
        },
    )


def dossier_pdf(*, prize_year: PrizeYear) -> bytes:
    efforts = list(
        Effort.objects.eligible()
        .filter(prize_year=prize_year)
        .order_by("name")
        .prefetch_related(_nominations())
    )
    return render_pdf(
        template="jury/pdf/dossier.html",
        context={
            "prize_year": prize_year,
            "efforts": [(effort, organisations_of(effort)) for effort in efforts],
        },
    )
