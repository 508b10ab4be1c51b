"""Staff register nominations that came by letter, phone, e-mail or in person."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from nominations.models import AuditAction, AuditEntry, Channel, Nomination, PrizeYear
from tests.factories import (
    log_in_verified,
    make_prize_year,
    nomination_post_data,
    prize_with_rules,
)

ADD = reverse("admin:nominations_nomination_add")


def local(moment: datetime) -> str:
    """As staff type it into the datetime-local field, in Stockholm time."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def closed_year(db):
    """A year whose nominations closed at midnight two days ago, Stockholm time."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    closes_at = midnight - timedelta(days=2)
    return make_prize_year(year=2031, opens_at=closes_at - timedelta(days=90), closes_at=closes_at)


def registration(prize_year, received_at: datetime, **overrides) -> dict:
    data = nomination_post_data(
        **{
            "prize_year": prize_year.pk,
            "channel": Channel.LETTER,
            "received_at": local(received_at),
            "nominator_email": "brevskrivare@example.se",
            **overrides,
        }
    )
    data.pop("website")
    return data


def test_registered_nomination_that_arrived_before_the_close_is_accepted_after_it(
    administrator_client, administrator, closed_year, django_capture_on_commit_callbacks
):
    arrived = closed_year.closes_at - timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        administrator_client.post(ADD, registration(closed_year, arrived))
    nomination = Nomination.objects.get()
    assert nomination.prize_year == closed_year
    assert nomination.submitted_at == arrived
    assert nomination.channel == Channel.LETTER
    assert nomination.registered_by == administrator
    assert nomination.privacy_acknowledged_at is None
    assert list(nomination.organisations.values_list("name", flat=True)) == [
        "Spånga-Tensta stadsdelsförvaltning",
        "Polisen",
        "Tensta IF",
    ]


def test_registered_nomination_that_arrived_at_the_closing_instant_is_refused(
    administrator_client, closed_year
):
    response = administrator_client.post(ADD, registration(closed_year, closed_year.closes_at))
    assert not Nomination.objects.exists()
    assert "för sent" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_registered_nomination_that_arrived_after_the_close_is_refused(
    administrator_client, closed_year
):
    arrived = closed_year.closes_at + timedelta(hours=10)
    response = administrator_client.post(ADD, registration(closed_year, arrived))
    html = response.content.decode()
    assert not Nomination.objects.exists()
    assert "var öppen till" in html and "för sent" in html


def test_registered_nomination_that_arrived_before_the_opening_is_refused(
    administrator_client, closed_year
):
    arrived = closed_year.opens_at - timedelta(minutes=1)
    response = administrator_client.post(ADD, registration(closed_year, arrived))
    assert not Nomination.objects.exists()
    assert "öppnade" in response.content.decode()


def test_registered_nomination_cannot_have_arrived_in_the_future(administrator_client, db):
    now = timezone.now()
    prize_year = make_prize_year(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9)
    )
    response = administrator_client.post(ADD, registration(prize_year, now + timedelta(days=2)))
    assert not Nomination.objects.exists()
    assert "framtiden" in response.content.decode()


def test_registered_nomination_gets_the_public_forms_checks(administrator_client, closed_year):
    arrived = closed_year.closes_at - timedelta(days=3)
    response = administrator_client.post(
        ADD, registration(closed_year, arrived, organisations="Bara polisen", added_value="Bra.")
    )
    html = response.content.decode()
    assert not Nomination.objects.exists()
    assert "minst två olika organisationer" in html
    assert "utöver ordinarie verksamhet" in html


def test_registered_nomination_cannot_claim_the_web_form(administrator_client, closed_year):
    arrived = closed_year.closes_at - timedelta(days=3)
    administrator_client.post(ADD, registration(closed_year, arrived, channel=Channel.WEB))
    assert not Nomination.objects.exists()


def test_registering_a_nomination_is_audited_in_swedish(
    administrator_client, administrator, closed_year
):
    arrived = closed_year.closes_at - timedelta(days=3)
    administrator_client.post(ADD, registration(closed_year, arrived, channel=Channel.PHONE))
    nomination = Nomination.objects.get()
    entry = AuditEntry.objects.get(action=AuditAction.NOMINATION_REGISTERED)
    assert entry.actor == administrator and entry.prize_year == closed_year
    assert nomination.reference in entry.summary
    assert "telefon" in entry.summary
    arrived_local = timezone.localtime(arrived)
    assert f"kl. {arrived_local:%H:%M}" in entry.summary
    assert entry.changes["channel"] == Channel.PHONE


def test_registered_nomination_mails_the_same_receipt_in_swedish(
    client, administrator, closed_year, django_capture_on_commit_callbacks
):
    log_in_verified(client, administrator)
    client.cookies["django_language"] = "en"  # the staff member's screen is in English
    arrived = closed_year.closes_at - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD, registration(closed_year, arrived))
    nomination = Nomination.objects.get()
    (receipt,) = mail.outbox
    assert receipt.to == ["brevskrivare@example.se"]
    assert nomination.reference in receipt.subject
    assert "Din nominering" in receipt.subject


def test_registered_nomination_without_email_is_stored_without_receipt(
    administrator_client, closed_year, django_capture_on_commit_callbacks
):
    arrived = closed_year.closes_at - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post(
            ADD, registration(closed_year, arrived, nominator_email=""), follow=True
        )
    nomination = Nomination.objects.get()
    assert nomination.nominator_email == ""
    assert mail.outbox == []
    assert "inget kvitto" in response.content.decode()


def test_registering_refused_to_staff_without_add_permission(
    client, staff_without_permission, closed_year
):
    log_in_verified(client, staff_without_permission)
    arrived = closed_year.closes_at - timedelta(days=3)
    response = client.post(ADD, registration(closed_year, arrived))
    assert response.status_code == 403
    assert not Nomination.objects.exists()
    assert not AuditEntry.objects.exists()


def test_registering_refused_to_outsider(client, outsider, closed_year):
    log_in_verified(client, outsider)
    arrived = closed_year.closes_at - timedelta(days=3)
    response = client.post(ADD, registration(closed_year, arrived))
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Nomination.objects.exists()


def test_registering_refused_to_juror(client, juror, closed_year):
    log_in_verified(client, juror)
    arrived = closed_year.closes_at - timedelta(days=3)
    response = client.post(ADD, registration(closed_year, arrived))
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Nomination.objects.exists()


def test_registration_form_asks_how_and_when_it_arrived_without_honeypot(
    administrator_client, closed_year
):
    html = administrator_client.get(ADD).content.decode()
    assert "Registrera en nominering som kom in på annat sätt" in html
    assert 'name="received_at"' in html and 'name="channel"' in html
    assert 'value="web"' not in html
    assert 'name="website"' not in html
    assert not Nomination.objects.exists()


def test_registered_nomination_with_bytes_that_are_not_utf8_refused_keeping_the_rest(
    administrator_client, closed_year
):
    from urllib.parse import urlencode

    arrived = closed_year.closes_at - timedelta(days=3)
    data = registration(closed_year, arrived, effort_name="Brevet")
    body = urlencode(data).encode() + b"&effort_name=Brev fr\xe5n Tensta"
    response = administrator_client.post(
        ADD, body, content_type="application/x-www-form-urlencoded"
    )
    html = response.content.decode()
    assert not Nomination.objects.exists()
    assert "Några tecken i fältet gick inte att läsa" in html
    assert 'value="Brev frn Tensta"' in html
    assert "Åsa Öberg" in html


def test_registration_page_shows_eight_organisation_fields(administrator_client, closed_year):
    html = administrator_client.get(ADD).content.decode()
    assert 'name="organisation_8"' in html
    assert 'name="organisation_9"' not in html
    assert 'name="add_organisation"' not in html


def test_registration_asks_the_questions_of_the_year_it_is_for(administrator_client, closed_year):
    from tests.factories import CHANGED_CRITERIA

    other = make_prize_year(
        year=2032,
        criteria=CHANGED_CRITERIA,
        opens_at=closed_year.opens_at.replace(year=2032),
        closes_at=closed_year.closes_at.replace(year=2032),
    )
    html = administrator_client.get(f"{ADD}?prize_year={other.pk}").content.decode()
    assert "Hur är insatsen förankrad bland de boende?" in html
    assert 'name="added_value"' not in html
    html = administrator_client.get(f"{ADD}?prize_year={closed_year.pk}").content.decode()
    assert "På vilket sätt är insatsen innovativ och nyskapande?" in html
    assert 'name="local_roots"' not in html


def test_registered_nomination_stores_the_answers_to_its_years_questions(
    administrator_client, closed_year
):
    arrived = closed_year.closes_at - timedelta(days=3)
    administrator_client.post(ADD, registration(closed_year, arrived, results="Färre bränder."))
    nomination = Nomination.objects.get()
    assert nomination.answer_texts()["results"] == "Färre bränder."
    assert set(nomination.answer_texts()) == {"added_value", "innovation", "inspiration", "results"}


def test_nomination_list_shows_when_each_arrived_and_through_which_channel(
    administrator_client, prize_year
):
    from tests.factories import STOCKHOLM, make_nomination

    make_nomination(
        prize_year,
        channel=Channel.LETTER,
        submitted_at=datetime(2030, 6, 14, 10, 5, tzinfo=STOCKHOLM),
    )
    html = administrator_client.get(
        reverse("admin:nominations_nomination_changelist")
    ).content.decode()
    cell = html.split('class="field-year">')[1].split("</td>")[0]
    assert cell == '2030<br><span class="arrived">14 jun 2030 10:05 brev</span>'


def test_registered_self_nomination_is_stored_for_screening_where_not_allowed(
    administrator_client, closed_year
):
    # A letter that arrived is a record: registered as it is, screening weighs the "yes".
    PrizeYear.objects.filter(pk=closed_year.pk).update(prize=prize_with_rules())
    arrived = closed_year.closes_at - timedelta(minutes=1)
    administrator_client.post(ADD, registration(closed_year, arrived, self_nominated="yes"))
    assert Nomination.objects.get().self_nominated is True


def test_registration_asks_about_self_nomination_only_where_the_prize_does_not_allow_it(
    administrator_client, closed_year
):
    asked = f"{ADD}?prize_year={closed_year.pk}"
    assert 'name="self_nominated"' not in administrator_client.get(asked).content.decode()
    PrizeYear.objects.filter(pk=closed_year.pk).update(prize=prize_with_rules())
    html = administrator_client.get(asked).content.decode()
    assert "Är den som nominerar själv med i insatsen?" in html
