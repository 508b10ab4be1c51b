from datetime import datetime, timedelta

import time_machine
from django.urls import reverse

from tests.factories import CLOSES_AT, OPENS_AT, STOCKHOLM, make_prize_year


def test_home_shows_theme_prize_and_criteria(client, prize_year):
    with time_machine.travel(OPENS_AT + timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:home")).content.decode()
    assert "Trygghet i samverkan" in html
    assert "50\N{NO-BREAK SPACE}000 kr" in html
    for phrase in ("Samverkan", "Utveckling och mervärde", "Innovativ", "inspirera", "resultat"):
        assert phrase in html
    assert reverse("nominations:nominate") in html
    assert "Nominera en insats" in html


def test_home_before_opening_says_when_nominations_open(client, prize_year):
    with time_machine.travel(OPENS_AT - timedelta(days=1), tick=False):
        html = client.get(reverse("nominations:home")).content.decode()
    assert "Nomineringen har inte öppnat ännu" in html
    assert "1 juni 2030 kl. 00:00" in html
    assert "Nominera en insats" not in html


def test_home_after_closing_says_nominations_closed(client, prize_year):
    with time_machine.travel(CLOSES_AT, tick=False):
        html = client.get(reverse("nominations:home")).content.decode()
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
        html = client.get(reverse("nominations:home")).content.decode()
    assert "1 juni 2030 kl. 00:00" in html
    # 23:00 UTC in winter is midnight in Stockholm (CET, UTC+1): open through 1 December.
    assert "till och med 1 december 2030" in html


def test_history_lists_every_year_with_theme_and_winner(client, db):
    html = client.get(reverse("nominations:history")).content.decode()
    for year in range(2012, 2024):
        assert f'<th scope="row">{year}</th>' in html
    assert "ungdomar och trygghet" in html
    assert "Stiftelsen På Rätt Väg i Bagarmossen" in html
    assert "Föreningen Gatans lag FF" in html
    assert "Stärkt samverkan för ökad trygghet" in html


def test_pages_switch_to_english(client, prize_year):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("nominations:history")).content.decode()
    assert "Previous themes and winners" in html
    assert '<html lang="en">' in html


def test_pages_are_swedish_by_default(client, db):
    html = client.get(reverse("nominations:history")).content.decode()
    assert '<html lang="sv">' in html
    assert "Tidigare teman och vinnare" in html


def test_pages_stay_swedish_for_english_browser(client, db):
    html = client.get(
        reverse("nominations:history"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "Tidigare teman och vinnare" in html


def test_closing_mid_day_shows_the_real_closing_time(client, db):
    make_prize_year(closes_at=datetime(2030, 8, 15, 14, 3, 27, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2030, 8, 16, tzinfo=STOCKHOLM), tick=False):
        html = client.get("/").content.decode()
    assert "15 augusti 2030 kl. 14:03" in html
