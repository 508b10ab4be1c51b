"""A year's categories (nominations/categories.py): set before the window opens, asked on
the form, and an effort moved between them until the vote opens."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from nominations import categories
from nominations.models import AuditAction, AuditEntry, Nomination, PrizeCategory
from tests.factories import OPENS_AT, make_administrator, make_prize_year, nomination_post_data

URL = reverse("nominations:nominate", args=["trygghetspriset"])
MIDSUMMER = OPENS_AT + timedelta(days=20)


def new_categories(prize_year, *names: str) -> list[PrizeCategory]:
    return [
        PrizeCategory(prize_year=prize_year, name=name, position=position)
        for position, name in enumerate(names)
    ]


@pytest.fixture
def clerk(db):
    return make_administrator()


@pytest.fixture
def two_categories(prize_year, clerk):
    return categories.save_categories(
        prize_year=prize_year,
        changed=new_categories(prize_year, "Musik", "Litteratur"),
        deleted=[],
        by=clerk,
    )


def test_save_categories_stores_them_with_an_audit_entry(prize_year, two_categories):
    assert [c.name for c in prize_year.categories.all()] == ["Musik", "Litteratur"]
    entry = AuditEntry.objects.get(action=AuditAction.CATEGORIES_CHANGED)
    assert entry.changes == {"before": [], "after": ["Musik", "Litteratur"]}


def test_save_categories_refuses_a_single_category(prize_year, clerk):
    with pytest.raises(categories.CategoryError, match="minst 2 kategorier|at least 2"):
        categories.save_categories(
            prize_year=prize_year, changed=new_categories(prize_year, "Musik"), deleted=[], by=clerk
        )
    assert not PrizeCategory.objects.exists()


def test_save_categories_refuses_two_with_the_same_name(prize_year, clerk):
    with pytest.raises(categories.CategoryError):
        categories.save_categories(
            prize_year=prize_year,
            changed=new_categories(prize_year, "Musik", "musik"),
            deleted=[],
            by=clerk,
        )
    assert not PrizeCategory.objects.exists()


def test_save_categories_refused_once_the_window_has_opened(prize_year, clerk):
    with time_machine.travel(MIDSUMMER, tick=False):
        with pytest.raises(categories.CategoryError):
            categories.save_categories(
                prize_year=prize_year,
                changed=new_categories(prize_year, "Musik", "Litteratur"),
                deleted=[],
                by=clerk,
            )
    assert not PrizeCategory.objects.exists()


def test_nomination_form_without_a_category_is_refused_and_nothing_stored(
    client, prize_year, two_categories
):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = client.post(URL, nomination_post_data())
    assert "Välj den kategori du nominerar insatsen i" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nomination_in_a_category_puts_the_effort_in_it(client, prize_year, two_categories):
    literature = two_categories[1]
    with time_machine.travel(MIDSUMMER, tick=False):
        client.post(URL, nomination_post_data(category=str(literature.pk)))
    nomination = Nomination.objects.get()
    assert (nomination.category, nomination.effort.category) == (literature, literature)


def test_nomination_form_refuses_a_category_of_another_year(client, prize_year, two_categories):
    other = make_prize_year(year=2031, opens_at=None, closes_at=None)
    foreign = PrizeCategory.objects.create(prize_year=other, name="Dans")
    with time_machine.travel(MIDSUMMER, tick=False):
        response = client.post(URL, nomination_post_data(category=str(foreign.pk)))
    assert "Välj en av årets kategorier" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nomination_form_of_a_year_without_categories_asks_none(client, prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(URL).content.decode()
    assert 'name="effort_name"' in html
    assert 'name="category"' not in html


def test_prize_page_lists_the_categories(client, prize_year, two_categories):
    with time_machine.travel(MIDSUMMER, tick=False):
        html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert "Priset delas ut i 2 kategorier" in html
    assert "Musik" in html and "Litteratur" in html


def test_move_effort_puts_it_in_another_category_with_an_audit_entry(
    client, prize_year, two_categories, clerk
):
    music, literature = two_categories
    with time_machine.travel(MIDSUMMER, tick=False):
        client.post(URL, nomination_post_data(category=str(music.pk)))
    effort = Nomination.objects.get().effort
    categories.move_effort(effort=effort, category=literature, by=clerk)
    effort.refresh_from_db()
    assert effort.category == literature
    entry = AuditEntry.objects.get(action=AuditAction.EFFORT_CATEGORY_CHANGED)
    assert entry.changes == {"effort": effort.pk, "before": music.pk, "after": literature.pk}


def test_move_effort_refuses_a_category_of_another_year(client, prize_year, two_categories, clerk):
    music = two_categories[0]
    with time_machine.travel(MIDSUMMER, tick=False):
        client.post(URL, nomination_post_data(category=str(music.pk)))
    effort = Nomination.objects.get().effort
    other = make_prize_year(year=2031, opens_at=None, closes_at=None)
    foreign = PrizeCategory.objects.create(prize_year=other, name="Dans")
    with pytest.raises(categories.CategoryError):
        categories.move_effort(effort=effort, category=foreign, by=clerk)
    effort.refresh_from_db()
    assert effort.category == music
