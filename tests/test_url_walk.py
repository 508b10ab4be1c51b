"""Every URL of the project, asked for by every kind of visitor, with the answer each must get."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from nominations.models import JuryPhase
from nominations.private_link import link_token
from tests.attachment_files import attach_to, image_bytes, pdf_file
from tests.factories import (
    log_in_verified,
    make_administrator,
    make_eligible_nomination,
    make_juror,
    make_prize,
    make_prize_year,
    make_user,
    nomination_post_data,
    trygghetspriset,
)
from tests.phases import bring_to_phase

PERSONAS = ("anonymous", "nominator", "juror", "juror_other_year", "chair", "staff", "superuser")
LOGIN = "login"  # a redirect to the login page
ELSEWHERE = "redirect"  # a redirect somewhere else


def everyone(answer):
    return dict.fromkeys(PERSONAS, answer)


def jury_page(member, chair=None):
    """Answers for a page of the 2030 jury: members see it, outsiders find nothing."""
    return {
        "anonymous": LOGIN,
        "nominator": LOGIN,
        "juror": member,
        "juror_other_year": 404,
        "chair": chair or member,
        "staff": 404,
        "superuser": 404,
    }


def logged_in(answer, anonymous=LOGIN):
    return {**everyone(answer), "anonymous": anonymous, "nominator": anonymous}


# Each walk is made for Trygghetspriset and for a second prize with its own owner, so
# that no page assumes the first prize.
@pytest.fixture(params=["trygghetspriset", "kulturpriset"])
def world(request, db):
    now = timezone.now()
    prize = trygghetspriset()
    winner_year = 2012  # a winner of the seeded historical record
    if request.param != "trygghetspriset":
        prize = make_prize(slug=request.param, name="Kulturpriset", reference_prefix="KP")
        winner_year = 2028
        make_prize_year(
            prize=prize, year=winner_year, opens_at=None, closes_at=None, historical_winner="Kören"
        )
    # Scoring, so the window has closed (jury/phases.py keeps that order).
    prize_year = make_prize_year(
        prize=prize, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    nomination = make_eligible_nomination(prize_year)
    bring_to_phase(prize_year, JuryPhase.SCORING)
    effort = nomination.effort
    [attachment] = attach_to(nomination, pdf_file("rapport.pdf"))
    # The owner's logo is public: everyone gets it (nominations/owners.py).
    prize_year.prize.owner.logo.save("logo.png", ContentFile(image_bytes(size=(60, 30))))
    other_year = make_prize_year(prize=prize, year=2029, opens_at=None, closes_at=None)
    # Next year's nominations are open, so the nominator has somewhere to nominate.
    make_prize_year(
        prize=prize,
        year=2031,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )
    return {
        "prize": prize.slug,
        "winner_year": winner_year,
        "prize_year": prize_year,
        "effort": effort,
        "attachment": attachment,
        "users": {
            "juror": make_juror(prize_year, "juror"),
            "chair": make_juror(prize_year, "chair", role="chair"),
            "juror_other_year": make_juror(other_year, "otheryear"),
            "staff": make_administrator(),
            "superuser": make_user("root", is_staff=True, is_superuser=True),
        },
    }


def table(world) -> dict[str, tuple[str, dict]]:
    """URL name → (path, answer per persona) for every URL outside the admin."""
    year, effort, prize = world["prize_year"], world["effort"].pk, world["prize"]
    # The private link of the world's nomination. Its year has closed, so the link no
    # longer works, for anyone (nominations/private_link.py).
    token = link_token(nomination=world["effort"].nominations.get())
    return {
        "nominations:home": ("/", everyone(200)),
        "nominations:prizes": ("/priser/", everyone(ELSEWHERE)),
        "nominations:prize": (f"/priser/{prize}/", everyone(200)),
        "nominations:nominate": (f"/priser/{prize}/nominera/", everyone(200)),
        "nominations:receipt": (
            reverse("nominations:receipt", args=[prize]),
            {**everyone(ELSEWHERE), "nominator": 200},
        ),
        "nominations:history": (f"/priser/{prize}/tidigare-vinnare/", everyone(200)),
        # A winner of the historical record is public; the world's year, still scoring,
        # has no winner page for anyone, its jurors included.
        "nominations:winner": (
            f"/priser/{prize}/tidigare-vinnare/{world['winner_year']}/",
            everyone(200),
        ),
        "nominations:open_data": ("/oppna-data/", everyone(200)),
        "nominations:winners_json": (f"/priser/{prize}/oppna-data/vinnare.json", everyone(200)),
        "nominations:winners_csv": (f"/priser/{prize}/oppna-data/vinnare.csv", everyone(200)),
        "nominations:winners_schema": ("/oppna-data/vinnare.schema.json", everyone(200)),
        "nominations:dcat": ("/oppna-data/dcat.ttl", everyone(200)),
        "nominations:feed": (f"/priser/{prize}/tidigare-vinnare/flode.atom", everyone(200)),
        "nominations:easy_read": ("/lattlast/", everyone(200)),
        "nominations:privacy": ("/personuppgifter/", everyone(200)),
        "nominations:accessibility": ("/tillganglighet/", everyone(200)),
        "nominations:owner_logo": (
            f"/logotyp/{world['prize_year'].prize.owner_id}/",
            everyone(200),
        ),
        "nominations:my_nomination": (
            reverse("nominations:my_nomination", args=[prize, token]),
            everyone(410),
        ),
        "nominations:correct_nomination": (
            reverse("nominations:correct_nomination", args=[prize, token]),
            everyone(410),
        ),
        "nominations:withdraw_nomination": (
            reverse("nominations:withdraw_nomination", args=[prize, token]),
            everyone(410),
        ),
        "set_language": (reverse("set_language"), everyone(ELSEWHERE)),
        "favicon": ("/favicon.ico", everyone(ELSEWHERE)),
        "healthz": ("/healthz", everyone(200)),
        "password_reset": (reverse("password_reset"), everyone(200)),
        "password_reset_done": (reverse("password_reset_done"), everyone(200)),
        "password_reset_confirm": (
            reverse("password_reset_confirm", args=["MQ", "not-a-token"]),
            everyone(200),
        ),
        "password_reset_complete": (reverse("password_reset_complete"), everyone(200)),
        "jury:login": (reverse("jury:login"), everyone(200)),
        "jury:login_code": (reverse("jury:login_code"), logged_in(200)),
        "jury:two_factor_setup": (reverse("jury:two_factor_setup"), logged_in(ELSEWHERE)),
        "jury:backup_codes": (reverse("jury:backup_codes"), logged_in(200)),
        # The city's identity provider is off unless OIDC_ISSUER is set (tests/jury/test_oidc.py).
        "jury:city_login": (reverse("jury:city_login"), everyone(404)),
        "jury:city_callback": (reverse("jury:city_callback"), everyone(404)),
        "jury:logout": (reverse("jury:logout"), everyone(405)),
        "jury:logged_out": (
            reverse("jury:logged_out"),
            {**everyone(ELSEWHERE), "anonymous": 200, "nominator": 200},
        ),
        "jury:home": (
            reverse("jury:home"),
            {**logged_in(ELSEWHERE), "staff": 200, "superuser": 200},
        ),
        # A file attached to the world's nomination: the year's jurors and the
        # administration open it; everyone else, signed in or not, finds nothing.
        "jury:attachment": (
            reverse("jury:attachment", args=[world["attachment"].pk]),
            {**jury_page(200), "anonymous": 404, "nominator": 404, "staff": 200, "superuser": 200},
        ),
        "jury:dashboard": (reverse("jury:dashboard", args=[year]), jury_page(200)),
        # /jury/2030/ from before several prizes leads to Trygghetspriset's year, for anyone.
        "jury:legacy_year": (reverse("jury:legacy_year", args=[2030]), everyone(ELSEWHERE)),
        "jury:effort": (reverse("jury:effort", args=[year, effort]), jury_page(200)),
        "jury:declare_conflict": (
            reverse("jury:declare_conflict", args=[year, effort]),
            jury_page(200),
        ),
        # Withdrawing is a POST; the page that offers it is the effort's.
        "jury:withdraw_conflict": (
            reverse("jury:withdraw_conflict", args=[year, effort]),
            jury_page(405),
        ),
        "jury:ranking": (reverse("jury:ranking", args=[year]), jury_page(403, chair=200)),
        "jury:vote": (reverse("jury:vote", args=[year]), jury_page(200)),
        "jury:conflicts": (reverse("jury:conflicts", args=[year]), jury_page(200)),
        "jury:chair": (reverse("jury:chair", args=[year]), jury_page(404, chair=200)),
        "jury:overview": (reverse("jury:overview", args=[year]), jury_page(404, chair=200)),
        # The world's year is still scoring: there is no decision yet, for anyone.
        "jury:decision": (reverse("jury:decision", args=[year]), jury_page(404)),
        "jury:decision_pdf": (reverse("jury:decision_pdf", args=[year]), jury_page(404)),
        # The dossier is made by the worker: the first download goes to its progress page.
        "jury:dossier_pdf": (reverse("jury:dossier_pdf", args=[year]), jury_page(ELSEWHERE)),
        # The year's vote has not opened: its basis is not frozen yet, for anyone.
        "jury:basis_pdf": (reverse("jury:basis_pdf", args=[year, "scores"]), jury_page(404)),
        # A render that does not exist, or of another year, is not found.
        "jury:document": (reverse("jury:document", args=[year, 999999]), jury_page(404)),
    }


def named_patterns(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def client_for(persona: str, world) -> Client:
    client = Client()
    if persona == "nominator":
        client.post(reverse("nominations:nominate", args=[world["prize"]]), nomination_post_data())
    elif persona != "anonymous":
        log_in_verified(client, world["users"][persona])
    return client


def outcome(response) -> object:
    if response.status_code in (301, 302):
        path = response["Location"].split("?")[0]
        return LOGIN if path in (reverse("jury:login"), reverse("admin:login")) else ELSEWHERE
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_winner_page_of_a_year_not_announced_is_not_found_for_each_persona(persona, world):
    client = client_for(persona, world)
    prize = world["prize"]
    for path in (
        f"/priser/{prize}/tidigare-vinnare/2030/",
        f"/priser/{prize}/tidigare-vinnare/99999999999/",
    ):
        response = client.get(path)
        assert (path, response.status_code) == (path, 404)
        assert "Sidan finns inte" in response.content.decode()


def test_url_table_covers_every_url_outside_the_admin(world):
    assert named_patterns() == set(table(world))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_expected(persona, world):
    client = client_for(persona, world)
    wrong = {}
    for name, (path, answers) in table(world).items():
        got = outcome(client.get(path))
        if got != answers[persona]:
            wrong[name] = (path, got, answers[persona])
    assert wrong == {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_admin_screen_answers_each_persona_as_expected(persona, world):
    client = client_for(persona, world)
    user = world["users"].get(persona)
    wrong = {}
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if user is None or not user.is_staff:
            expected = LOGIN
        else:
            may = any(
                user.has_perm(f"{opts.app_label}.{p}_{opts.model_name}") for p in ("view", "change")
            )
            expected = 200 if may else 403
        got = outcome(client.get(url))
        if got != expected:
            wrong[url] = (got, expected)
    assert wrong == {}


# Django's language switch takes any method: it redirects whatever it is sent.
TAKES_ANY_METHOD = {"set_language"}


def test_every_url_answers_405_to_put_patch_and_delete(world):
    # With the CSRF check on, as for a real client: 405, not the "form has expired" page.
    client = Client(enforce_csrf_checks=True)
    wrong = {}
    for name, (path, _answers) in table(world).items():
        if name in TAKES_ANY_METHOD:
            continue
        for method in ("put", "patch", "delete"):
            status = getattr(client, method)(path).status_code
            if status != 405:
                wrong[f"{method.upper()} {path}"] = status
    assert wrong == {}
