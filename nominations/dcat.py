"""The open data described with DCAT-AP-SE, for Sveriges dataportal, in Turtle.

One catalogue for the installation, published by its owner (nominations/owners.py's
site_owner), with a data set per prize listed on the public site (Prize.listed), each
published by the prize's own owner and distributed as the prize's JSON and CSV
(nominations/open_data.py). A prize that is not listed keeps its data at its addresses,
as it keeps its pages, but is not in the catalogue.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from . import open_data
from .models import Owner, Prize
from .open_data import DataSet, absolute
from .winners import data_fingerprint

# Where the data sets are about, for the municipalities whose place is known: DCAT-AP-SE
# recommends dct:spatial, and an owner does not record its place as data.
SPATIAL = {"Stockholms stad": "https://sws.geonames.org/2673730/"}

THEME = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
SWEDISH = "http://publications.europa.eu/resource/authority/language/SWE"

DISTRIBUTIONS = [
    ("winners_json", "JSON", "application/json", "som JSON"),
    ("winners_csv", "CSV", "text/csv", "som CSV"),
]


def _prizes() -> tuple[list[Prize], Owner | None]:
    """The listed prizes, and the installation's owner (of the prize of the old
    addresses, listed or not), in one query."""
    prizes = list(
        Prize.objects.filter(Q(listed=True) | Q(slug=settings.LEGACY_PRIZE_SLUG))
        .select_related("owner")
        .order_by("position", "name")
    )
    site = next((p.owner for p in prizes if p.slug == settings.LEGACY_PRIZE_SLUG), None)
    return [p for p in prizes if p.listed], site


def fingerprint() -> str:
    """Changes whenever the catalogue would: a prize listed or changed, a year public."""
    prizes, site = _prizes()
    shown = [(p.pk, p.position, p.fingerprint) for p in prizes]
    shown.append(site.fingerprint if site else "")
    shown.append(data_fingerprint())
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


def _literal(text: str, lang: str = "") -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _agent(owner: Owner) -> str:
    return absolute(reverse("nominations:home")) + f"#utgivare-{owner.pk}"


def _agent_lines(owner: Owner) -> list[str]:
    return [
        "",
        f"<{_agent(owner)}> a foaf:Agent ;",
        f"  foaf:name {_literal(owner.author, 'sv')} ;",
        "  dct:type <http://purl.org/adms/publishertype/LocalAuthority> .",
    ]


def dataset_uri(prize: Prize) -> str:
    return open_data.documentation_url(prize)


def _dataset_lines(data: DataSet) -> list[str]:
    prize, owner = data.prize, data.prize.owner
    years = [row.year for row in data.rows]
    modified = max(
        (
            r.prize_year.announced_at
            for r in data.rows
            if r.prize_year and r.prize_year.announced_at
        ),
        default=None,
    )
    keywords = ", ".join(
        _literal(word, "sv") for word in dict.fromkeys(["pris", prize.name, owner.municipality])
    )
    lines = [
        "",
        f"<{dataset_uri(prize)}> a dcat:Dataset ;",
        f"  dct:title {_literal(open_data.title(prize), 'sv')}, "
        f"{_literal(open_data.title_en(prize), 'en')} ;",
        f"  dct:description {_literal(open_data.description(prize), 'sv')}, "
        f"{_literal(open_data.description_en(prize), 'en')} ;",
        f"  dct:publisher <{_agent(owner)}> ;",
        f"  dcat:landingPage <{open_data.history_url(prize)}> ;",
        f"  foaf:page <{open_data.documentation_url(prize)}> ;",
        f"  dct:conformsTo <{absolute(reverse('nominations:winners_schema'))}> ;",
        f"  dcat:keyword {keywords} ;",
        f"  dcat:theme <{THEME}> ;",
        "  dct:accessRights "
        "<http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;",
        "  dct:accrualPeriodicity "
        "<http://publications.europa.eu/resource/authority/frequency/ANNUAL> ;",
        f"  dct:language <{SWEDISH}> ;",
        "  dcat:contactPoint [ a vcard:Organization ;",
        f"    vcard:fn {_literal(owner.author, 'sv')} ;",
        f"    vcard:hasEmail <mailto:{prize.contact}> ] ;",
    ]
    if place := SPATIAL.get(owner.municipality):
        lines.append(f"  dct:spatial <{place}> ;")
    if years:
        lines += [
            "  dct:temporal [ a dct:PeriodOfTime ;",
            f'    dcat:startDate "{min(years)}-01-01"^^xsd:date ;',
            f'    dcat:endDate "{max(years)}-12-31"^^xsd:date ] ;',
        ]
    if modified:
        lines.append(f'  dct:modified "{modified.isoformat()}"^^xsd:dateTime ;')
    urls = [
        absolute(reverse(f"nominations:{name}", args=[prize.slug])) for name, *_ in DISTRIBUTIONS
    ]
    lines.append(f"  dcat:distribution {', '.join(f'<{url}>' for url in urls)} .")
    for url, (_name, file_type, media_type, how) in zip(urls, DISTRIBUTIONS, strict=True):
        lines += [
            "",
            f"<{url}> a dcat:Distribution ;",
            f"  dct:title {_literal(f'{open_data.title(prize)} {how}', 'sv')} ;",
            f"  dcat:accessURL <{open_data.documentation_url(prize)}> ;",
            f"  dcat:downloadURL <{url}> ;",
            f"  dcat:mediaType <https://www.iana.org/assignments/media-types/{media_type}> ;",
            "  dct:format "
            f"<http://publications.europa.eu/resource/authority/file-type/{file_type}> ;",
            f"  dct:license <{settings.OPEN_DATA_LICENSE_URL}> .",
        ]
    return lines


def as_turtle() -> str:
    """The catalogue: its owner, a data set per listed prize, each with its publisher."""
    prizes, site = _prizes()
    data = [open_data.data_set(prize=prize) for prize in prizes]
    # An installation whose first prize is gone is still described: by its first listed one.
    catalogue_owner = site or (prizes[0].owner if prizes else None)
    documentation = absolute(reverse("nominations:open_data"))
    municipality = catalogue_owner.municipality if catalogue_owner else ""
    lines = [
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"<{absolute(reverse('nominations:dcat'))}> a dcat:Catalog ;",
        f"  dct:title {_literal(f'Öppna data om priser från {municipality}'.strip(), 'sv')} ;",
        "  dct:description "
        + _literal(
            "Vinnarna av de priser som delas ut här, ett dataset per pris: vinnare, "
            "delade priser, hedersomnämnanden och år då priset inte delades ut.",
            "sv",
        )
        + " ;",
    ]
    if catalogue_owner:
        lines.append(f"  dct:publisher <{_agent(catalogue_owner)}> ;")
    lines += [
        f"  dct:license <{settings.OPEN_DATA_LICENSE_URL}> ;",
        f"  foaf:homepage <{documentation}> ;",
        f"  dct:language <{SWEDISH}> ;",
    ]
    if data:
        lines.append(f"  dcat:dataset {', '.join(f'<{dataset_uri(d.prize)}>' for d in data)} ;")
    lines[-1] = lines[-1].removesuffix(" ;") + " ."
    owners = {p.owner.pk: p.owner for p in prizes}
    if catalogue_owner:
        owners.setdefault(catalogue_owner.pk, catalogue_owner)
    for owner in owners.values():
        lines += _agent_lines(owner)
    for one in data:
        lines += _dataset_lines(one)
    return "\n".join(lines) + "\n"
