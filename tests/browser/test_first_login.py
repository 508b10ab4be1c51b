"""A juror's first login in a real browser: the app set up from the QR code, the ten
backup codes shown once, and a later login with a backup code instead of the phone."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nominations.models import JuryPhase
from tests.browser.conftest import assert_accessible
from tests.browser.jury_login import PASSWORD, current_code
from tests.factories import make_eligible_nomination, make_juror, make_prize_year
from tests.phases import bring_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def enter_password(page, username: str) -> None:
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Fortsätt").click()


def test_first_login_sets_up_app_shows_backup_codes_once_then_accepts_one(page, live_server, axe):
    prize_year = make_prize_year()
    make_eligible_nomination(prize_year)  # scoring opens on an effort that passed screening
    bring_to_phase(prize_year, JuryPhase.SCORING)
    juror = make_juror(prize_year, "juror")

    page.goto(live_server.url + "/jury/")
    enter_password(page, "juror")

    # Setting up the app: the QR code and the key to type, before any logged-in header.
    page.get_by_role("heading", name="Aktivera tvåstegsverifiering").wait_for()
    assert page.get_by_role("img", name="QR-kod för autentiseringsappen").locator("svg").count()
    assert page.get_by_role("button", name="Logga ut").count() == 0
    assert_accessible(axe, page)
    device = TOTPDevice.objects.get(user=juror, confirmed=False)
    page.get_by_label("Sexsiffrig kod").fill(current_code(device))
    page.get_by_role("button", name="Aktivera och logga in").click()

    # The ten backup codes, once.
    page.get_by_role("heading", name="Dina reservkoder").wait_for()
    shown = page.get_by_role("list", name="Reservkoder").get_by_role("listitem").all_inner_texts()
    assert len(shown) == 10
    stored = set(StaticToken.objects.filter(device__user=juror).values_list("token", flat=True))
    assert {code.replace(" ", "") for code in shown} == stored
    page.get_by_text("Inloggad som Juror Jurysson").wait_for()
    assert_accessible(axe, page)
    page.reload()
    page.get_by_text("visas koderna bara en gång").wait_for()
    assert shown[0] not in page.content()

    # Logging out says so.
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("heading", name="Du är utloggad").wait_for()
    assert_accessible(axe, page)

    # The phone is lost: a backup code instead of the app's code.
    page.get_by_role("link", name="Logga in igen").click()
    enter_password(page, "juror")
    page.get_by_role("heading", name="Skriv din kod").wait_for()
    assert page.get_by_role("button", name="Logga ut").count() == 0
    assert_accessible(axe, page)
    page.get_by_label("Sexsiffrig kod").fill(shown[4].upper())
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("heading", name="Juryns insatser 2030").wait_for()
    page.get_by_text("Reservkoder kvar: 9.").wait_for()
    assert_accessible(axe, page)
    assert StaticToken.objects.filter(device__user=juror).count() == 9
    assert not StaticToken.objects.filter(token=shown[4].replace(" ", "")).exists()
