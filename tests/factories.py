"""Plain factory functions: explicit defaults, overridable by keyword."""

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from nominations.models import Effort, Nomination, Organisation, PrizeYear, ScreeningStatus

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A year of our own, later than every seeded one, so it is the current year.
YEAR = 2030
OPENS_AT = datetime(YEAR, 6, 1, tzinfo=STOCKHOLM)
CLOSES_AT = datetime(YEAR, 9, 2, tzinfo=STOCKHOLM)
_sequence = count(1)


def make_prize_year(**overrides) -> PrizeYear:
    values = {
        "year": YEAR,
        "theme": "Trygghet i samverkan",
        "description": "Årets pris går till samverkan som gör staden tryggare.",
        "prize_amount": 50_000,
        "opens_at": OPENS_AT,
        "closes_at": CLOSES_AT,
    }
    values.update(overrides)
    return PrizeYear.objects.create(**values)


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


def make_nomination(
    prize_year: PrizeYear, organisations=("Polisen", "Skolan"), effort=None, **overrides
) -> Nomination:
    n = next(_sequence)
    name = overrides.get("effort_name", f"Insats {n}")
    values = {
        "effort_name": name,
        "effort": effort or Effort.objects.create(prize_year=prize_year, name=name),
        "description": "En insats i samverkan.",
        "added_value": "Mervärde utöver ordinarie verksamhet.",
        "innovation": "Nytt arbetssätt.",
        "inspiration": "Kan spridas.",
        "results": "Goda resultat.",
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
    return nomination


def make_user(username: str, **extra):
    extra.setdefault("email", f"{username}@example.se")
    return get_user_model().objects.create_user(
        username=username, password="correct horse battery", **extra
    )


def make_eligible_nomination(prize_year: PrizeYear, **overrides) -> Nomination:
    return make_nomination(
        prize_year,
        collaboration_status=ScreeningStatus.PASSED,
        added_value_status=ScreeningStatus.PASSED,
        **overrides,
    )


ADMINISTRATION_GROUP = "Socialförvaltningen – Trygghetspriset"


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


def make_decision(
    prize_year: PrizeYear,
    *,
    votes: dict,
    shortlist=(),
    winner=None,
    casting_vote: bool = False,
    **overrides,
):
    """A decided year, written directly: phase, a closed window, the votes and the decision.

    votes maps each voting user to the effort they voted for; shortlist adds efforts
    that got no vote to the tally. The winner defaults to the effort with most votes.
    """
    from collections import Counter

    from jury.models import Decision, JuryMembership, JuryRole, Vote
    from nominations.models import JuryPhase

    now = timezone.now()
    if prize_year.closes_at is None or prize_year.closes_at > now:
        prize_year.opens_at = now - timedelta(days=120)
        prize_year.closes_at = now - timedelta(days=60)
    prize_year.jury_phase = JuryPhase.DECIDED
    prize_year.save()
    for user, effort in votes.items():
        Vote.objects.create(juror=user, prize_year=prize_year, effort=effort)
    counts = Counter(effort.pk for effort in votes.values())
    efforts = {effort.pk: effort for effort in [*votes.values(), *shortlist]}
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
