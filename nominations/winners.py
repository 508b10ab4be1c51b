"""What the public may know about the prize's winners: one answer for every format.

The winner's page, the history, the JSON and CSV data sets, the Atom feed and the
DCAT-AP-SE description all read from here, so they cannot disagree. A winner is public
once the year's winner is announced (PrizeYear.announced_at), or when it is a winner of
the historical record (2012–2022). What the announcement makes public is the effort
(each effort of a shared prize), its collaborating organisations, the theme, the
motivation, the prize sum, the award and the decision's case number and date, the
honourable mentions, or that the prize is not awarded and why: never the nominators,
their contact details or what they wrote, never the jurors' scores or votes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone

from .models import DISTRICTS, Nomination, Organisation, Prize, PrizeYear


@dataclass(frozen=True)
class DecisionFacts:
    """The decision's public facts, enough to ask the registrar for the document."""

    case_number: str
    decided_on: date
    place: str


@dataclass(frozen=True)
class PublicEffort:
    """One winning effort: a shared prize has several, each with its own organisations."""

    name: str
    organisations: tuple[str, ...]
    districts: tuple[str, ...]
    # The category it won, in a year awarded in categories (nominations/categories.py).
    category: str = ""


@dataclass(frozen=True)
class PublicMention:
    """An effort the jury mentioned with honour, public with the winner."""

    name: str
    motivation: str


@dataclass(frozen=True)
class CommitteeFacts:
    """Where a committee decides: its decision on the jury's proposal (jury/committee.py)."""

    body: str
    decided_on: date
    paragraph: str
    case_number: str
    followed_proposal: bool
    # What the jury proposed, which is not the outcome when the committee decided otherwise:
    # the names of its winners, or "" when it proposed not to award the prize.
    proposed: str
    proposed_shared: bool = False


@dataclass(frozen=True)
class PublicWinner:
    year: int
    name: str
    theme: str
    theme_en: str
    prize_amount: int
    organisations: tuple[str, ...]
    districts: tuple[str, ...]
    motivation: str
    awarded_on: date | None
    award_place: str
    announced_at: datetime | None
    decision: DecisionFacts | None
    # Why the winner was published before the conference, when it was (jury/phases.py).
    published_early_because: str = ""
    # The prize the year is of: its address and its name, for the links and the data.
    prize_slug: str = ""
    prize_name: str = ""
    mentions: tuple[PublicMention, ...] = ()
    # More than one winner: the prize is shared (the name says all of them).
    shared: bool = False
    # The committee's decision, where the jury only proposed; None where the jury decided.
    committee: CommitteeFacts | None = None
    # Each winning effort, in the order of the vote (several when the prize is shared);
    # none for a winner of the historical record, which is a name only.
    efforts: tuple[PublicEffort, ...] = ()

    @property
    def decision_of_record(self) -> tuple[str, date] | None:
        """The case number and date of the decision that made the winner: the committee's
        where one decided on the jury's proposal."""
        return of_record(self.decision, self.committee)

    @property
    def is_historical(self) -> bool:
        """A winner of the record before this system: the name and theme are all we have."""
        return self.announced_at is None

    @property
    def by_category(self) -> list[tuple[str, list[PublicEffort]]]:
        """In a year awarded in categories, each category's name with its winners, in the
        order of the categories; empty otherwise."""
        names = list(dict.fromkeys(e.category for e in self.efforts if e.category))
        return [(name, [e for e in self.efforts if e.category == name]) for name in names]


@dataclass(frozen=True)
class HistoryRow:
    """One year of the history: its prize year, if the city recorded one, and its winner."""

    year: int
    prize_year: PrizeYear | None
    winner: PublicWinner | None
    # The prize is not awarded, and the decision is announced: its reason (the committee's
    # where one decided).
    not_awarded_because: str = ""
    # The honourable mentions of an announced decision, with a winner or without.
    mentions: tuple[PublicMention, ...] = ()
    # The facts of an announced decision, with a winner or without; None before.
    decision: DecisionFacts | None = None
    committee: CommitteeFacts | None = None

    @property
    def decision_of_record(self) -> tuple[str, date] | None:
        return of_record(self.decision, self.committee)


def of_record(
    decision: DecisionFacts | None, committee: CommitteeFacts | None
) -> tuple[str, date] | None:
    """The case number and date of the decision of record: the committee's where one
    decided on the jury's proposal (jury/committee.py), else the jury's."""
    if committee:
        return committee.case_number, committee.decided_on
    if decision:
        return decision.case_number, decision.decided_on
    return None


def _public() -> models.Q:
    """A winner of the record, or a prize awarded, decided and announced: awarded by the
    committee where one decided (PrizeYear.outcome_of_record), else by the jury."""
    awarded = models.Q(committee_decision__effort__isnull=False) | models.Q(
        committee_decision__isnull=True, decision__effort__isnull=False
    )
    return ~models.Q(historical_winner="") | models.Q(announced_at__isnull=False) & awarded


# What a public winner shows of the decision besides its first winner.
DECISION_PREFETCH = (
    "decision__shared_winners__effort",
    "decision__mentions__effort",
    "committee_decision__shared_winners__effort",
    # A year with categories names each winner under its category (jury.Decision).
    "categories",
)


def _announced_years() -> models.QuerySet:
    return (
        PrizeYear.objects.filter(_public())
        .select_related("decision__effort", "committee_decision__effort", "prize")
        .defer("committee_decision__document")
        .prefetch_related(*DECISION_PREFETCH)
    )


def _committee(prize_year: PrizeYear):
    """The committee's decision on the jury's proposal, if a committee decided."""
    return getattr(prize_year, "committee_decision", None)


def _effort_facts(effort_ids: list[int]) -> tuple[dict, dict]:
    """Organisations and districts of each winning effort, from its counted nominations.

    A nomination withdrawn or set aside has left the effort; its organisations are not
    part of what the jury chose.
    """
    counted = Nomination.objects.filter(
        effort_id__in=effort_ids, withdrawn_at__isnull=True, set_aside_at__isnull=True
    )
    organisations: dict[int, list[str]] = {pk: [] for pk in effort_ids}
    seen: dict[int, set[str]] = {pk: set() for pk in effort_ids}
    rows = (
        Organisation.objects.filter(nomination__in=counted)
        .order_by("nomination__submitted_at", "nomination_id", "position", "pk")
        .values_list("nomination__effort_id", "name")
    )
    for effort_id, name in rows:
        if name.strip().casefold() not in seen[effort_id]:
            seen[effort_id].add(name.strip().casefold())
            organisations[effort_id].append(name.strip())
    names = dict(DISTRICTS)
    districts: dict[int, list[str]] = {pk: [] for pk in effort_ids}
    for effort_id, district in counted.order_by("district").values_list("effort_id", "district"):
        label = str(names.get(district, district))
        if label not in districts[effort_id]:
            districts[effort_id].append(label)
    return organisations, districts


def _decision_facts(prize_year: PrizeYear, decision) -> DecisionFacts | None:
    if decision is None:
        return None
    return DecisionFacts(
        case_number=prize_year.case_number,
        decided_on=timezone.localdate(decision.decided_at),
        place=decision.place,
    )


def _committee_facts(committee, decision) -> CommitteeFacts | None:
    """The committee's decision as the public reads it, with what the jury proposed."""
    if committee is None or decision is None:
        return None
    return CommitteeFacts(
        body=committee.body,
        decided_on=committee.decided_on,
        paragraph=committee.paragraph,
        case_number=committee.case_number,
        followed_proposal=committee.followed_proposal,
        proposed=decision.winner_names,
        # A winner in each category is not a prize shared (jury/ballots.py).
        proposed_shared=decision.is_shared,
    )


def _winners(prize_years: list[PrizeYear]) -> list[PublicWinner]:
    # The winners of record of each announced year: the committee's where one decided
    # (PrizeYear.outcome_of_record), else every winner the jury named (jury/awards.py).
    records = {
        p.pk: p.outcome_of_record for p in prize_years if not p.historical_winner and p.announced_at
    }
    chosen = {pk: record.winners for pk, record in records.items() if record}
    efforts = {pk: [e.pk for e in winning] for pk, winning in chosen.items()}
    organisations, districts = _effort_facts([pk for pks in efforts.values() for pk in pks])
    winners = []
    for prize_year in prize_years:
        record = records.get(prize_year.pk)
        categories = {c.pk: c.name for c in prize_year.categories.all()}
        decision = getattr(prize_year, "decision", None) if record else None
        committee = _committee(prize_year) if record else None
        # A shared prize: the organisations and districts of every winner, once each.
        pks = efforts.get(prize_year.pk, [])
        names = tuple(dict.fromkeys(n for pk in pks for n in organisations[pk]))
        places = tuple(dict.fromkeys(d for pk in pks for d in districts[pk]))
        # The committee's own motivation where it decided otherwise than proposed.
        motivation = (
            committee.motivation
            if committee and not committee.followed_proposal
            else (decision.motivation if decision else "")
        )
        winners.append(
            PublicWinner(
                year=prize_year.year,
                name=prize_year.public_winner,
                theme=prize_year.theme,
                theme_en=prize_year.theme_en,
                prize_amount=prize_year.prize_amount,
                organisations=names,
                districts=places,
                motivation=motivation,
                awarded_on=prize_year.awarded_on if decision else prize_year.conference_date,
                award_place=prize_year.conference_place,
                announced_at=prize_year.announced_at if decision else None,
                published_early_because=prize_year.announcement_reason if decision else "",
                prize_slug=prize_year.prize.slug,
                prize_name=prize_year.prize.name,
                decision=_decision_facts(prize_year, decision),
                committee=_committee_facts(committee, decision),
                mentions=_mentions(decision, winners=pks),
                shared=len(pks) > 1 and not categories,
                efforts=tuple(
                    PublicEffort(
                        e.name,
                        tuple(organisations[e.pk]),
                        tuple(districts[e.pk]),
                        category=categories.get(e.category_id, ""),
                    )
                    for e in chosen.get(prize_year.pk, [])
                ),
            )
        )
    return winners


def public_winner(*, prize: Prize, year: int) -> PublicWinner | None:
    """The prize's winner of the year if the public may know it, else None (whoever asks)."""
    prize_year = _announced_years().filter(prize=prize, year=year).first()
    return _winners([prize_year])[0] if prize_year else None


def history_rows(*, prize: Prize, at: datetime | None = None) -> list[HistoryRow]:
    """One row per year of the prize, from its first award to the latest year listed.

    A year the city has no record of still has its row, so that no year goes missing
    without a word; the latest year first. The first year is the prize's own
    (Prize.first_year), else its first year recorded here.
    """
    listed = list(PrizeYear.objects.filter(prize=prize).history(at).select_related("prize"))
    if not listed:
        return []
    by_year = {p.year: p for p in listed}
    winners = {w.year: w for w in _winners([p for p in listed if p.public_winner])}
    latest = max(by_year)
    first = min(prize.first_year or min(by_year), latest)
    return [
        _history_row(year, by_year.get(year), winners.get(year))
        for year in range(latest, first - 1, -1)
    ]


def _history_row(year: int, prize_year: PrizeYear | None, winner: PublicWinner | None):
    """The year's row; a decision not to award the prize shows its reason once announced,
    the committee's where one decided."""
    announced = prize_year is not None and prize_year.announced_at is not None
    record = prize_year.outcome_of_record if announced else None
    decision = getattr(prize_year, "decision", None) if record else None
    return HistoryRow(
        year=year,
        prize_year=prize_year,
        winner=winner,
        not_awarded_because=record.not_awarded_reason if record else "",
        mentions=_mentions(decision, winners=[e.pk for e in record.winners] if record else []),
        decision=_decision_facts(prize_year, decision),
        committee=_committee_facts(_committee(prize_year), decision) if record else None,
    )


def _mentions(decision, *, winners: list[int]) -> tuple[PublicMention, ...]:
    """The jury's honourable mentions (prefetched by the caller), public with the decision.

    They stand as the jury made them, also where a committee decided on the winners; an
    effort the committee made a winner is shown as a winner, not also as mentioned.
    """
    if decision is None:
        return ()
    return tuple(
        PublicMention(m.effort.name, m.motivation)
        for m in decision.mentions.all()
        if m.effort_id not in winners
    )


def data_fingerprint(*, prize: Prize | None = None) -> str:
    """Changes whenever anything the open data shows changes: the key of its cached files.

    Of one prize's years, or of every prize's (the catalogue). A decision is frozen once
    checked, and only a checked decision is announced, so the years' own fingerprints
    (with the announcement in them) cover the winners, the mentions and a year not
    awarded too.
    """
    shown = ~models.Q(historical_winner="") | models.Q(announced_at__isnull=False)
    years = PrizeYear.objects.filter(shown)
    if prize is not None:
        years = years.filter(prize=prize)
    # With each year's prize and its owner, whose names the data sets carry (open_data.py).
    prints = [
        f"{p.fingerprint}.{p.prize.fingerprint}"
        for p in years.select_related("prize__owner").order_by("prize_id", "year")
    ]
    if prize is not None:
        # The prize's own names and owner, also while it has no public year.
        prints.append(prize.fingerprint)
    return hashlib.sha256("|".join(prints).encode()).hexdigest()[:16]
