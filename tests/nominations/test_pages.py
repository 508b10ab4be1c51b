from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse

from jury.phases import announce_winner
from nominations.models import JuryPhase, PrizeYear
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    STOCKHOLM,
    make_eligible_nomination,
    make_juror,
    make_prize_year,
    mark_decision_checked,
    trygghetspriset,
)
from tests.phases import bring_to_phase


def test_home_shows_theme_prize_and_criteria(client, prize_year):
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Trygghet i samverkan" in html
    assert "50\N{NO-BREAK SPACE}000 kr" in html
    for phrase in ("Samverkan", "Utveckling och mervärde", "Innovativ", "inspirera", "resultat"):
        assert phrase in html
    assert reverse("nominations:nominate", args=["trygghetspriset"]) in html
    assert "Nominera en insats" in html


def test_home_before_opening_says_when_nominations_open(client, prize_year):
    with time_machine.travel(OPENS_AT - timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Nomineringen har inte öppnat ännu" in html
    assert "1 juni 2030 kl. 00:00" in html
    assert "Nominera en insats" not in html


def test_home_after_closing_says_nominations_closed(client, prize_year):
    with time_machine.travel(CLOSES_AT, tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Nomineringen är stängd" in html
    assert "Nominera en insats" not in html


def test_home_shows_dates_in_stockholm_time_in_winter_and_summer(client, db):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import make_prize_year

    utc = ZoneInfo("UTC")
    # 22:00 UTC in summer is midnight in Stockholm (CEST, UTC+2).
    make_prize_year(
        opens_at=datetime(2030, 5, 31, 22, 0, tzinfo=utc),
        closes_at=datetime(2030, 12, 1, 23, 0, tzinfo=utc),
    )
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=utc), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "1 juni 2030 kl. 00:00" in html
    # 23:00 UTC in winter is midnight in Stockholm (CET, UTC+1): open through 1 December.
    assert "till 1 december 2030 kl. 23:59" in html


def test_history_lists_every_year_with_theme_and_winner(client, db):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    for year in range(2012, 2024):
        assert f'<th scope="row">{year}</th>' in html
    assert "ungdomar och trygghet" in html
    assert "Stiftelsen På Rätt Väg i Bagarmossen" in html
    assert "Föreningen Gatans lag FF" in html
    assert "Stärkt samverkan för ökad trygghet" in html


def test_pages_switch_to_english(client, prize_year):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert "Previous themes and winners" in html
    assert '<html lang="en">' in html


def test_pages_are_swedish_by_default(client, db):
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert '<html lang="sv">' in html
    assert "Tidigare teman och vinnare" in html


def test_pages_stay_swedish_for_english_browser(client, db):
    html = client.get(
        reverse("nominations:history", args=["trygghetspriset"]),
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    ).content.decode()
    assert "Tidigare teman och vinnare" in html


def test_closing_mid_day_shows_the_real_closing_time(client, db):
    make_prize_year(closes_at=datetime(2030, 8, 15, 14, 3, 27, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2030, 8, 16, tzinfo=STOCKHOLM), tick=False):
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "15 augusti 2030 kl. 14:03" in html


def test_home_before_opening_says_the_closing_moment_with_its_time(client, db):
    make_prize_year(closes_at=datetime(2030, 8, 15, 14, 3, 27, tzinfo=STOCKHOLM))
    with time_machine.travel(OPENS_AT - timedelta(days=1), tick=False):
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "Nomineringen har inte öppnat ännu" in html
    assert "från 1 juni 2030 kl. 00:00 till 15 augusti 2030 kl. 14:03." in html


def history_at(client, moment: datetime) -> str:
    with time_machine.travel(moment, tick=False):
        return client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()


def test_history_leaves_out_a_year_whose_window_is_open(client, prize_year):
    html = history_at(client, OPENS_AT + timedelta(days=1))
    assert '<th scope="row">2030</th>' not in html
    assert '<th scope="row">2022</th>' in html


def test_history_leaves_out_a_year_without_a_window(client, db):
    make_prize_year(year=2030, opens_at=None, closes_at=None)
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    assert '<th scope="row">2030</th>' not in html


def test_history_leaves_out_a_later_year_without_a_winner(client, db):
    # A next year's window may close before the calendar year it is named for.
    make_prize_year(
        year=2031,
        opens_at=datetime(2030, 9, 1, tzinfo=STOCKHOLM),
        closes_at=datetime(2030, 11, 1, tzinfo=STOCKHOLM),
    )
    html = history_at(client, datetime(2030, 12, 1, tzinfo=STOCKHOLM))
    assert '<th scope="row">2031</th>' not in html


def test_history_lists_a_closed_year_without_a_winner_as_not_announced(client, prize_year):
    html = history_at(client, CLOSES_AT + timedelta(days=1))
    assert '<th scope="row">2030</th>' in html
    assert "Inte offentliggjort ännu" in html


def decided_year(conference_date: date):
    from tests.factories import make_decision, make_eligible_nomination, make_juror

    prize_year = make_prize_year(conference_date=conference_date)
    effort = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    make_decision(prize_year, votes={make_juror(prize_year, "chair", role="chair"): effort})
    return prize_year


def test_history_says_when_a_decided_winner_is_presented(client, db):
    with time_machine.travel(datetime(2030, 10, 1, tzinfo=STOCKHOLM), tick=False):
        decided_year(conference_date=date(2030, 10, 26))
    html = history_at(client, datetime(2030, 10, 1, tzinfo=STOCKHOLM))
    assert "Vinnaren presenteras på trygghetskonferensen den 26 oktober 2030" in html
    assert "Nattvandring i Årsta" not in html


def test_history_promises_no_conference_that_has_passed(client, db):
    with time_machine.travel(datetime(2030, 10, 1, tzinfo=STOCKHOLM), tick=False):
        decided_year(conference_date=date(2030, 10, 26))
    html = history_at(client, datetime(2030, 10, 27, tzinfo=STOCKHOLM))
    assert "presenteras" not in html
    assert "Inte offentliggjort ännu" in html


def test_home_shows_an_edit_of_the_year_at_once_despite_the_fragment_cache(client, db):
    prize_year = make_prize_year()
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        client.get("/priser/trygghetspriset/")
        prize_year.theme = "Trygga mötesplatser"
        prize_year.save()
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "Trygga mötesplatser" in html


def test_home_in_english_is_not_served_from_the_swedish_fragment(client, db):
    make_prize_year()
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False):
        client.get("/priser/trygghetspriset/")
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "Nominate an effort" in html and "Nominera en insats" not in html


def test_home_follows_the_window_closing_despite_the_fragment_cache(client, db):
    make_prize_year()
    with time_machine.travel(CLOSES_AT - timedelta(seconds=1), tick=False):
        client.get("/priser/trygghetspriset/")
    with time_machine.travel(CLOSES_AT, tick=False):
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "Nomineringen är stängd" in html


def test_public_year_is_reused_for_a_moment_then_read_again(client, db, settings):
    settings.PUBLIC_YEAR_CACHE_SECONDS = 1
    prize_year = make_prize_year()
    with time_machine.travel(OPENS_AT + timedelta(days=3), tick=False) as traveller:
        client.get("/priser/trygghetspriset/")
        PrizeYear.objects.filter(pk=prize_year.pk).update(theme="Trygga mötesplatser")
        within_the_moment = client.get("/priser/trygghetspriset/").content.decode()
        traveller.shift(timedelta(seconds=2))
        after_it = client.get("/priser/trygghetspriset/").content.decode()
    assert "Trygga mötesplatser" not in within_the_moment
    assert "Trygga mötesplatser" in after_it


def test_public_year_reused_for_a_moment_still_closes_on_time(client, db, settings):
    settings.PUBLIC_YEAR_CACHE_SECONDS = 1
    make_prize_year()
    with time_machine.travel(CLOSES_AT - timedelta(milliseconds=500), tick=False) as traveller:
        client.get("/priser/trygghetspriset/")
        traveller.move_to(CLOSES_AT)
        html = client.get("/priser/trygghetspriset/").content.decode()
    assert "Nomineringen är stängd" in html


def changed_year():
    from tests.factories import CHANGED_CRITERIA

    return make_prize_year(
        year=2031,
        criteria=CHANGED_CRITERIA,
        theme="Trygghet där man bor",
        theme_en="Safety where you live",
        opens_at=OPENS_AT.replace(year=2031),
        closes_at=CLOSES_AT.replace(year=2031),
    )


def test_home_shows_the_criteria_of_the_current_year(client, prize_year):
    changed_year()
    with time_machine.travel(OPENS_AT.replace(year=2031) + timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Lokal förankring" in html
    assert "Insatsen ska vara förankrad bland dem som bor i stadsdelen." in html
    assert "Når många" in html and "Varaktig" in html
    assert "Utveckling och mervärde" not in html


def test_home_in_english_shows_the_english_theme_and_criteria(client, prize_year):
    changed_year()
    client.cookies["django_language"] = "en"
    with time_machine.travel(OPENS_AT.replace(year=2031) + timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Safety where you live" in html
    assert "The effort is rooted among the people who live in the district." in html
    assert "Trygghet där man bor" not in html


def test_home_shows_a_changed_criterion_at_once(client, prize_year, administrator):
    from nominations.orientation import save_criteria

    before_opening = OPENS_AT - timedelta(days=1)
    with time_machine.travel(before_opening, tick=False):
        client.get(reverse("nominations:prize", args=["trygghetspriset"]))
        changed = prize_year.criteria.get(key="results")
        changed.title = "Visar mätbara resultat"
        save_criteria(prize_year=prize_year, changed=[changed], deleted=[], by=administrator)
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Visar mätbara resultat" in html


def test_form_asks_the_questions_saved_just_before_the_window_opened(
    client, db, settings, administrator
):
    from nominations.orientation import save_criteria

    settings.PUBLIC_YEAR_CACHE_SECONDS = 1
    prize_year = make_prize_year()
    with time_machine.travel(OPENS_AT - timedelta(seconds=2), tick=False) as traveller:
        client.get(reverse("nominations:nominate", args=["trygghetspriset"]))
        criterion = prize_year.criteria.filter(kind="assessment").first()
        criterion.question = "Vad är nytt med insatsen, med egna ord?"
        save_criteria(prize_year=prize_year, changed=[criterion], deleted=[], by=administrator)
        traveller.move_to(OPENS_AT + timedelta(seconds=1))
        html = client.get(
            reverse("nominations:nominate", args=["trygghetspriset"])
        ).content.decode()
    assert "Vad är nytt med insatsen, med egna ord?" in html


# Where the year stands after its window closes (issue 19, finding 6)


def test_home_after_closing_says_the_jury_judges_and_when_the_winner_is_announced(client, db):
    make_prize_year(conference_date=date(2030, 10, 24))
    with time_machine.travel(CLOSES_AT + timedelta(days=3), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Trygghetspriset 2030: juryn bedömer" in html
    assert "Nomineringen för 2030 är stängd. Juryn bedömer nu de nominerade insatserna." in html
    assert "Vinnaren presenteras på socialnämndens trygghetskonferens den 24 oktober 2030." in html


def test_home_keeps_the_judged_year_while_the_next_years_call_is_upcoming(client, db):
    make_prize_year(conference_date=date(2030, 10, 24))
    make_prize_year(
        year=2031,
        theme="Trygghet för äldre",
        opens_at=OPENS_AT.replace(year=2031),
        closes_at=CLOSES_AT.replace(year=2031),
        conference_date=date(2031, 10, 23),
    )
    with time_machine.travel(CLOSES_AT + timedelta(days=3), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "<h1>Trygghetspriset 2030</h1>" in html
    assert "24 oktober 2030" in html and "23 oktober 2031" not in html
    assert "Nomineringen för 2031 öppnar den 1 juni 2031." in html


def test_home_shows_the_next_call_beside_the_judged_year_once_open(client, db):
    make_prize_year(conference_date=date(2030, 10, 24))
    make_prize_year(
        year=2031,
        theme="Trygghet för äldre",
        opens_at=CLOSES_AT + timedelta(days=1),
        closes_at=CLOSES_AT + timedelta(days=40),
    )
    with time_machine.travel(CLOSES_AT + timedelta(days=3), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "<h1>Trygghetspriset 2031</h1>" in html
    assert "Nominera en insats" in html
    assert "Trygghetspriset 2030: juryn bedömer" in html


def test_home_no_longer_says_the_jury_judges_once_the_winner_is_announced(client, db):
    year = make_prize_year(conference_date=date(2030, 10, 24))
    make_eligible_nomination(year)
    make_juror(year, "chair", role="chair")
    bring_to_phase(year, JuryPhase.DECIDED)
    mark_decision_checked(year)
    announce_winner(prize_year=year, by=None, at=datetime(2030, 10, 24, 15, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2030, 10, 25, tzinfo=STOCKHOLM), tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Juryn bedömer nu" not in html and 'id="judging"' not in html


# English pages mark the Swedish they fall back on (issue 19, finding 7)


def test_english_home_marks_the_swedish_theme_and_criteria_as_swedish(client, db):
    make_prize_year(theme_en="", description_en="")
    client.cookies["django_language"] = "en"
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        html = client.get(
            reverse("nominations:prize", args=["trygghetspriset"]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert '<span lang="sv">Trygghet i samverkan</span>' in html
    assert '<p lang="sv">Årets pris går till samverkan' in html


def test_english_home_leaves_english_texts_unmarked(client, db):
    make_prize_year(theme_en="Safety together")
    client.cookies["django_language"] = "en"
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        html = client.get(
            reverse("nominations:prize", args=["trygghetspriset"]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "<span>Safety together</span>" in html


def test_english_form_marks_a_swedish_question_as_swedish(client, db):
    year = make_prize_year()
    year.criteria.filter(key="results").update(question_en="")
    question = year.criteria.get(key="results").question
    client.cookies["django_language"] = "en"
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        html = client.get(
            reverse("nominations:nominate", args=["trygghetspriset"])
        ).content.decode()
    assert f'<span lang="sv">{question}</span>' in html


def test_english_history_marks_the_swedish_themes_as_swedish(client, db):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert '<span lang="sv">socialtjänstens brottsförebyggande arbete</span>' in html


def test_phone_number_is_a_link_a_phone_can_call_and_that_does_not_break(client, db):
    owner = trygghetspriset().owner
    owner.phone = "08-508 25 000"
    owner.save()
    html = client.get(reverse("nominations:accessibility")).content.decode()
    assert '<a class="text-nowrap" href="tel:+46850825000">08-508 25 000</a>' in html
