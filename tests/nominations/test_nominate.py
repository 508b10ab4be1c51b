import logging
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from nominations.forms import NOMINATION_FIELDS
from nominations.models import Nomination, Organisation, PrizeYear
from nominations.submission import WindowClosed, submit_nomination
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    answers_in,
    make_prize_year,
    nomination_post_data,
)

URL = reverse("nominations:nominate", args=["trygghetspriset"])
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
    response = post(client, MIDSUMMER, organisations=["Polisen", "POLISEN"])
    assert "”POLISEN” står redan i Organisation 1" in response.content.decode()
    assert Nomination.objects.count() == 0


def test_nominate_honeypot_filled_answers_as_received_and_stores_nothing(
    client, prize_year, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, MIDSUMMER, website="http://cheap-pills.example")
    assert response["Location"] == reverse("nominations:receipt", args=["trygghetspriset"])
    assert Nomination.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert mail.outbox == []


def test_nominate_honeypot_receipt_thanks_without_reference_or_trap(client, prize_year):
    post(client, MIDSUMMER, website="http://cheap-pills.example")
    html = client.get(reverse("nominations:receipt", args=["trygghetspriset"])).content.decode()
    assert "Tack för din nominering" in html
    assert "Referensnummer" not in html and "TP2030-" not in html
    assert "automatiskt" not in html
    assert "nomination-draft.js" not in html  # a person caught by mistake keeps the draft


def test_nominate_honeypot_filled_logs_a_warning_without_personal_data(client, prize_year, caplog):
    with caplog.at_level(logging.WARNING, logger="nominations.views"):
        post(client, MIDSUMMER, website="http://cheap-pills.example")
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "honeypot" in caplog.text
    for personal in (
        "Åsa",
        "Öberg",
        "asa.oberg@example.se",
        "508 000 00",
        "cheap-pills",
        "127.0.0.1",
    ):
        assert personal not in caplog.text


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
                answers=answers_in(nomination_post_data()),
                at=MIDSUMMER,
            )
        assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
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
                answers=answers_in(nomination_post_data()),
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
    response = Client().get(reverse("nominations:receipt", args=["trygghetspriset"]), follow=True)
    html = response.content.decode()
    assert Nomination.objects.get().reference not in html
    assert response.redirect_chain[0][0] == URL


def test_receipt_page_shows_nothing_to_logged_in_outsider(client, prize_year, outsider):
    post(client, MIDSUMMER)
    other = Client()
    other.force_login(outsider)
    response = other.get(reverse("nominations:receipt", args=["trygghetspriset"]))
    assert Nomination.objects.get().reference not in response.content.decode()
    assert response["Location"] == URL


def test_nominate_without_any_prize_year_says_none_announced(client, db):
    from nominations.models import PrizeYear

    PrizeYear.objects.update(opens_at=None, closes_at=None)
    html = client.get(URL).content.decode()
    assert "Ingen nomineringsperiod är bestämd" in html
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
    fields = _fields()
    with pytest.raises(WindowClosed):
        submit_nomination(
            prize_year=stale,
            fields=fields,
            organisations=["A", "B"],
            answers=answers_in(nomination_post_data()),
            at=MIDSUMMER,
        )
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
        response = client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    assert response["Location"] == reverse("nominations:receipt", args=["trygghetspriset"])
    assert Nomination.objects.count() == 1
    assert mail.outbox == []


def _fields() -> dict:
    data = nomination_post_data()
    return {key: value for key, value in data.items() if key in NOMINATION_FIELDS}


# Organisations: "add an organisation" without JavaScript


def test_nominate_add_organisation_shows_a_fourth_field_keeping_text_and_storing_nothing(
    client, prize_year
):
    response = post(
        client, MIDSUMMER, organisations=["Polisen", "", ""], add_organisation="1", results=""
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Nomination.objects.count() == 0
    assert 'name="organisation_4"' in html
    assert 'name="organisation_5"' not in html
    assert 'value="Polisen"' in html
    assert 'value="Åsa Öberg"' in html
    assert "gjort gångstråken tryggare" in html
    # Nothing was checked yet: no error for the empty results or the single organisation.
    assert "Nomineringen kunde inte skickas" not in html
    assert "is-invalid" not in html


def test_nominate_add_organisation_puts_the_keyboard_in_the_new_field(client, prize_year):
    html = post(client, MIDSUMMER, add_organisation="1").content.decode()
    field = re.search(r"<input[^>]*name=\"organisation_4\"[^>]*>", html).group(0)
    assert "autofocus" in field


def test_nominate_add_organisation_stops_at_eight_and_says_so(client, prize_year):
    names = [f"Förening {n}" for n in range(1, 9)]
    html = post(client, MIDSUMMER, organisations=names, add_organisation="1").content.decode()
    assert 'name="organisation_8"' in html
    assert 'name="organisation_9"' not in html
    assert 'name="add_organisation"' not in html
    assert "Du kan ange högst åtta organisationer" in html
    assert Nomination.objects.count() == 0


def test_nominate_eight_organisations_stored_in_order(client, prize_year):
    names = [f"Förening {n}" for n in range(1, 9)]
    post(client, MIDSUMMER, organisations=names)
    assert list(Nomination.objects.get().organisations.values_list("name", flat=True)) == names


def test_nominate_one_organisation_error_links_to_the_second_field(client, prize_year):
    html = post(client, MIDSUMMER, organisations=["Polisen"]).content.decode()
    summary = html.split('id="error-summary-heading"')[1].split("</ul>")[0]
    assert '<a href="#id_organisation_2">Organisation 2</a>' in summary
    assert "minst två olika organisationer" in summary


# Text limits


def test_nominate_page_has_no_maxlength_and_states_limits(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert "maxlength" not in html
    assert "Minst 50 och högst 5\xa0000 tecken." in html
    assert "Minst 80 och högst 5\xa0000 tecken." in html
    assert html.count("Högst 5\xa0000 tecken.") == 3


def test_nominate_text_over_the_limit_refused_keeping_the_whole_text(client, prize_year):
    pasted = "Lång text. " * 500 + "Slutet."  # 5 507 characters
    response = post(client, MIDSUMMER, innovation=pasted)
    html = response.content.decode()
    assert Nomination.objects.count() == 0
    assert "Texten har 5\xa0507 tecken, och högst 5\xa0000 får plats" in html
    assert pasted + "</textarea>" in html


def test_nominate_page_loads_its_scripts_from_static_files_within_the_csp(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = client.get(URL)
    html = response.content.decode()
    assert '<script src="/static/js/character-counter.js" defer></script>' in html
    assert '<script src="/static/js/nomination-draft.js" defer></script>' in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert 'id="nomination-form-texts" data-texts="{&quot;left_one&quot;' in html


# Draft


def test_nominate_page_says_the_draft_stays_on_this_device_without_contact_details(
    client, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert "bara på den här enheten" in html
    assert "Ditt namn, din e-postadress och ditt telefonnummer sparas aldrig i utkastet" in html
    assert "Rensa utkastet" in html
    assert "data-draft-restore" in html
    for name in ("nominator_name", "nominator_email", "nominator_phone"):
        field = re.search(rf"<input[^>]*name=\"{name}\"[^>]*>", html).group(0)
        assert "data-draft" not in field


def test_nominate_page_after_errors_does_not_restore_the_draft_over_what_was_sent(
    client, prize_year
):
    html = post(client, MIDSUMMER, organisations=["Polisen"]).content.decode()
    assert "data-draft-key" in html
    assert "data-draft-restore" not in html


def test_nominate_closed_page_keeps_no_draft(client, prize_year):
    with time_machine.travel(CLOSES_AT, tick=False):
        html = client.post(URL, nomination_post_data()).content.decode()
    assert "data-draft-key" not in html
    assert "nomination-draft.js" not in html


def test_receipt_page_clears_the_draft(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.post(URL, nomination_post_data(), follow=True).content.decode()
    assert '<script src="/static/js/nomination-draft.js" defer data-draft-clear></script>' in html


# Errors that belong to the whole form, headings


def test_nominate_whole_form_error_shown_once(client, prize_year, settings):
    settings.NOMINATION_RATE_LIMIT = 0
    html = post(client, MIDSUMMER).content.decode()
    assert html.count("Många nomineringar har skickats från din uppkoppling") == 1


@pytest.mark.parametrize("method", ["get", "post with errors"])
def test_nominate_headings_follow_each_other_without_skipping_a_level(client, prize_year, method):
    if method == "get":
        with time_machine.travel(MIDSUMMER, tick=False):
            html = client.get(URL).content.decode()
    else:
        html = post(client, MIDSUMMER, organisations=["Polisen"]).content.decode()
    main = html.split('id="main"')[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert "Din nominering är en allmän handling</h2>" in main


# Text that is not UTF-8


def _raw_post(client: Client, body: bytes):
    with time_machine.travel(MIDSUMMER, tick=False):
        return client.post(URL, body, content_type="application/x-www-form-urlencoded")


def test_nominate_invalid_utf8_percent_encoded_refused_keeping_the_rest(client, prize_year):
    data = nomination_post_data(effort_name="Trygga stråk")
    body = urlencode(data).replace("Trygga+str", "Trygga+%FFstr").encode()
    html = _raw_post(client, body).content.decode()
    assert Nomination.objects.count() == 0
    assert "Några tecken i fältet gick inte att läsa" in html
    assert 'value="Trygga stråk"' in html
    assert "\ufffd" not in html


def test_nominate_invalid_utf8_raw_bytes_refused_keeping_the_rest_readable(client, prize_year):
    # Raw bytes, not percent-encoded: Django would decode the whole body as Latin-1.
    data = nomination_post_data(effort_name="Trygga stråk")
    body = "&".join(f"{key}={value}" for key, value in data.items() if key != "effort_name")
    body = body.encode() + b"&effort_name=Trygga \xffstr\xc3\xa5k"
    response = _raw_post(client, body)
    html = response.content.decode()
    assert response.status_code == 200
    assert Nomination.objects.count() == 0
    assert "Några tecken i fältet gick inte att läsa" in html
    assert 'value="Trygga stråk"' in html
    assert 'value="Åsa Öberg"' in html  # not mojibake
    assert "Ã" not in html


def test_nominate_invalid_utf8_in_a_text_never_stored(client, prize_year):
    body = urlencode(nomination_post_data()).encode() + b"&results=%C3"
    _raw_post(client, body)
    assert Nomination.objects.count() == 0


def test_nomination_receipt_needs_no_database_session(client, db):
    from django.contrib.sessions.models import Session

    make_prize_year()
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
        html = client.get(reverse("nominations:receipt", args=["trygghetspriset"])).content.decode()
    assert Nomination.objects.get().reference in html
    assert not Session.objects.exists()


def test_nomination_receipt_not_shown_to_another_browser(client, db):
    make_prize_year()
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
        response = Client().get(reverse("nominations:receipt", args=["trygghetspriset"]))
    assert response["Location"] == reverse("nominations:nominate", args=["trygghetspriset"])
    assert Nomination.objects.get().reference not in response.content.decode()


def test_nomination_receipt_cookie_forged_for_another_number_is_refused(client, db):
    make_prize_year()
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
        client.cookies["nomination_receipt"] = "2:forged"
        response = client.get(reverse("nominations:receipt", args=["trygghetspriset"]))
    assert response["Location"] == reverse("nominations:nominate", args=["trygghetspriset"])


def test_blank_form_page_rendered_from_the_fragment_cache_keeps_a_fresh_csrf_token(db):
    make_prize_year()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        first.get(reverse("nominations:nominate", args=["trygghetspriset"]))
        page = second.get(
            reverse("nominations:nominate", args=["trygghetspriset"])
        ).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        second.post(
            reverse("nominations:nominate", args=["trygghetspriset"]),
            {**nomination_post_data(), "csrfmiddlewaretoken": token},
        )
    assert Nomination.objects.count() == 1


# The year's own criteria: the form asks what the committee decided that year


@pytest.fixture
def changed_year(prize_year):
    """2031 with criteria of its own, after 2030 kept the criteria of 2023."""
    from tests.factories import CHANGED_CRITERIA

    return make_prize_year(
        year=2031,
        criteria=CHANGED_CRITERIA,
        opens_at=OPENS_AT.replace(year=2031),
        closes_at=CLOSES_AT.replace(year=2031),
    )


def changed_year_post_data(**overrides) -> dict:
    data = {
        key: value
        for key, value in nomination_post_data().items()
        if key not in ("added_value", "innovation", "inspiration", "results")
    }
    return {
        **data,
        "local_roots": "Boende i området är med och planerar varje vandring.",
        "reach": "Tre hundra boende varje år.",
        "lasting": "Insatsen har pågått i fem år och har pengar för tre till.",
        **overrides,
    }


def test_form_of_a_year_with_changed_criteria_asks_its_own_questions(client, changed_year):
    with time_machine.travel(MIDSUMMER.replace(year=2031), tick=False):
        html = client.get(URL).content.decode()
    assert "Hur är insatsen förankrad bland de boende?" in html
    assert "Hur många människor når insatsen?" in html
    assert "Insatsen ska vara förankrad bland dem som bor i stadsdelen." in html
    assert 'name="added_value"' not in html
    assert "På vilket sätt är insatsen innovativ och nyskapande?" not in html


def test_form_of_the_previous_year_keeps_its_own_questions(client, changed_year, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert "På vilket sätt är insatsen innovativ och nyskapande?" in html
    assert "Insatsen är utvecklande och innehåller ett mervärde" in html
    assert "Hur många människor når insatsen?" not in html


def test_nomination_to_a_year_with_changed_criteria_stores_one_answer_per_question(
    client, changed_year
):
    with time_machine.travel(MIDSUMMER.replace(year=2031), tick=False):
        client.post(URL, changed_year_post_data())
    nomination = Nomination.objects.get()
    assert nomination.answer_texts() == {
        "local_roots": "Boende i området är med och planerar varje vandring.",
        "reach": "Tre hundra boende varje år.",
        "lasting": "Insatsen har pågått i fem år och har pengar för tre till.",
    }
    assert {a.criterion.prize_year for a in nomination.answers.all()} == {changed_year}


def test_answer_shorter_than_the_criterions_minimum_refused_and_kept(client, changed_year):
    with time_machine.travel(MIDSUMMER.replace(year=2031), tick=False):
        response = client.post(URL, changed_year_post_data(local_roots="Boende är med."))
    assert Nomination.objects.count() == 0
    html = response.content.decode()
    assert "minst 20 tecken" in html and "lokal förankring" in html
    assert "Boende är med." in html


def test_organisations_are_marked_required_as_the_other_required_fields(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert 'Samverkande organisationer<span class="asteriskField">*</span></legend>' in html


def test_phone_field_opens_a_phones_number_keyboard(client, prize_year):
    import re

    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    [field] = re.findall(r'<input[^>]*name="nominator_phone"[^>]*>', html)
    assert 'type="tel"' in field


# Stockholm is in the administrative areas for Finnish, meänkieli and Sami.
SAMI = (
    "Dát lea oadjebas ovttasbargu gaskal searvvi, skuvlla ja politiija: čđŋšŧž, ja ǥǩʒǯ. "
    "Mii bargat ovttas juohke vahku."
)


def test_nominate_page_says_finnish_meankieli_and_sami_are_welcome(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert "Du kan skriva på svenska, finska, meänkieli eller samiska." in html


def test_home_says_finnish_meankieli_and_sami_are_welcome(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "svenska, finska, meänkieli eller samiska" in html


def test_nominate_stores_a_nomination_written_in_sami_as_written(client, prize_year):
    post(client, MIDSUMMER, effort_name="Oadjebas gilli", description=SAMI)
    nomination = Nomination.objects.get()
    assert nomination.effort_name == "Oadjebas gilli"
    assert nomination.description == SAMI


def test_nominate_reference_clash_tries_a_fresh_code_and_stores_once(
    client, prize_year, monkeypatch
):
    post(client, MIDSUMMER)
    taken = Nomination.objects.get().reference
    # The next code drawn is the one taken, then a free one.
    codes = iter([*taken.split("-")[1], *"BCDEFG"])
    monkeypatch.setattr("nominations.models.nominations.secrets.choice", lambda _seq: next(codes))
    post(client, MIDSUMMER, effort_name="Trygga gårdar")
    second = Nomination.objects.get(effort_name="Trygga gårdar")
    assert second.reference == f"TP{prize_year.year}-BCDEFG"
    assert second.effort.nominations.count() == 1
    assert Nomination.objects.count() == 2


def test_nominate_window_closed_by_an_edit_meanwhile_stores_nothing(client, prize_year, settings):
    # The form's year is kept by the process for a while; the window is read afresh.
    settings.PUBLIC_YEAR_CACHE_SECONDS = 60
    with time_machine.travel(MIDSUMMER - timedelta(seconds=1), tick=False):
        client.get(URL)
    PrizeYear.objects.filter(pk=prize_year.pk).update(closes_at=MIDSUMMER)
    response = post(client, MIDSUMMER)
    assert Nomination.objects.count() == 0
    assert "Din nominering har inte tagits emot" in response.content.decode()
