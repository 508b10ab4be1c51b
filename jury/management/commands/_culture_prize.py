"""The demo city's second prize: Stockholms stads kulturpris, decided by a committee.

Its owner is Kulturförvaltningen and Kulturnämnden, not Socialförvaltningen; nobody may
nominate their own work; it is awarded in two categories, music and literature, with a
winner in each; the jury proposes, with an honourable mention, and the culture committee
decides. Last year went through every step to the announcement; this year's call is open. Every step
goes through the same functions as the real thing (load_demo_data.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from jury import awards, committee, justering, phases
from jury.models import JuryMembership
from jury.years import create_year
from nominations.categories import save_categories
from nominations.models import (
    AnswerKind,
    Criterion,
    CriterionKind,
    Decider,
    Owner,
    Prize,
    PrizeCategory,
    PrizeYear,
)
from nominations.orientation import save_criteria
from nominations.submission import submit_nomination

from ._demo_steps import screen_and_decide

SCALE = ["inte alls", "i liten grad", "i viss grad", "i hög grad", "i mycket hög grad"]

CRITERIA = [
    {
        "kind": CriterionKind.MANDATORY,
        "position": 1,
        "key": "stockholm",
        "answer": AnswerKind.TEXT,
        "title": "Verksamt i Stockholm",
        "explanation": "Den nominerade är verksam i Stockholm och har betytt mycket för "
        "stadens kulturliv under de senaste åren.",
        "question": "Hur har den nominerade varit verksam i Stockholm?",
        "min_answer_length": 20,
    },
    {
        "kind": CriterionKind.ASSESSMENT,
        "position": 1,
        "key": "quality",
        "title": "Konstnärlig kvalitet",
        "explanation": "Verksamheten håller hög konstnärlig kvalitet.",
        "question": "Beskriv verksamhetens konstnärliga kvalitet.",
        "scale": SCALE,
    },
    {
        "kind": CriterionKind.ASSESSMENT,
        "position": 2,
        "key": "significance",
        "title": "Betydelse för staden",
        "explanation": "Verksamheten betyder mycket för stadens kulturliv och dess invånare.",
        "question": "Vad betyder verksamheten för staden och dess invånare?",
        "scale": SCALE,
    },
]

CATEGORIES = [
    {
        "name": "Musik",
        "name_en": "Music",
        "description": "Körer, ensembler, musiker och arrangörer.",
        "description_en": "Choirs, ensembles, musicians and promoters.",
        "position": 1,
    },
    {
        "name": "Litteratur",
        "name_en": "Literature",
        "description": "Författare, bibliotek, läsfrämjande och litterära scener.",
        "description_en": "Writers, libraries, reading promotion and literary stages.",
        "position": 2,
    },
]

NOMINATIONS = [
    {
        "fields": {
            "effort_name": "Kören Röster från Järva",
            "description": "En kör för alla åldrar som sjunger på tolv språk och har gett "
            "konserter i hela staden.",
            "district": "rinkeby-kista",
            "nominator_name": "Dana Dahl",
            "nominator_email": "dana.dahl@example.se",
            "nominator_phone": "",
        },
        "answers": {
            "stockholm": "Kören övar i Tensta träff och har sjungit i stadshuset och "
            "i parkerna varje sommar sedan 2019.",
            "quality": "Arrangemangen är egna och körledaren är utbildad vid KMH.",
            "significance": "Hundratals unga har sjungit med och nya publikgrupper har nåtts.",
        },
        "organisations": ["Röster från Järva", "Tensta träff"],
        "category": "Musik",
    },
    {
        "fields": {
            "effort_name": "Bokbussen i Söderort",
            "description": "Ett bibliotek på hjul med författarbesök och läsecirklar.",
            "district": "farsta",
            "nominator_name": "Erik Ek",
            "nominator_email": "erik.ek@example.se",
            "nominator_phone": "",
        },
        "answers": {
            "stockholm": "Bokbussen stannar på tjugo platser i Söderort varje vecka.",
            "quality": "Programmet görs tillsammans med författare och illustratörer.",
            "significance": "Läsningen bland barn i områdena har ökat.",
        },
        "organisations": ["Stadsbiblioteket"],
        "category": "Litteratur",
    },
    {
        "fields": {
            "effort_name": "Jazz på Söder",
            "description": "Gratis jazzkonserter på torg och i parker hela sommaren, med "
            "workshops för unga musiker.",
            "district": "sodermalm",
            "nominator_name": "Fia Fors",
            "nominator_email": "fia.fors@example.se",
            "nominator_phone": "",
        },
        "answers": {
            "stockholm": "Konserterna har hållits på Medborgarplatsen varje sommar sedan 2015.",
            "quality": "Musikerna hör till de främsta i landet.",
            "significance": "Tusentals besökare, många som aldrig gått på en konsert förut.",
        },
        "organisations": ["Föreningen Jazz på Söder"],
        "category": "Musik",
    },
    {
        "fields": {
            "effort_name": "Skrivarverkstaden i Skärholmen",
            "description": "Unga skriver noveller och dikter med erfarna författare och "
            "ger ut en antologi varje år.",
            "district": "skarholmen",
            "nominator_name": "Gus Gran",
            "nominator_email": "gus.gran@example.se",
            "nominator_phone": "",
        },
        "answers": {
            "stockholm": "Verkstaden träffas i Skärholmens bibliotek varje vecka.",
            "quality": "Antologierna har recenserats i dagspressen.",
            "significance": "Unga som inte läste alls har börjat skriva och läsa.",
        },
        "organisations": ["Skärholmens bibliotek"],
        "category": "Litteratur",
    },
]


def culture_prize() -> Prize:
    """The prize and its owner, as the administration enters them in the admin."""
    owner, _created = Owner.objects.get_or_create(
        administration="Kulturförvaltningen",
        defaults={
            "municipality": "Stockholms stad",
            "administration_en": "Cultural Affairs Administration",
            "body": "Kulturnämnden",
            "body_en": "Cultural Affairs Committee",
            "postal_address": "Box 16113, 103 22 Stockholm",
            "email": "kulturpriset@example.se",
            "phone": "08-508 31 900",
        },
    )
    prize, _created = Prize.objects.get_or_create(
        slug="kulturpriset",
        defaults={
            "owner": owner,
            "name": "Stockholms stads kulturpris",
            "name_en": "The City of Stockholm's Culture Prize",
            "reference_prefix": "KP",
            "purpose": "Kulturpriset uppmärksammar personer och verksamheter som gjort "
            "betydelsefulla insatser för kulturlivet i Stockholm. En jury föreslår "
            "pristagarna och kulturnämnden beslutar.",
            "purpose_en": "The culture prize recognises people and organisations whose work "
            "matters to Stockholm's cultural life. A jury proposes the winners and the "
            "culture committee decides.",
            "self_nomination_allowed": False,
            "excludes_last_winner": True,
            "decider": Decider.COMMITTEE,
            "deciding_body": "Kulturnämnden",
            # Its own ceremony; its chair has no title by office, so is just "ordförande".
            "ceremony": "prisutdelningen i Stadshuset",
            "ceremony_en": "the award ceremony in the City Hall",
        },
    )
    return prize


def _year(prize: Prize, year: int, *, by, window: tuple, **fields) -> PrizeYear:
    existing = PrizeYear.objects.filter(prize=prize, year=year).first()
    if existing is not None:
        return existing
    prize_year = create_year(
        values={
            "prize": prize,
            "year": year,
            "prize_amount": 100_000,
            "orientation_approved_by": "Kulturnämnden",
            "mandate": "Kommunfullmäktige instiftade kulturpriset och gav kulturnämnden att "
            "besluta om pristagarna på förslag av en jury.",
            **fields,
        },
        copy_from=None,
        by=by,
    )
    save_criteria(
        prize_year=prize_year,
        changed=[Criterion(prize_year=prize_year, **values) for values in CRITERIA],
        deleted=[],
        by=by,
    )
    save_categories(
        prize_year=prize_year,
        changed=[PrizeCategory(prize_year=prize_year, **values) for values in CATEGORIES],
        deleted=[],
        by=by,
    )
    # The window after the criteria and categories: they lock from the moment it opens.
    phases.change_window(prize_year=prize_year, opens_at=window[0], closes_at=window[1], by=by)
    return PrizeYear.objects.get(pk=prize_year.pk)


def load(*, clerk, chair, member) -> tuple[PrizeYear, PrizeYear]:
    """Last year decided by the committee and announced; this year's call open."""
    prize = culture_prize()
    today = timezone.localdate()
    stockholm = timezone.get_current_timezone()

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(), stockholm)

    last = _year(
        prize,
        today.year - 1,
        by=clerk,
        theme="Kultur för alla",
        case_number=f"KUN {today.year - 1}/0120",
        orientation_approved_on=today - timedelta(days=400),
        orientation_paragraph="§ 5",
        orientation_case_number=f"KUN {today.year - 1}/0101",
        conference_date=today - timedelta(days=40),
        conference_place="Kulturhuset Stadsteatern",
        window=(midnight(today - timedelta(days=330)), midnight(today - timedelta(days=240))),
    )
    if last.jury_phase == "preparation" and not last.nominations.exists():
        _decided(last, clerk=clerk, chair=chair, member=member)
    this = _year(
        prize,
        today.year,
        by=clerk,
        theme="Kultur i hela staden",
        case_number=f"KUN {today.year}/0077",
        orientation_approved_on=today - timedelta(days=20),
        orientation_paragraph="§ 4",
        orientation_case_number=f"KUN {today.year}/0050",
        conference_date=today + timedelta(days=150),
        window=(midnight(today - timedelta(days=3)), midnight(today + timedelta(days=45))),
    )
    if not this.nominations.exists() and this.accepts_nominations():
        demo = NOMINATIONS[1]
        submit_nomination(
            prize_year=this,
            fields=_fields(this, demo),
            organisations=demo["organisations"],
            answers=demo["answers"],
            at=timezone.now(),
        )
    return last, this


def _decided(prize_year: PrizeYear, *, clerk, chair, member) -> None:
    """Through scoring, the jury's proposal and its justering to the committee's decision."""
    arrived = prize_year.opens_at + timedelta(days=5)
    for demo in NOMINATIONS:
        submit_nomination(
            prize_year=prize_year,
            fields=_fields(prize_year, demo),
            organisations=demo["organisations"],
            answers=demo["answers"],
            at=arrived,
        )
    # The choir wins music and the book bus literature.
    winner_names = [
        NOMINATIONS[0]["fields"]["effort_name"],
        NOMINATIONS[1]["fields"]["effort_name"],
    ]
    proposal = screen_and_decide(
        prize_year,
        clerk=clerk,
        chair=chair,
        member=member,
        foredragande_title="Handläggare, Kulturförvaltningen",
        pick=lambda efforts: [e for e in efforts if e.name in winner_names],
        motivation="Musik: Kören för samman generationer och språk och når en ny publik. "
        "Litteratur: Bokbussen tar litteraturen till platser där biblioteket inte finns.",
    )
    memberships = list(JuryMembership.objects.filter(prize_year=prize_year))
    # The other nomination is mentioned with honour, as the chair records it before justering.
    mentioned = prize_year.efforts.get(name=NOMINATIONS[3]["fields"]["effort_name"])
    awards.record_mention(
        decision=proposal,
        effort=mentioned,
        motivation="Skrivarverkstaden ger unga i Skärholmen en egen röst i litteraturen.",
        by=chair,
    )
    justering.name_justerare(decision=proposal, justerare=member, by=chair)
    for membership in memberships:
        justering.mark_checked(decision=proposal, membership=membership)
    committee.record_committee_decision(
        prize_year=prize_year,
        body="Kulturnämnden",
        decided_on=timezone.localdate(),
        paragraph="§ 14",
        case_number=prize_year.case_number,
        followed_proposal=True,
        by=clerk,
    )
    phases.announce_winner(prize_year=prize_year, by=clerk)


def _fields(prize_year: PrizeYear, demo: dict) -> dict:
    """The form's fields of a demo nomination, with its category of the year."""
    return {**demo["fields"], "category": prize_year.categories.get(name=demo["category"])}
