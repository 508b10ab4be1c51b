"""Attaching files in a real browser: sent with the nomination, kept after a refusal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from nominations.models import Nomination, PendingUpload
from tests.attachment_files import EXECUTABLE, image_bytes, pdf_bytes
from tests.browser.conftest import assert_accessible
from tests.factories import make_prize_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_year(transactional_db):
    now = timezone.now()
    return make_prize_year(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))


def file_payload(name: str, content: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def fill_required(page) -> None:
    page.get_by_label("Insatsens namn").fill("Trygga skolvägar i Rinkeby")
    page.get_by_label("Beskriv insatsen").fill(
        "Skolan, fältassistenterna och föräldrar följer barnen till skolan varje morgon."
    )
    page.get_by_label("Stadsdel där insatsen genomförs").select_option("rinkeby-kista")
    for number, name in enumerate(("Rinkebyskolan", "Fältassistenterna"), start=1):
        page.get_by_label(f"Organisation {number}", exact=True).fill(name)
    for field in page.locator("textarea").all():
        if not field.input_value():
            field.fill(
                "Ett nytt samarbete utöver ordinarie verksamhet där skola, fält och föräldrar "
                "planerar och följer upp tryggheten på skolvägen tillsammans."
            )
    page.get_by_label("Ditt namn").fill("Åsa Öberg")
    page.get_by_label("Din e-postadress").fill("asa.oberg@example.se")


def test_nominating_with_an_attached_report_stores_it(page, live_server, open_year):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    fill_required(page)
    page.get_by_label("Filer som visar resultaten (frivilligt)").set_input_files(
        [file_payload("Utvärdering.pdf", pdf_bytes(pages=2), "application/pdf")]
    )
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    attachment = Nomination.objects.get().attachments.get()
    assert (attachment.original_name, attachment.page_count) == ("Utvärdering.pdf", 2)


def test_refused_file_is_named_and_the_valid_one_kept_until_sent(page, live_server, open_year, axe):
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    fill_required(page)
    page.get_by_label("Filer som visar resultaten (frivilligt)").set_input_files(
        [
            file_payload("foto.png", image_bytes("PNG"), "image/png"),
            file_payload("program.pdf", EXECUTABLE, "application/pdf"),
        ]
    )
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Nomineringen kunde inte skickas").wait_for()
    summary = page.get_by_role("alert").first.inner_text()
    assert "”program.pdf” är inte en PDF-, JPEG- eller PNG-fil" in summary
    assert page.get_by_label("Insatsens namn").input_value() == "Trygga skolvägar i Rinkeby"
    assert page.get_by_role("checkbox", name="foto.png").is_checked()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Skicka nominering").click()
    page.get_by_role("heading", name="Tack för din nominering").wait_for()
    assert [a.original_name for a in Nomination.objects.get().attachments.all()] == ["foto.png"]
    assert not PendingUpload.objects.exists()
