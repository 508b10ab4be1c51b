"""The nominator opens the link in the receipt, corrects the nomination and withdraws it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from nominations.models import AuditAction, AuditEntry, Nomination, NominationVersion
from nominations.submission import submit_nomination
from tests.browser.conftest import assert_accessible
from tests.factories import make_prize_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 320


@pytest.fixture
def nomination(transactional_db) -> Nomination:
    # The live server runs on the real clock, so the window is around the real now.
    now = timezone.now()
    prize_year = make_prize_year(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30)
    )
    # Stored as the form stores it; the receipt goes out when the transaction commits.
    return submit_nomination(
        prize_year=prize_year,
        fields={
            "effort_name": "Trygga skolvägar i Rinkeby",
            "description": "Skolan, fältassistenterna och föräldrar följer barnen till "
            "skolan varje morgon.",
            "district": "rinkeby-kista",
            "nominator_name": "Åsa Öberg",
            "nominator_email": "asa.oberg@example.se",
            "nominator_phone": "",
        },
        organisations=["Rinkebyskolan", "Fältassistenterna", "Föräldraföreningen"],
        answers={
            "added_value": "Ett nytt samarbete utöver ordinarie verksamhet, där skola, fält "
            "och föräldrar gemensamt planerar och följer upp tryggheten på skolvägen.",
            "innovation": "Föräldrar och fält delar schema i en gemensam app.",
            "inspiration": "Arbetssättet är beskrivet i en handbok för andra skolor.",
            "results": "Inga incidenter på skolvägen sedan starten.",
        },
        at=now,
    )


def link_in_receipt(live_server) -> str:
    (receipt,) = mail.outbox
    (link,) = [line for line in receipt.body.splitlines() if "/min-nominering/" in line]
    # The e-mail quotes SITE_URL; the test's server listens elsewhere.
    return live_server.url + link[link.index("/priser/trygghetspriset/nominera/") :]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_nominator_corrects_and_withdraws_through_the_link_in_the_receipt(
    page, live_server, nomination, axe
):
    page.goto(link_in_receipt(live_server))
    page.get_by_role("heading", name="Din nominering: ”Trygga skolvägar i Rinkeby”").wait_for()
    assert "Rinkebyskolan" in page.content()
    assert_accessible(axe, page)

    page.get_by_role("link", name="Rätta nomineringen").click()
    page.get_by_role("heading", name="Rätta din nominering").wait_for()
    assert page.get_by_label("Insatsens namn").input_value() == "Trygga skolvägar i Rinkeby"
    assert page.get_by_label("Organisation 2").input_value() == "Fältassistenterna"
    assert_accessible(axe, page)
    page.get_by_label("Insatsens namn").fill("Trygga skolvägar i hela Rinkeby")
    page.get_by_role("button", name="Spara rättelsen").click()

    page.get_by_text("Rättelsen är sparad").wait_for()
    page.get_by_role("heading", name="Din nominering: ”Trygga skolvägar i hela Rinkeby”").wait_for()
    assert_accessible(axe, page)
    (version,) = NominationVersion.objects.all()
    assert version.effort_name == "Trygga skolvägar i Rinkeby"
    assert Nomination.objects.get().effort_name == "Trygga skolvägar i hela Rinkeby"

    page.get_by_role("link", name="Återkalla nomineringen").click()
    page.get_by_role("heading", name="Vill du återkalla din nominering?").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ja, återkalla nomineringen").click()

    page.get_by_text("Din nominering är återkallad.").wait_for()
    assert page.get_by_role("link", name="Rätta nomineringen").count() == 0
    assert_accessible(axe, page)
    assert Nomination.objects.get().withdrawn_at is not None
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        AuditAction.NOMINATION_CORRECTED,
        AuditAction.NOMINATION_WITHDRAWN,
    }
    assert [m.subject for m in mail.outbox[1:]] == [
        f"Din nominering {nomination.reference} är rättad",
        f"Din nominering {nomination.reference} är återkallad",
    ]


def test_private_link_pages_fit_a_phone(page, live_server, nomination):
    link = link_in_receipt(live_server)
    page.set_viewport_size({"width": PHONE, "height": 800})
    for path in ("", "ratta/", "aterkalla/"):
        page.goto(link + path)
        page.get_by_role("heading", level=1).wait_for()
        assert fits(page), path


def test_correction_page_counts_characters_and_adds_an_organisation_in_place(
    page, live_server, nomination
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(link_in_receipt(live_server))
    page.get_by_role("link", name="Rätta nomineringen").click()
    page.get_by_role("heading", name="Rätta din nominering").wait_for()
    assert "tecken kvar" in page.locator("#id_results_counter").inner_text()
    url_before = page.url
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.method))
    page.get_by_role("button", name="Lägg till en organisation").click()
    page.get_by_label("Organisation 4").fill("Polisen")
    assert page.url == url_before
    assert "POST" not in requests
    assert page.get_by_label("Organisation 3").input_value() == "Föräldraföreningen"
    assert errors == []
    page.get_by_role("button", name="Spara rättelsen").click()
    page.get_by_text("Rättelsen är sparad").wait_for()
    assert list(Nomination.objects.get().organisations.values_list("name", flat=True)) == [
        "Rinkebyskolan",
        "Fältassistenterna",
        "Föräldraföreningen",
        "Polisen",
    ]
