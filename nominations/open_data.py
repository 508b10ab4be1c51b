"""The public outcomes of each prize as open data (lagen 2022:818): JSON, CSV and Atom.

Each prize has its own data sets under its own addresses (/priser/<slug>/oppna-data/…);
nominations/dcat.py describes them in one DCAT-AP-SE catalogue. Every format is built
from the prize's public history (nominations/winners.py's history_rows), so none shows
more than the history and the winner's page, and none shows a year before its
announcement: the winners, a shared prize's winners one by one, the honourable mentions
and the years not awarded, with the decision of record (the committee's, where one
decides on the jury's proposal). The data is in Swedish, the language of the record,
whatever the visitor's screen language; addresses are absolute, from SITE_URL, so that
they are stable identifiers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .export import spreadsheet_cell
from .models import Prize
from .winners import HistoryRow, PublicEffort, PublicWinner, history_rows

# The JSON data set's schema, kept in the repository and served beside the data.
JSON_SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "winners.schema.json"
# 2.0: one data set per prize, a shared prize as one record per winner, the honourable
# mentions and the years not awarded (nominations/schemas/winners.schema.json says more).
SCHEMA_VERSION = "2.1"

# What a record is: its kind in the JSON, and as the CSV's column "typ" says it.
WINNER = "winner"
SHARED_WINNER = "shared_winner"
HONOURABLE_MENTION = "honourable_mention"
NOT_AWARDED = "not_awarded"
KIND_IN_SWEDISH = {
    WINNER: "vinnare",
    SHARED_WINNER: "delad vinnare",
    HONOURABLE_MENTION: "hedersomnämnande",
    NOT_AWARDED: "ej utdelat",
}


@dataclass(frozen=True)
class DataSet:
    """A prize's public history, the years with nothing public left out."""

    prize: Prize
    rows: tuple[HistoryRow, ...]


def data_set(*, prize: Prize) -> DataSet:
    """The prize's data: the rows of its public history (the same rule as the page)."""
    rows = history_rows(prize=prize)
    return DataSet(
        prize=prize,
        rows=tuple(r for r in rows if r.winner or r.not_awarded_because or r.mentions),
    )


def title(prize: Prize) -> str:
    return f"Vinnare av {prize.name}"


def title_en(prize: Prize) -> str:
    return f"Winners of {prize.name_en or prize.name}"


def description(prize: Prize) -> str:
    since = f", från {prize.first_year}" if prize.first_year else ""
    return (
        f"Vinnarna av {prize.name} år för år{since}: vinnare, delade priser, "
        "hedersomnämnanden och år då priset inte delades ut, med tema, motivering, "
        "samverkande organisationer, prissumma och beslutets diarienummer. "
        f"{prize.purpose}"
    ).strip()


def description_en(prize: Prize) -> str:
    since = f", since {prize.first_year}" if prize.first_year else ""
    return (
        f"The winners of {prize.name_en or prize.name} year by year{since}: winners, "
        "shared prizes, honourable mentions and years not awarded. "
        f"{prize.purpose_en}"
    ).strip()


def publisher(prize: Prize) -> str:
    """Who publishes the data: the prize's owner (nominations/owners.py), as documents name it."""
    return prize.owner.author


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def winner_url(winner: PublicWinner) -> str:
    return absolute(reverse("nominations:winner", args=[winner.prize_slug, winner.year]))


def history_url(prize: Prize) -> str:
    return absolute(reverse("nominations:history", args=[prize.slug]))


def year_url(prize: Prize, year: int) -> str:
    """The year's row in the history: a year not awarded has no winner's page."""
    return f"{history_url(prize)}#ar-{year}"


def documentation_url(prize: Prize) -> str:
    """The open data page's section about the prize (templates/nominations/open_data.html)."""
    return absolute(reverse("nominations:open_data")) + f"#{anchor(prize)}"


def anchor(prize: Prize) -> str:
    # Trygghetspriset's data set kept the identifier it had before several prizes, so
    # that Sveriges dataportal sees the same data set (nominations/dcat.py).
    return "dataset" if prize.slug == settings.LEGACY_PRIZE_SLUG else f"dataset-{prize.slug}"


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _announced(row: HistoryRow) -> str | None:
    moment = row.prize_year.announced_at if row.prize_year else None
    return _iso(timezone.localtime(moment)) if moment else None


def _decision(of_record) -> dict | None:
    """The decision of record: the committee's, where it decided on the jury's proposal."""
    if not of_record:
        return None
    return {"case_number": of_record[0] or None, "decided_on": of_record[1].isoformat()}


def winner_records(winner: PublicWinner) -> list[dict]:
    """The year's winners as the JSON data set has them: one record per winner.

    A shared prize gives one record per winning effort, each with its own organisations
    and districts and the others named in shared_with, so that a record is always one
    effort and "winner" always one name. A winner of the historical record is a name only.
    """
    efforts = winner.efforts or (PublicEffort(winner.name, winner.organisations, winner.districts),)
    # In a year with categories, the prize is shared only by winners of the same category.
    sharing = {
        position: [
            o.name for i, o in enumerate(efforts) if i != position and o.category == e.category
        ]
        for position, e in enumerate(efforts)
    }
    return [
        {
            "kind": SHARED_WINNER if sharing[position] else WINNER,
            "year": winner.year,
            "prize": winner.prize_name,
            "winner": effort.name,
            "shared_with": sharing[position],
            "category": effort.category or None,
            "url": winner_url(winner),
            "theme": winner.theme,
            "theme_en": winner.theme_en or None,
            "organisations": list(effort.organisations),
            "districts": list(effort.districts),
            "motivation": winner.motivation or None,
            "prize_amount_sek": winner.prize_amount,
            "awarded_on": _iso(winner.awarded_on),
            "award_place": winner.award_place or None,
            "announced_at": _iso(timezone.localtime(winner.announced_at))
            if winner.announced_at
            else None,
            "historical_record": winner.is_historical,
            "decision": _decision(winner.decision_of_record),
        }
        for position, effort in enumerate(efforts)
    ]


def not_awarded_record(prize: Prize, row: HistoryRow) -> dict:
    return {
        "kind": NOT_AWARDED,
        "year": row.year,
        "prize": prize.name,
        "url": year_url(prize, row.year),
        "theme": row.prize_year.theme,
        "theme_en": row.prize_year.theme_en or None,
        "reason": row.not_awarded_because,
        "announced_at": _announced(row),
        "decision": _decision(row.decision_of_record),
    }


def mention_records(prize: Prize, row: HistoryRow) -> list[dict]:
    """The year's honourable mentions: named with the jury's motivation, never winners."""
    url = winner_url(row.winner) if row.winner else year_url(prize, row.year)
    return [
        {
            "kind": HONOURABLE_MENTION,
            "year": row.year,
            "prize": prize.name,
            "name": mention.name,
            "url": url,
            "theme": row.prize_year.theme,
            "theme_en": row.prize_year.theme_en or None,
            "motivation": mention.motivation,
            "announced_at": _announced(row),
            "decision": _decision(row.decision_of_record),
        }
        for mention in row.mentions
    ]


def records(data: DataSet) -> list[dict]:
    """Every record, the latest year first; in a year its winners, then its mentions."""
    out: list[dict] = []
    for row in data.rows:
        if row.winner:
            out += winner_records(row.winner)
        elif row.not_awarded_because:
            out.append(not_awarded_record(data.prize, row))
        out += mention_records(data.prize, row)
    return out


def as_json(*, data: DataSet) -> str:
    prize = data.prize
    every = records(data)
    document = {
        "schema_version": SCHEMA_VERSION,
        "title": title(prize),
        "description": description(prize),
        "prize": prize.name,
        "publisher": publisher(prize),
        "license": settings.OPEN_DATA_LICENSE_URL,
        "documentation": documentation_url(prize),
        "winners": [r for r in every if r["kind"] in (WINNER, SHARED_WINNER)],
        "honourable_mentions": [r for r in every if r["kind"] == HONOURABLE_MENTION],
        "not_awarded": [r for r in every if r["kind"] == NOT_AWARDED],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# The columns of before several prizes first, in their order, so that a reader of
# today's files keeps working; the kind and the prize after them.
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
    "typ",
    "pris",
    "kategori",
]


def _csv_row(record: dict) -> list:
    decision = record["decision"] or {}
    awarded = record["kind"] in (WINNER, SHARED_WINNER)
    return [
        record["year"],
        record.get("winner") or record.get("name") or "",
        record["theme"],
        "; ".join(record.get("organisations", [])),
        "; ".join(record.get("districts", [])),
        # A mention's motivation; for a year not awarded, the reason.
        record.get("motivation") or record.get("reason") or "",
        record["prize_amount_sek"] if awarded else "",
        (record["awarded_on"] or "") if awarded else "",
        (record["award_place"] or "") if awarded else "",
        record["announced_at"] or "",
        decision.get("case_number") or "",
        decision.get("decided_on") or "",
        record["url"],
        KIND_IN_SWEDISH[record["kind"]],
        record["prize"],
        record.get("category") or "",
    ]


def as_csv(*, data: DataSet) -> str:
    """Comma-separated, UTF-8 with a header row (RFC 4180); lists joined by "; ".

    One row per effort: each winner (a shared prize's one row each), each honourable
    mention, and one row for a year not awarded; the column "typ" says which. A text
    that a spreadsheet would run as a formula starts with an apostrophe, as in the
    administration's export (nominations/export.py).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records(data):
        writer.writerow(spreadsheet_cell(value) for value in _csv_row(record))
    return out.getvalue()


def as_atom(*, data: DataSet) -> bytes:
    """An Atom feed with one entry per outcome announced in this system.

    The year's winner (a shared prize's winners together, as announced), or that it is
    not awarded, and each honourable mention as an entry of its own.
    """
    prize = data.prize
    feed_url = absolute(reverse("nominations:feed", args=[prize.slug]))
    feed = Atom1Feed(
        title=title(prize),
        link=history_url(prize),
        description=description(prize),
        language="sv",
        author_name=publisher(prize),
        feed_url=feed_url,
        feed_guid=feed_url,
        feed_copyright=settings.OPEN_DATA_LICENSE_NAME,
    )
    announced = [r for r in data.rows if r.prize_year and r.prize_year.announced_at]
    for row in announced:
        moment = row.prize_year.announced_at
        if row.winner:
            page = winner_url(row.winner)
            lead = "Vinnarna" if len(row.winner.efforts) > 1 else "Vinnaren"
            feed.add_item(
                title=f"{lead} av {prize.name} {row.year}: {row.winner.name}",
                link=page,
                unique_id=page,
                # The summary is HTML to feed readers: the motivation is plain text.
                description=escape(row.winner.motivation),
                pubdate=moment,
                updateddate=moment,
            )
        elif row.not_awarded_because:
            page = year_url(prize, row.year)
            feed.add_item(
                title=f"{prize.name} {row.year} delas inte ut",
                link=page,
                unique_id=page,
                description=escape(row.not_awarded_because),
                pubdate=moment,
                updateddate=moment,
            )
        base = winner_url(row.winner) if row.winner else history_url(prize)
        for number, mention in enumerate(row.mentions, start=1):
            feed.add_item(
                title=f"Hedersomnämnande, {prize.name} {row.year}: {mention.name}",
                link=winner_url(row.winner) if row.winner else year_url(prize, row.year),
                # Unique among the entries: the mentions of a decision keep their order.
                unique_id=f"{base}#hedersomnamnande-{row.year}-{number}",
                description=escape(mention.motivation),
                pubdate=moment,
                updateddate=moment,
            )
    if not announced:
        # With no entry the feed's updated is the licence's own moment, not "now":
        # the same bytes for the same data.
        feed.latest_post_date = lambda: datetime(2012, 1, 1, tzinfo=UTC)
    return feed.writeString("utf-8").encode()


def json_ld(*, winner: PublicWinner, prize: Prize) -> str:
    """schema.org markup for the winner's page: the award, given to the effort."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": winner.name,
        "url": winner_url(winner),
        "award": f"{prize.name} {winner.year}",
        "subjectOf": {
            "@type": "Event",
            "name": f"Utdelningen av {prize.name} {winner.year}",
            **({"startDate": winner.awarded_on.isoformat()} if winner.awarded_on else {}),
            **(
                {"location": {"@type": "Place", "name": winner.award_place}}
                if winner.award_place
                else {}
            ),
            "organizer": {"@type": "GovernmentOrganization", "name": publisher(prize)},
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
