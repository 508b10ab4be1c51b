"""The public winners as open data (lagen 2022:818): JSON, CSV, an Atom feed, DCAT-AP-SE.

Every format is built from nominations/winners.py's PublicWinner, so none shows more
than the winner's page. The data is in Swedish, the language of the record, whatever
the visitor's screen language; addresses are absolute, from SITE_URL, so that they are
stable identifiers.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .export import spreadsheet_cell
from .owners import site_owner
from .winners import PublicWinner

# The JSON data set's schema, kept in the repository and served beside the data.
JSON_SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "winners.schema.json"

TITLE = "Trygghetsprisets vinnare"
TITLE_EN = "Winners of Trygghetspriset"
DESCRIPTION = (
    "Vinnarna av Trygghetspriset, Stockholms stads årliga pris till en insats där flera "
    "organisationer samverkar för en tryggare stad, från 2012: år, tema, vinnare, "
    "samverkande organisationer, juryns motivering, prissumma och beslutets diarienummer."
)
DESCRIPTION_EN = (
    "The winners of Trygghetspriset, the City of Stockholm's yearly prize to an effort in "
    "which several organisations work together for a safer city, since 2012."
)


def _publisher() -> tuple[str, str]:
    """Who publishes the data, and their e-mail: the owner of the prize (nominations/owners.py).

    The winners published here are those of the prize of the old addresses, so its owner
    publishes them. The data sets are kept under winners.data_fingerprint, which changes
    with the owner.
    """
    owner = site_owner()
    return (owner.author, owner.email) if owner else ("", "")


CSV_COLUMNS = [
    "ar",
    "vinnare",
    "tema",
    "samverkande_organisationer",
    "stadsdelar",
    "motivering",
    "prissumma_kr",
    "utdelat_datum",
    "utdelat_plats",
    "offentliggjort",
    "diarienummer",
    "beslutsdatum",
    "sida",
]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def winner_url(winner: PublicWinner) -> str:
    return absolute(reverse("nominations:winner", args=[winner.prize_slug, winner.year]))


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def winner_record(winner: PublicWinner) -> dict:
    """One winner as the JSON data set has it (see nominations/schemas/winners.schema.json)."""
    return {
        "year": winner.year,
        "prize": winner.prize_name,
        "winner": winner.name,
        "url": winner_url(winner),
        "theme": winner.theme,
        "theme_en": winner.theme_en or None,
        "organisations": list(winner.organisations),
        "districts": list(winner.districts),
        "motivation": winner.motivation or None,
        "prize_amount_sek": winner.prize_amount,
        "awarded_on": _iso(winner.awarded_on),
        "award_place": winner.award_place or None,
        "announced_at": _iso(timezone.localtime(winner.announced_at))
        if winner.announced_at
        else None,
        "historical_record": winner.is_historical,
        # The decision of record: the committee's, where it decided on the jury's proposal.
        "decision": {
            "case_number": of_record[0] or None,
            "decided_on": of_record[1].isoformat(),
        }
        if (of_record := winner.decision_of_record)
        else None,
    }


def as_json(*, winners: list[PublicWinner]) -> str:
    document = {
        "title": TITLE,
        "description": DESCRIPTION,
        "publisher": _publisher()[0],
        "license": settings.OPEN_DATA_LICENSE_URL,
        "documentation": absolute(reverse("nominations:open_data")),
        "winners": [winner_record(w) for w in winners],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(*, winners: list[PublicWinner]) -> str:
    """Comma-separated, UTF-8 with a header row (RFC 4180); lists joined by "; ".

    A text that a spreadsheet would run as a formula starts with an apostrophe, as in
    the administration's export (nominations/export.py).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for winner in winners:
        record = winner_record(winner)
        decision = record["decision"] or {}
        writer.writerow(
            spreadsheet_cell(value)
            for value in [
                record["year"],
                record["winner"],
                record["theme"],
                "; ".join(record["organisations"]),
                "; ".join(record["districts"]),
                record["motivation"] or "",
                record["prize_amount_sek"],
                record["awarded_on"] or "",
                record["award_place"] or "",
                record["announced_at"] or "",
                decision.get("case_number") or "",
                decision.get("decided_on") or "",
                record["url"],
            ]
        )
    return out.getvalue()


def as_atom(*, winners: list[PublicWinner]) -> bytes:
    """An Atom feed with one entry per announcement made in this system."""
    announced = [w for w in winners if w.announced_at]
    feed = Atom1Feed(
        title=TITLE,
        link=absolute(reverse("nominations:home")),
        description=DESCRIPTION,
        language="sv",
        author_name=_publisher()[0],
        feed_url=absolute(reverse("nominations:feed")),
        feed_guid=absolute(reverse("nominations:feed")),
        feed_copyright=settings.OPEN_DATA_LICENSE_NAME,
    )
    for winner in announced:
        feed.add_item(
            title=f"Vinnaren av {winner.prize_name} {winner.year}: {winner.name}",
            link=winner_url(winner),
            unique_id=winner_url(winner),
            # The summary is HTML to feed readers: the motivation is plain text.
            description=escape(winner.motivation),
            pubdate=winner.announced_at,
            updateddate=winner.announced_at,
        )
    if not announced:
        # With no entry the feed's updated is the licence's own moment, not "now":
        # the same bytes for the same data.
        feed.latest_post_date = lambda: datetime(2012, 1, 1, tzinfo=UTC)
    return feed.writeString("utf-8").encode()


def _literal(text: str, lang: str = "") -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def as_dcat_turtle(*, winners: list[PublicWinner]) -> str:
    """The data set described with DCAT-AP-SE, for Sveriges dataportal, in Turtle."""
    catalog = absolute(reverse("nominations:dcat"))
    dataset = absolute(reverse("nominations:open_data")) + "#dataset"
    documentation = absolute(reverse("nominations:open_data"))
    publisher = absolute(reverse("nominations:home")) + "#utgivare"
    publisher_name, publisher_email = _publisher()
    license_url = settings.OPEN_DATA_LICENSE_URL
    years = [w.year for w in winners]
    modified = max((w.announced_at for w in winners if w.announced_at), default=None)
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"<{catalog}> a dcat:Catalog ;",
        f"  dct:title {_literal('Trygghetspriset: öppna data', 'sv')} ;",
        f"  dct:description {_literal(DESCRIPTION, 'sv')} ;",
        f"  dct:publisher <{publisher}> ;",
        f"  dct:license <{license_url}> ;",
        f"  foaf:homepage <{documentation}> ;",
        "  dct:language <http://publications.europa.eu/resource/authority/language/SWE> ;",
        f"  dcat:dataset <{dataset}> .",
        "",
        f"<{publisher}> a foaf:Agent ;",
        f"  foaf:name {_literal(publisher_name, 'sv')} ;",
        "  dct:type <http://purl.org/adms/publishertype/LocalAuthority> .",
        "",
        f"<{dataset}> a dcat:Dataset ;",
        f"  dct:title {_literal(TITLE, 'sv')}, {_literal(TITLE_EN, 'en')} ;",
        f"  dct:description {_literal(DESCRIPTION, 'sv')}, {_literal(DESCRIPTION_EN, 'en')} ;",
        f"  dct:publisher <{publisher}> ;",
        f"  dcat:landingPage <{documentation}> ;",
        f"  dcat:keyword {_literal('trygghet', 'sv')}, {_literal('pris', 'sv')}, "
        f"{_literal('samverkan', 'sv')}, {_literal('Stockholm', 'sv')} ;",
        "  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/SOCI> ;",
        "  dct:accessRights "
        "<http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;",
        "  dct:accrualPeriodicity "
        "<http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;",
        "  dct:language <http://publications.europa.eu/resource/authority/language/SWE> ;",
        "  dct:spatial <https://sws.geonames.org/2673730/> ;",  # Stockholm
        "  dcat:contactPoint [ a vcard:Organization ;",
        f"    vcard:fn {_literal(publisher_name, 'sv')} ;",
        f"    vcard:hasEmail <mailto:{publisher_email}> ] ;",
    ]
    if years:
        lines += [
            "  dct:temporal [ a dct:PeriodOfTime ;",
            f'    dcat:startDate "{min(years)}-01-01"^^xsd:date ;',
            f'    dcat:endDate "{max(years)}-12-31"^^xsd:date ] ;',
        ]
    if modified:
        lines.append(f'  dct:modified "{modified.isoformat()}"^^xsd:dateTime ;')
    distributions = [
        ("winners_json", "JSON", "application/json", "Vinnarna som JSON"),
        ("winners_csv", "CSV", "text/csv", "Vinnarna som CSV"),
    ]
    names = ", ".join(f"<{absolute(reverse(f'nominations:{n}'))}>" for n, *_rest in distributions)
    lines.append(f"  dcat:distribution {names} .")
    for name, file_type, media_type, title in distributions:
        url = absolute(reverse(f"nominations:{name}"))
        lines += [
            "",
            f"<{url}> a dcat:Distribution ;",
            f"  dct:title {_literal(title, 'sv')} ;",
            f"  dcat:accessURL <{documentation}> ;",
            f"  dcat:downloadURL <{url}> ;",
            f"  dcat:mediaType <https://www.iana.org/assignments/media-types/{media_type}> ;",
            "  dct:format "
            f"<http://publications.europa.eu/resource/authority/file-type/{file_type}> ;",
            f"  dct:license <{license_url}> .",
        ]
    return "\n".join(lines) + "\n"


def json_ld(*, winner: PublicWinner) -> str:
    """schema.org markup for the winner's page: the award, given to the effort."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": winner.name,
        "url": winner_url(winner),
        "award": f"Trygghetspriset {winner.year}",
        "subjectOf": {
            "@type": "Event",
            "name": f"Utdelningen av Trygghetspriset {winner.year}",
            **({"startDate": winner.awarded_on.isoformat()} if winner.awarded_on else {}),
            **(
                {"location": {"@type": "Place", "name": winner.award_place}}
                if winner.award_place
                else {}
            ),
            "organizer": {"@type": "GovernmentOrganization", "name": _publisher()[0]},
        },
    }
    if winner.organisations:
        data["member"] = [{"@type": "Organization", "name": n} for n in winner.organisations]
    if winner.motivation:
        data["description"] = winner.motivation
    # Inside <script>, "</" would end the element: escape it as JSON allows.
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
