import re
from datetime import timedelta

import pytest
from django.utils import timezone

from nominations.models import AuditAction, AuditEntry, ScreeningStatus
from tests.browser.jury_login import log_in
from tests.factories import make_administrator, make_nomination, make_prize_year, status_of

# serialized_rollback brings back the administration group the migrations create.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_administrator_closes_the_window_and_screens_a_nomination(page, live_server):
    now = timezone.now()
    prize_year = make_prize_year(
        opens_at=now - timedelta(days=10), closes_at=now + timedelta(days=10)
    )
    nomination = make_nomination(prize_year, effort_name="Trygga trappor")
    administrator = make_administrator()
    log_in(page, live_server, administrator, path="/admin/")
    page.get_by_role("heading", name="Arbetet med priserna").wait_for()

    # Close the window from the list of prize years, through the confirmation page.
    page.get_by_role("link", name="Prisår").first.click()
    page.get_by_role("row", name="2030").get_by_role("checkbox").check()
    page.get_by_label("Åtgärd:").select_option(label="Stäng nomineringen nu")
    page.get_by_role("button", name="Utför").click()
    page.get_by_role("button", name="Ja, stäng nomineringen nu").click()
    page.get_by_text("Nomineringen för 2030 är stängd.").wait_for()
    prize_year.refresh_from_db()
    assert not prize_year.is_open()

    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    page.get_by_text("Nomineringen är stängd").wait_for()

    # Screen the nomination: passes collaboration, fails added value with a reason.
    page.goto(live_server.url + "/admin/nominations/nomination/")
    page.get_by_role("link", name=nomination.reference).click()
    page.get_by_label(re.compile(r"^Samverkan:?$")).select_option(label="uppfyller kriteriet")
    page.get_by_label(re.compile(r"^Utveckling och mervärde:?$")).select_option(
        label="uppfyller inte kriteriet"
    )
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_text("Ange ett skäl").first.wait_for()
    page.get_by_label("Skäl (utveckling och mervärde)").fill(
        "Insatsen är en del av ordinarie verksamhet."
    )
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url(live_server.url + "/admin/nominations/nomination/")

    nomination.refresh_from_db()
    assert status_of(nomination, "collaboration") == ScreeningStatus.PASSED
    assert status_of(nomination, "added_value") == ScreeningStatus.FAILED
    assert nomination.screened_by == administrator
    assert list(AuditEntry.objects.order_by("at").values_list("action", flat=True)) == [
        AuditAction.WINDOW_CLOSED,
        AuditAction.SCREENED,
    ]
