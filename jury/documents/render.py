"""The jury's documents as PDF: the winner decision and the assessment dossier.

WeasyPrint renders our own templates. It may read only the fonts and styles we
ship in static/, so a document never reaches the network and looks the same on
every machine (å, ä and ö included). User text reaches the templates through
Django's autoescaping, so HTML in a nomination prints as text.

The fonts are only those in static/fonts/, and a character none of them can draw shows as
"[U+XXXX]" with a note saying so (fonts.py).

Every document is archival by default: PDF/A-2b (the ISO format archives accept
for long-term keeping, without the embedded files PDF/A-3 would allow), tagged
for screen readers, fonts embedded, with title, author, language and creation
date in both the document information and the XMP metadata.
"""

import os
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, tostring
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML, Attachment, default_url_fetcher
from weasyprint.pdf.metadata import NS as XMP_NAMESPACES
from weasyprint.pdf.metadata import generate_rdf_metadata

from nominations.models import Effort, Nomination, Owner, PrizeYear
from nominations.owners import site_owner

from . import fonts, pdf_tagging

# Writing a tagged PDF grows with pages × tagged elements without it (pdf_tagging.py).
pdf_tagging.install()

ASSETS = (Path(settings.BASE_DIR) / "static").resolve()
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Only where a document names no owner (an empty installation): each document says
# its owner in <meta name="author"> (templates/jury/pdf/_style.html).
AUTHOR = "Trygghetspris"
# PDF/A-2 drops embedded files that are not themselves PDF/A; a document that must
# carry another kind of attachment needs "pdf/a-3b" instead.
ARCHIVAL_VARIANT = "pdf/a-2b"
# fontTools stamps every embedded font subset with the second it was made, unless
# SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the stamp: then the same document
# renders to the same bytes, a second later too (the archive package is built by a
# command and by the admin alike, jury/archive/package.py). 1 January 2024, UTC.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1704067200")


class RefusedURL(ValueError):
    """A document asked for something other than our own static files."""


def local_only_fetcher(url: str, *args, **kwargs) -> dict:
    """Serve file:// URLs inside static/ and data: URLs; refuse everything else.

    data: URLs carry attached images, scaled down, inside the document itself.
    """
    parts = urlsplit(url)
    if parts.scheme == "data":
        return default_url_fetcher(url, *args, **kwargs)
    if parts.scheme != "file":
        raise RefusedURL(f"refused to fetch {parts.scheme}:// URL while rendering a PDF")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(ASSETS):
        raise RefusedURL("refused to read a file outside static/ while rendering a PDF")
    return default_url_fetcher(url, *args, **kwargs)


def _rdf_with_language(metadata, *args, language: str) -> bytes:
    """WeasyPrint's XMP packet plus dc:language, which it leaves out."""
    rdf = fromstring(generate_rdf_metadata(metadata, *args))
    description = SubElement(rdf, f"{{{XMP_NAMESPACES['rdf']}}}Description")
    description.attrib[f"{{{XMP_NAMESPACES['rdf']}}}about"] = ""
    bag = SubElement(
        SubElement(description, f"{{{XMP_NAMESPACES['dc']}}}language"),
        f"{{{XMP_NAMESPACES['rdf']}}}Bag",
    )
    SubElement(bag, f"{{{XMP_NAMESPACES['rdf']}}}li").text = language
    return tostring(rdf, encoding="utf-8")


def render_html(
    *, template: str, context: dict, printed_at: datetime, assets: str = ASSETS.as_uri()
) -> str:
    """The document's HTML, in Swedish with Stockholm times, whatever the requester browses in.

    Documents of record are the authority's, not the reader's. The context gets
    `assets` (the static/ URL), `printed_at` and `owner`, who issues the document.
    """
    with translation.override("sv"), timezone.override(STOCKHOLM):
        html = render_to_string(
            template,
            {
                "owner": document_owner(context),
                **context,
                "assets": assets,
                "printed_at": printed_at,
                "font_faces": fonts.font_faces(assets),
                "font_stack": fonts.FONT_STACK,
            },
        )
    html, missing = fonts.mark_missing(html)
    return with_missing_note(html, missing) if missing else html


def document_owner(context: dict) -> Owner | None:
    """Who issues a document: the owner of its prize year's prize.

    A document about no one year (the register extract, across every year a person
    took part in) is issued by the installation's owner (nominations/owners.py).
    """
    if context.get("owner") is not None:
        return context["owner"]
    prize_year = context.get("prize_year")
    return prize_year.prize.owner if prize_year is not None else site_owner()


def with_missing_note(html: str, missing: list[str]) -> str:
    """The note on characters shown as markers, under the document's heading.

    Near the top, so a reader learns it before meeting a marker in the text.
    """
    note = fonts.missing_note(missing)
    at = html.find("</h1>")
    if at >= 0:
        at += len("</h1>")
    else:
        at = html.find(">", html.find("<body")) + 1
    return html[:at] + note + html[at:]


def write_pdf(
    html: str,
    *,
    printed_at: datetime,
    variant: str = ARCHIVAL_VARIANT,
    attachments: list[Attachment] | None = None,
    url_fetcher: Callable[..., dict] = local_only_fetcher,
) -> bytes:
    """Lay out the HTML and write it as an archival PDF; its <title> becomes the title.

    A different url_fetcher serves HTML kept for later (jury/basis.py); it must be as
    strict as local_only_fetcher.
    """
    document = HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=url_fetcher).render(
        font_config=fonts.ShippedFonts()
    )
    metadata = document.metadata
    metadata.authors = metadata.authors or [AUTHOR]
    metadata.lang = metadata.lang or "sv"
    metadata.created = metadata.created or printed_at.astimezone(STOCKHOLM).isoformat(
        timespec="seconds"
    )
    metadata.generate_rdf_metadata = partial(_rdf_with_language, language=metadata.lang)
    # Tagged PDF, so that screen readers follow the headings, lists and tables.
    return document.write_pdf(pdf_tags=True, pdf_variant=variant, attachments=attachments)


def render_pdf(
    *,
    template: str,
    context: dict,
    variant: str = ARCHIVAL_VARIANT,
    attachments: list[Attachment] | None = None,
) -> bytes:
    """Render a template as an archival PDF, printed now (see render_html and write_pdf)."""
    printed_at = timezone.now()
    html = render_html(template=template, context=context, printed_at=printed_at)
    return write_pdf(html, printed_at=printed_at, variant=variant, attachments=attachments)


def nominations_prefetch() -> Prefetch:
    return Prefetch("nominations", queryset=Nomination.objects.for_jury())


def organisations_of(effort: Effort) -> list[str]:
    """Every collaborating organisation named in the effort's nominations, once."""
    names: dict[str, str] = {}
    for nomination in effort.nominations.all():
        for organisation in nomination.organisations.all():
            names.setdefault(organisation.name.casefold(), organisation.name)
    return list(names.values())


DOSSIER_TEMPLATE = "jury/pdf/dossier.html"


def dossier_context(
    *, prize_year: PrizeYear, on_effort: Callable[[int, int], None] | None = None
) -> dict:
    """Everything the dossier shows, read from the rows as they are now.

    on_effort(done, total) is told after each effort is read, for a render's progress.
    """
    efforts = list(
        Effort.objects.eligible()
        .filter(prize_year=prize_year)
        .order_by("name")
        .prefetch_related(nominations_prefetch())
    )
    shown = []
    for effort in efforts:
        shown.append((effort, organisations_of(effort)))
        if on_effort is not None:
            on_effort(len(shown), len(efforts))
    return {
        "prize_year": prize_year,
        "efforts": shown,
        # Images as themselves; jury/documents.py sets it to name them by checksum.
        "key_only": False,
        **orientation_context(prize_year),
    }


def dossier_pdf(*, prize_year: PrizeYear) -> bytes:
    """The dossier rendered now, in the caller's process (the worker, tests and the bench)."""
    return render_pdf(template=DOSSIER_TEMPLATE, context=dossier_context(prize_year=prize_year))


def orientation_context(prize_year: PrizeYear) -> dict:
    """The year's criteria as the documents state them, each kind in the committee's order."""
    criteria = prize_year.ordered_criteria()
    return {
        "mandatory_criteria": [c for c in criteria if c.is_mandatory],
        "assessment_criteria": [c for c in criteria if not c.is_mandatory],
    }
