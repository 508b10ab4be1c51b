from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from nominations.models import Nomination, Organisation, PrizeYear
from nominations.submission import WindowClosed, submit_nomination
from tests.factories import CLOSES_AT, OPENS_AT, make_prize_year, nomination_post_data

URL = reverse("nominations:nominate")
TICK = timedelta(microseconds=1)
MIDSUMMER = OPENS_AT + timedelta(days=20)


def post(client: Client, at, **overrides):
    with time_machine.travel(at, tick=False):
        return client.post(URL, nomination_post_data(**overrides))


def test_nominate_get_before_opening_shows_no_form_and_when_it_opens(client, prize_year):
    with time_machine.travel(OPENS_AT - TICK, tick=False):
        response = client.get(URL)
    html = response.content.decode()
    assert "Nomineringen har inte öppnat ännu" in html
    assert "1 juni 2030" in html
    assert 'name="effort_name"' not in html


def test_nominate_post_just_before_opening_stores_nothing(client, prize_year):
    response = post(client, OPENS_AT - TICK)
    assert Nomination.objects.count() == 0
    assert "Din nominering har inte tagits emot" in response.content.decode()


def test_nominate_post_at_opening_instant_stores_nomination(client, prize_year):
    post(client, OPENS_AT)
    nomination = Nomination.objects.get()
    assert nomination.prize_year == prize_year
    assert nomination.submitted_at == OPENS_AT


def test_nominate_post_just_before_closing_stores_nomination(client, prize_year):
    post(client, CLOSES_AT - TICK)
    assert Nomination.objects.count() == 1


def test_nominate_post_at_closing_instant_stores_nothing_and_keeps_text(client, prize_year):
    response = post(client, CLOSES_AT, effort_name="Sent inskickad insats")
    html = response.content.decode()
    assert Nomination.objects.count() == 0
    assert "Nomineringen är stängd" in html
    assert "1 september 2030" in html
    assert 'value="Sent inskickad insats"' in html
    assert 'type="submit"' not in html.split('id="main"')[1]


def test_nominate_get_while_open_shows_form_with_closing_date(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert 'name="effort_name"' in html
    assert "öppen till 1 september 2030 kl. 23:59" in html


def test_nominate_stores_nomination_with_organisations_in_order(client, prize_year):
    post(client, MIDSUMMER)
    nomination = Nomination.objects.get()
    assert nomination.effort_name == "Trygga stråk i Tensta"
    assert nomination.nominator_email == "asa.oberg@example.se"
    assert nomination.privacy_acknowledged_at == MIDSUMMER
    assert list(nomination.organisations.values_list("name", flat=True)) == [
        "Spånga-Tensta stadsdelsförvaltning",
        "Polisen",
        "Tensta IF",
    ]
    assert nomination.reference.startswith("TP2030-")


def test_nominate_invalid_post_stores_nothing_and_keeps_what_was_typed(client, prize_year):
    response = post(client, MIDSUMMER, organisations="Polisen", effort_name="Min insats")
    html = response.content.decode()
    assert Nomination.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert "Nomineringen kunde inte skickas" in html
    assert 'value="Min insats"' in html
    assert "gjort gångstråken tryggare" in html  # the other fields keep their text too


def test_nominate_one_organisation_refused_with_clear_message(client, prize_year):
    response = post(client, MIDSUMMER, organisations="Polisen")
    assert "minst två olika organisationer" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_nominate_duplicate_organisation_refused(client, prize_year):
    response = post(client, MIDSUMMER, organisations="Polisen\nPOLISEN")
    assert "står med flera gånger" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_nominate_honeypot_filled_stores_nothing(client, prize_year):
    response = post(client, MIDSUMMER, website="http://cheap-pills.example")
    assert Nomination.objects.count() == 0
    assert "automatiskt program" in response.content.decode()
    assert mail.outbox == []


def test_nominate_over_rate_limit_refused_and_stores_nothing(client, prize_year, settings):
    settings.NOMINATION_RATE_LIMIT = 2
    post(client, MIDSUMMER)
    post(client, MIDSUMMER)
    response = post(client, MIDSUMMER, effort_name="Den tredje")
    html = response.content.decode()
    assert Nomination.objects.count() == 2
    assert "Vänta 60 minuter och skicka den igen" in html
    assert 'value="Den tredje"' in html


def test_nominate_rate_limit_counts_per_address(prize_year, settings):
    settings.NOMINATION_RATE_LIMIT = 1
    post(Client(REMOTE_ADDR="10.0.0.1"), MIDSUMMER)
    post(Client(REMOTE_ADDR="10.0.0.2"), MIDSUMMER)
    assert Nomination.objects.count() == 2


def test_nominate_rate_limit_window_passes(client, prize_year, settings):
    settings.NOMINATION_RATE_LIMIT = 1
    settings.NOMINATION_RATE_WINDOW = 60
    post(client, MIDSUMMER)
    # LocMemCache expires by the real clock, so travel with ticking time.
    with time_machine.travel(MIDSUMMER + timedelta(seconds=61)):
        client.post(URL, nomination_post_data())
    assert Nomination.objects.count() == 2


def test_nominate_sends_one_receipt_email_after_commit(
    client, prize_year, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, MIDSUMMER)
    nomination = Nomination.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asa.oberg@example.se"]
    assert nomination.reference in message.subject
    assert nomination.reference in message.body
    assert "Trygga stråk i Tensta" in message.body


def test_receipt_email_not_sent_before_commit(prize_year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with time_machine.travel(MIDSUMMER, tick=False):
            submit_nomination(
                prize_year=prize_year,
                fields=_fields(),
                organisations=["Polisen", "Skolan"],
                at=MIDSUMMER,
            )
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_receipt_email_not_sent_when_transaction_rolls_back(
    prize_year, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            submit_nomination(
                prize_year=prize_year,
                fields=_fields(),
                organisations=["Polisen", "Skolan"],
                at=MIDSUMMER,
            )
            raise RuntimeError("something later in the request failed")
    assert Nomination.objects.count() == 0
    assert mail.outbox == []


def test_receipt_email_in_english_when_nominating_in_english(
    client, prize_year, django_capture_on_commit_callbacks
):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):
        post(client, MIDSUMMER)
    assert "Thank you for nominating" in mail.outbox[0].body


def test_receipt_page_shows_reference_to_the_nominator(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = client.post(URL, nomination_post_data(), follow=True)
    nomination = Nomination.objects.get()
    html = response.content.decode()
    assert nomination.reference in html
    assert "Tack för din nominering" in html


def test_receipt_page_shows_nothing_to_another_visitor(client, prize_year):
    post(client, MIDSUMMER)
    response = Client().get(reverse("nominations:receipt"), follow=True)
    html = response.content.decode()
    assert Nomination.objects.get().reference not in html
    assert response.redirect_chain[0][0] == URL


def test_receipt_page_shows_nothing_to_logged_in_outsider(client, prize_year, outsider):
    post(client, MIDSUMMER)
    other = Client()
    other.force_login(outsider)
    response = other.get(reverse("nominations:receipt"))
    assert Nomination.objects.get().reference not in response.content.decode()
    assert response["Location"] == URL


def test_nominate_without_any_prize_year_says_none_announced(client, db):
    from nominations.models import PrizeYear

    PrizeYear.objects.update(opens_at=None, closes_at=None)
    html = client.get(URL).content.decode()
    assert "Ingen nomineringsperiod har utlysts" in html
    assert client.post(URL, nomination_post_data()).status_code == 403
    assert Nomination.objects.count() == 0


def test_nominate_follows_window_moved_in_database(client, db):
    prize_year = make_prize_year()
    prize_year.closes_at = MIDSUMMER
    prize_year.save()
    post(client, MIDSUMMER)
    assert Nomination.objects.count() == 0


def test_window_closed_after_the_request_began_refuses_the_nomination(prize_year):
    stale = PrizeYear.objects.get(pk=prize_year.pk)
    PrizeYear.objects.filter(pk=prize_year.pk).update(closes_at=MIDSUMMER)
    fields = nomination_post_data()
    for key in ("organisations", "website"):
        fields.pop(key)
    with pytest.raises(WindowClosed):
        submit_nomination(prize_year=stale, fields=fields, organisations=["A", "B"], at=MIDSUMMER)
    assert Nomination.objects.count() == 0


def test_mail_server_down_still_gives_the_receipt(
    client, prize_year, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with (
        django_capture_on_commit_callbacks(execute=True),
        time_machine.travel(MIDSUMMER, tick=False),
    ):
        response = client.post(reverse("nominations:nominate"), nomination_post_data())
    assert response["Location"] == reverse("nominations:receipt")
    assert Nomination.objects.count() == 1
    assert mail.outbox == []


def _fields() -> dict:
    data = nomination_post_data()
    for key in ("organisations", "website"):
        data.pop(key)
    return data
