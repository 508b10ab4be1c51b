"""Plain factory functions: explicit defaults, overridable by keyword."""

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from jury.scoring import save_score
from nominations.corrections import correct_nomination
from nominations.migrations._orientation_2023 import CRITERIA as CRITERIA_2023
from nominations.migrations._trygghetspriset_wording import TRYGGHETSPRISET
from nominations.models import (
    VERSIONED_FIELDS,
    Answer,
    Criterion,
    CriterionKind,
    Effort,
    Nomination,
    Organisation,
    Owner,
    Prize,
    PrizeYear,
    ScreeningStatus,
    ScreeningVerdict,
)
from trygghetspris.people import ADMINISTRATION_GROUP

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A year of our own, later than every seeded one, so it is the current year.
YEAR = 2030
OPENS_AT = datetime(YEAR, 6, 1, tzinfo=STOCKHOLM)
CLOSES_AT = datetime(YEAR, 9, 2, tzinfo=STOCKHOLM)
_sequence = count(1)


def make_criteria(prize_year: PrizeYear, criteria=CRITERIA_2023) -> list[Criterion]:
    """The year's criteria from a list of field values, by default those of 2023."""
    return [Criterion.objects.create(prize_year=prize_year, **values) for values in criteria]


def criteria_2023() -> list[Criterion]:
    """The criteria of 2023 as unsaved objects, for forms tested without a database."""
    return [Criterion(**values) for values in CRITERIA_2023]


def assessment_criterion(key: str, title: str, position: int, **overrides) -> dict:
    """Field values of an assessment criterion, for a year with criteria of its own."""
    return {
        "kind": CriterionKind.ASSESSMENT,
        "position": position,
        "key": key,
        "title": title,
        "title_en": title,
        "explanation": f"Insatsen är {title.lower()}.",
        "question": f"Hur är insatsen {title.lower()}?",
        "scale": [f"{title} {n}" for n in range(1, 6)],
        **overrides,
    }


def with_assessment(*assessment: dict) -> list[dict]:
    """The 2023 mandatory criteria with other assessment criteria."""
    return [c for c in CRITERIA_2023 if c["kind"] == CriterionKind.MANDATORY] + list(assessment)


def criteria_post_data(prize_year: PrizeYear, changes: dict | None = None) -> dict:
    """The criteria part of the prize year's change form, as a browser sends it.

    changes maps a criterion's key to the fields to send changed, for example
    {"innovation": {"title": "Ny titel"}}.
    """
    # The admin form's own field list, so the posted data follows any change to it.
    from jury.admin.prize_year_forms import CriterionForm

    changes = changes or {}
    criteria = list(prize_year.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, criterion in enumerate(criteria):
        prefix = f"criteria-{index}-"
        data[prefix + "id"] = str(criterion.pk)
        data[prefix + "prize_year"] = str(prize_year.pk)
        for name in CriterionForm.Meta.fields:
            value = getattr(criterion, name)
            data[prefix + name] = "\n".join(value) if isinstance(value, list) else str(value)
        data.update(
            {prefix + name: value for name, value in changes.get(criterion.key, {}).items()}
        )
    return data


# A year whose committee changed the orientation: the same collaboration criterion, a
# mandatory criterion of its own instead of added value, and two assessment criteria.
CHANGED_CRITERIA = [
    CRITERIA_2023[0],
    {
        "kind": CriterionKind.MANDATORY,
        "position": 2,
        "key": "local_roots",
        "title": "Lokal förankring",
        "title_en": "Local roots",
        "explanation": "Insatsen ska vara förankrad bland dem som bor i stadsdelen.",
        "explanation_en": "The effort is rooted among the people who live in the district.",
        "question": "Hur är insatsen förankrad bland de boende?",
        "question_en": "How is the effort rooted among the residents?",
        "min_answer_length": 20,
    },
    assessment_criterion(
        "reach",
        "Når många",
        1,
        question="Hur många människor når insatsen?",
        question_en="How many people does the effort reach?",
        scale=["ingen", "några", "en del", "många", "mycket många"],
        scale_en=["no one", "a few", "some", "many", "very many"],
    ),
    assessment_criterion(
        "lasting",
        "Varaktig",
        2,
        question="Hur länge kommer insatsen att fortsätta?",
        question_en="How long will the effort go on?",
    ),
]


MANDATE = (
    "Kommunstyrelsens beslut 2012 att instifta priset, 2016 att dela ut det ytterligare fyra "
    "år och den 21 oktober 2020 att dela ut det årligen."
)


def year_setup(year: int = YEAR) -> dict:
    """The committee's decisions as a year records them: approval, case numbers, mandate."""
    return {
        "orientation_approved_by": "Socialnämnden",
        "orientation_approved_on": date(year, 5, 23),
        "orientation_paragraph": "§ 12",
        "orientation_case_number": f"SN {year}/0101",
        "case_number": f"SN {year}/0102",
        "mandate": MANDATE,
    }


def trygghetspriset() -> Prize:
    """The prize that migration 0026 makes, made again where a test has emptied the tables."""
    prize = Prize.objects.filter(slug="trygghetspriset").first()
    if prize is not None:
        return prize
    owner = Owner.objects.create(
        municipality="Stockholms stad",
        municipality_en="City of Stockholm",
        organisation_number="212000-0142",
        administration="Socialförvaltningen",
        administration_en="Social Services Administration",
        body="Socialnämnden",
        body_en="Social Services Committee",
        postal_address="Box 44, 101 20 Stockholm",
        email="trygghetspriset@stockholm.se",
        phone="08-508 25 000",
        website="https://start.stockholm/",
        data_protection_officer="via stadens växel, 08-508 000 00",
    )
    return Prize.objects.create(
        owner=owner,
        name="Trygghetspriset",
        name_en="The Safety Prize",
        slug="trygghetspriset",
        first_year=2012,
        excludes_jury_members=False,
        purpose="Stockholms stads trygghetspris ska stimulera arbetet för en ökad trygghet.",
        contact_email="trygghetspriset@stockholm.se",
        **TRYGGHETSPRISET,
    )


def make_prize(slug: str = "miljopriset", **overrides) -> Prize:
    """A second prize of the city's, with an owner of its own."""
    owner = overrides.pop("owner", None) or Owner.objects.create(
        municipality="Stockholms stad",
        administration="Miljöförvaltningen",
        body="Miljö- och hälsoskyddsnämnden",
        email="miljopriset@example.se",
    )
    values = {
        "owner": owner,
        "name": "Miljöpriset",
        "slug": slug,
        "reference_prefix": "MP",
        "purpose": "Miljöpriset belönar ett arbete som gör staden grönare.",
        **overrides,
    }
    return Prize.objects.create(**values)


def prize_with_rules(**overrides) -> Prize:
    """A prize of another administration with every rule on who may be nominated."""
    owner = Owner.objects.create(
        municipality="Stockholms stad",
        administration="Kulturförvaltningen",
        body="Kulturnämnden",
        email="kulturpriset@stockholm.se",
    )
    values = {
        "owner": owner,
        "name": "Kulturpriset",
        "reference_prefix": "KP",
        "purpose": "Stockholms stads kulturpris belönar konstnärligt arbete.",
        "self_nomination_allowed": False,
        "excludes_jury_members": True,
        "excludes_own_staff": True,
        "excludes_last_winner": True,
        **overrides,
    }
    return make_prize(slug="kulturpriset", **values)


def make_prize_year(criteria=CRITERIA_2023, **overrides) -> PrizeYear:
    """A year of our own, with the criteria of 2023 unless given others (or none: ())."""
    values = {
        "prize": overrides.pop("prize", None) or trygghetspriset(),
        "year": YEAR,
        "theme": "Trygghet i samverkan",
        "description": "Årets pris går till samverkan som gör staden tryggare.",
        "prize_amount": 50_000,
        "opens_at": OPENS_AT,
        "closes_at": CLOSES_AT,
        # The committee's decisions a year needs before its window may open (jury/phases.py).
        **year_setup(overrides.get("year", YEAR)),
    }
    values.update(overrides)
    prize_year = PrizeYear.objects.create(**values)
    make_criteria(prize_year, criteria)
    return prize_year


def organisation_post_data(organisations) -> dict:
    """The form's fields organisation_1, organisation_2, … for a list of names.

    A string is taken one name per line, so that a test can write "Polisen\nSkolan".
    At least the three fields the form shows, as a browser sends them.
    """
    if isinstance(organisations, str):
        organisations = organisations.split("\n")
    names = list(organisations) + [""] * (3 - len(organisations))
    return {f"organisation_{number}": name for number, name in enumerate(names, start=1)}


def nomination_post_data(**overrides) -> dict:
    """What a citizen types into the public form, valid unless overridden.

    organisations= takes a list of names (or one per line) for the organisation fields.
    """
    organisations = overrides.pop(
        "organisations", ["Spånga-Tensta stadsdelsförvaltning", "Polisen", "Tensta IF"]
    )
    data = {
        "effort_name": "Trygga stråk i Tensta",
        "description": "Stadsdelsförvaltningen, polisen och föreningar har tillsammans "
        "gjort gångstråken tryggare med belysning och vandringar.",
        **organisation_post_data(organisations),
        "added_value": "Insatsen går utöver ordinarie verksamhet: aktörerna har utvecklat "
        "en gemensam metod för trygghetsvandringar som inte fanns tidigare.",
        "innovation": "Unga kartlägger själva otrygga platser med en app.",
        "inspiration": "Metoden är beskriven så att andra stadsdelar kan använda den.",
        "results": "Andelen som känner sig trygga på kvällen har ökat enligt enkäten.",
        "district": "spanga-tensta",
        "nominator_name": "Åsa Öberg",
        "nominator_email": "asa.oberg@example.se",
        "nominator_phone": "08-508 000 00",
        "website": "",
    }
    data.update(overrides)
    return data


def answers_in(data: dict, criteria=CRITERIA_2023) -> dict:
    """The answers to the criteria in form data, by key, as submit_nomination takes them."""
    keys = [c["key"] for c in criteria if c.get("answer", "text") == "text"]
    return {key: data[key] for key in keys}


def make_nomination(
    prize_year: PrizeYear, organisations=("Polisen", "Skolan"), effort=None, **overrides
) -> Nomination:
    """A nomination written directly, valid for the year's criteria.

    An override named after a criterion's key is the answer to it, and
    <key>_status and <key>_reason the screening's verdict on a mandatory criterion,
    so a test writes added_value="…" or collaboration_status=PASSED as the form and
    the screening name them.
    """
    n = next(_sequence)
    criteria = prize_year.ordered_criteria()
    answers = {c.key: f"Svar om {c.title.lower()}." for c in criteria if c.asks_for_text}
    answers.update(DEFAULT_ANSWERS)
    verdicts = {}
    for criterion in criteria:
        if criterion.key in overrides and criterion.asks_for_text:
            answers[criterion.key] = overrides.pop(criterion.key)
        status = overrides.pop(f"{criterion.key}_status", None)
        reason = overrides.pop(f"{criterion.key}_reason", "")
        if criterion.is_mandatory and (status or reason):
            verdicts[criterion] = (status or ScreeningStatus.PENDING, reason)
    name = overrides.get("effort_name", f"Insats {n}")
    values = {
        "effort_name": name,
        "effort": effort or Effort.objects.create(prize_year=prize_year, name=name),
        "description": "En insats i samverkan.",
        "district": "sodermalm",
        "nominator_name": "Nina Nominerare",
        "nominator_email": f"nominator{n}@example.se",
        "reference": f"TP{prize_year.year}-T{n:05d}",
        "privacy_acknowledged_at": timezone.now(),
    }
    values.update(overrides)
    nomination = Nomination.objects.create(prize_year=prize_year, **values)
    for position, name in enumerate(organisations):
        Organisation.objects.create(nomination=nomination, name=name, position=position)
    Answer.objects.bulk_create(
        Answer(nomination=nomination, criterion=criterion, text=answers[criterion.key])
        for criterion in criteria
        if criterion.asks_for_text
    )
    ScreeningVerdict.objects.bulk_create(
        ScreeningVerdict(nomination=nomination, criterion=criterion, status=status, reason=reason)
        for criterion, (status, reason) in verdicts.items()
    )
    return nomination


# The answers make_nomination gives to the criteria of 2023.
DEFAULT_ANSWERS = {
    "added_value": "Mervärde utöver ordinarie verksamhet.",
    "innovation": "Nytt arbetssätt.",
    "inspiration": "Kan spridas.",
    "results": "Goda resultat.",
}


def status_of(nomination: Nomination, key: str) -> str:
    """Screening's verdict on the criterion with this key: not screened without a row."""
    verdict = ScreeningVerdict.objects.filter(nomination=nomination, criterion__key=key).first()
    return verdict.status if verdict else ScreeningStatus.PENDING


def make_user(username: str, **extra):
    extra.setdefault("email", f"{username}@example.se")
    return get_user_model().objects.create_user(
        username=username, password="correct horse battery", **extra
    )


def make_eligible_nomination(prize_year: PrizeYear, **overrides) -> Nomination:
    """A nomination that passed every mandatory criterion of its year."""
    passed = {
        f"{criterion.key}_status": ScreeningStatus.PASSED
        for criterion in prize_year.criteria.filter(kind=CriterionKind.MANDATORY)
    }
    return make_nomination(prize_year, **{**passed, **overrides})


def make_administrator(username: str = "handlaggare"):
    """Staff of the social administration, with the group the migrations create."""
    from django.contrib.auth.models import Group

    user = make_user(username, is_staff=True, first_name="Helena", last_name="Handläggare")
    user.groups.add(Group.objects.get(name=ADMINISTRATION_GROUP))
    return user


def make_juror(prize_year: PrizeYear, username: str = "juror", role: str = "member", **extra):
    from jury.models import JuryMembership

    user = make_user(username, first_name=username.title(), last_name="Jurysson", **extra)
    JuryMembership.objects.create(
        user=user,
        prize_year=prize_year,
        role=role,
        ends_on=JuryMembership.default_end(prize_year),
    )
    return user


def log_in_verified(client, user) -> None:
    """Log in as after both steps: password and a confirmed authenticator code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


DECISION_MOTIVATION = (
    "Insatsen förenar föräldrar, polis och fältgrupp på ett nyskapande sätt och har gett "
    "goda resultat."
)


FOREDRAGANDE = ("Fia Föredragande", "utredare")


def freeze_basis(prize_year: PrizeYear, *, by=None, at=None):
    """The year's basis frozen as the vote's opening does, its PDFs made at once.

    Runs the documents worker's task in the test's own process and transaction.
    """
    from jury import basis

    documents = basis.freeze_basis(prize_year=prize_year, at=at or timezone.now(), by=by)
    store_frozen_basis()
    return documents


def store_frozen_basis() -> None:
    """The documents worker's part of freezing the basis: every frozen PDF made now."""
    from jury import basis
    from jury.models import BasisDocument

    for pk in BasisDocument.objects.filter(content__isnull=True).values_list("pk", flat=True):
        basis.render_basis.call(document_id=pk)


def make_decision(
    prize_year: PrizeYear,
    *,
    votes: dict,
    shortlist=(),
    winner=None,
    casting_vote: bool = False,
    with_basis: bool = False,
    **overrides,
):
    """A decided year, written directly: phase, a closed window, the votes and the decision.

    votes maps each voting user to the effort they voted for; shortlist adds efforts
    that got no vote to the tally. The winner defaults to the effort with most votes.
    with_basis: the basis frozen (as when the vote opened, its PDFs rendered) and a
    föredragande entered, which the justering needs; tests that justera ask for it.
    """
    from collections import Counter

    from jury.models import Decision, JuryMembership, JuryRole, Vote
    from nominations.models import Effort, JuryPhase

    now = timezone.now()
    if prize_year.closes_at is None or prize_year.closes_at > now:
        prize_year.opens_at = now - timedelta(days=120)
        prize_year.closes_at = now - timedelta(days=60)
    # Written directly, not through tests/phases.py's bring_to_phase: the tests of the
    # documents and records give votes and outcomes the count would not produce (a
    # casting vote they choose, voters of another year), to print what a record holds.
    prize_year.jury_phase = JuryPhase.DECIDED
    if with_basis and not prize_year.foredragande_name:
        prize_year.foredragande_name, prize_year.foredragande_title = FOREDRAGANDE
    prize_year.save()
    for user, effort in votes.items():
        Vote.objects.create(juror=user, prize_year=prize_year, effort=effort)
    counts = Counter(effort.pk for effort in votes.values())
    efforts = {effort.pk: effort for effort in [*votes.values(), *shortlist]}
    Effort.objects.filter(pk__in=list(efforts)).update(shortlisted=True)
    chair = (
        JuryMembership.objects.filter(prize_year=prize_year, role=JuryRole.CHAIR)
        .select_related("user")
        .first()
    )
    values = {
        "effort": winner or efforts[counts.most_common(1)[0][0]],
        "motivation": DECISION_MOTIVATION,
        "tally": {str(pk): counts.get(pk, 0) for pk in efforts},
        "casting_vote": casting_vote,
        "decided_by": chair.user if chair else None,
        "decided_at": now - timedelta(days=1),
    }
    values.update(overrides)
    if with_basis:
        freeze_basis(prize_year, at=values["decided_at"] - timedelta(days=1))
    return Decision.objects.create(prize_year=prize_year, **values)


def close_window(prize_year: PrizeYear) -> PrizeYear:
    """Move the year's window into the past, as it is once nominations have closed.

    The jury's phases follow the window (jury/phases.py), so a test of the jury's
    work starts from a closed window rather than travelling in time.
    """
    now = timezone.now()
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=1)
    )
    prize_year.refresh_from_db()
    return prize_year


def make_checked_decision(prize_year: PrizeYear, effort, **overrides):
    """A decision as it stands once justerat: both checks made and the document stored."""
    from hashlib import sha256

    from jury.models import Decision

    document = b"%PDF-1.7 the checked decision"
    values = {
        "motivation": "M.",
        "tally": {},
        "chair_checked_at": timezone.now(),
        "justerare_checked_at": timezone.now(),
        "document": document,
        "document_sha256": sha256(document).hexdigest(),
    }
    values.update(overrides)
    return Decision.objects.create(prize_year=prize_year, effort=effort, **values)


def mark_decision_checked(prize_year: PrizeYear):
    """The year's decision as it stands once justerat, as make_checked_decision writes it.

    For a year decided through the phases (tests/phases.py) whose test is about what
    follows the justering, not about the justering and its rendered document.
    """
    from hashlib import sha256

    from jury.models import Decision

    document = b"%PDF-1.7 the checked decision"
    Decision.objects.filter(prize_year=prize_year).update(
        chair_checked_at=timezone.now(),
        justerare_checked_at=timezone.now(),
        document=document,
        document_sha256=sha256(document).hexdigest(),
    )
    return Decision.objects.get(prize_year=prize_year)


def set_jury_deadlines(prize_year: PrizeYear) -> PrizeYear:
    """The jury's last days for scoring and voting, which opening the scoring asks for."""
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        scoring_deadline=date(prize_year.year, 10, 1), vote_deadline=date(prize_year.year, 10, 15)
    )
    prize_year.refresh_from_db()
    return prize_year


def year_setup_post(year: int = YEAR) -> dict:
    """The committee's decisions as the prize year's admin form sends them."""
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in year_setup(year).items()
    }


def corrected(nomination: Nomination, **changes) -> Nomination:
    """The nominator's correction through the private link, in the middle of the window."""
    fields = {name: getattr(nomination, name) for name in VERSIONED_FIELDS} | changes
    return correct_nomination(
        nomination=nomination,
        fields=fields,
        organisations=list(nomination.organisations.values_list("name", flat=True)),
        answers=nomination.answer_texts(),
        at=datetime(2030, 7, 1, 12, tzinfo=ZoneInfo("UTC")),
    )


def give_score(membership, effort, *values):
    innovation, inspiration, results = values or (3, 3, 3)
    return save_score(
        membership=membership,
        effort=effort,
        values={"innovation": innovation, "inspiration": inspiration, "results": results},
        comment="",
    )


def make_announced_year(
    prize_year: PrizeYear, *, winner_name: str = "Nattvandring", with_basis: bool = False
):
    """A year through to its announcement: an eligible winner, decided, justerat, announced.

    Written directly, as make_decision writes a decided year; the conference was a month
    ago, so retention rules reckon from it. The stored decision is a stand-in, so the
    basis it rests on is frozen only when asked for (with_basis renders its PDFs).
    Returns the decision.
    """
    from hashlib import sha256

    from jury.models import Decision

    nomination = make_eligible_nomination(prize_year, effort_name=winner_name)
    decision = make_decision(prize_year, votes={}, winner=nomination.effort, with_basis=with_basis)
    document = b"%PDF-1.7 the checked decision"
    now = timezone.now()
    Decision.objects.filter(pk=decision.pk).update(
        chair_checked_at=now - timedelta(hours=2),
        justerare_checked_at=now - timedelta(hours=1),
        document=document,
        document_sha256=sha256(document).hexdigest(),
    )
    PrizeYear.objects.filter(pk=prize_year.pk).update(
        announced_at=now - timedelta(minutes=30),
        conference_date=timezone.localdate() - timedelta(days=30),
    )
    prize_year.refresh_from_db()
    decision.refresh_from_db()
    return decision


def kulturpriset() -> Prize:
    """A prize where the jury proposes and a committee, Kulturnämnden, decides."""
    prize = Prize.objects.filter(slug="kulturpriset").first()
    if prize is not None:
        return prize
    owner = Owner.objects.create(
        municipality="Stockholms stad",
        administration="Kulturförvaltningen",
        body="Kulturnämnden",
        email="kulturpriset@example.se",
    )
    return make_prize(
        "kulturpriset",
        owner=owner,
        name="Kulturpriset",
        reference_prefix="KP",
        purpose="Stockholms stads kulturpris.",
        decider="committee",
        deciding_body="Kulturnämnden",
    )


def make_committee_decision(
    prize_year: PrizeYear, *, effort=None, winners=None, not_awarded_reason="", **overrides
):
    """The committee's decision as jury/committee.py records it, its PDF a stand-in.

    effort: the committee's one winner; winners: several sharing the prize;
    not_awarded_reason: it decides not to award it. With none of them it follows the
    proposal, whatever that was. For tests of what follows the decision (the
    announcement, the public winner); the recording itself and its document are tested
    through jury/committee.py.
    """
    from hashlib import sha256

    from jury.models import CommitteeDecision, CommitteeWinner, Decision

    proposal = Decision.objects.get(prize_year=prize_year)
    chosen = list(winners) if winners is not None else [effort] if effort is not None else None
    if chosen is None and not not_awarded_reason:
        chosen, not_awarded_reason = proposal.winners, proposal.not_awarded_reason
    chosen = chosen or []
    followed = [e.pk for e in chosen] == [e.pk for e in proposal.winners] and (
        not_awarded_reason == proposal.not_awarded_reason
    )
    document = b"%PDF-1.7 the committee's decision"
    values = {
        "body": "Kulturnämnden",
        "decided_on": timezone.localdate(),
        "paragraph": "§ 7",
        "case_number": f"KUN {prize_year.year}/0456",
        "followed_proposal": followed,
        "effort": chosen[0] if chosen else None,
        "not_awarded_reason": not_awarded_reason,
        "motivation": "" if followed else "Nämnden valde en insats som når fler.",
        "document": document,
        "document_sha256": sha256(document).hexdigest(),
    }
    values.update(overrides)
    committee = CommitteeDecision.objects.create(prize_year=prize_year, **values)
    CommitteeWinner.objects.bulk_create(
        CommitteeWinner(decision=committee, effort=e, position=position)
        for position, e in enumerate(chosen[1:], start=2)
    )
    return committee


def make_categories(prize_year: PrizeYear, *names: str, by=None) -> list:
    """The year's categories, set as the administration sets them before the window opens
    (nominations/categories.py), in the order given."""
    from nominations import categories
    from nominations.models import PrizeCategory

    return categories.save_categories(
        prize_year=prize_year,
        changed=[
            PrizeCategory(prize_year=prize_year, name=name, position=position)
            for position, name in enumerate(names, start=1)
        ],
        deleted=[],
        by=by,
    )
