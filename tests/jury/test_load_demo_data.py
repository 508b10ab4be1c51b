"""The demo city runs two prizes, so that every path of the application is exercised."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nominations.models import Prize, PrizeYear

pytestmark = pytest.mark.pdf  # the demo's decisions are rendered and stored as PDF/A


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=io.StringIO())


def test_demo_lists_trygghetspriset_and_the_culture_prize(client, demo):
    html = client.get(reverse("nominations:home")).content.decode()
    assert set(Prize.objects.values_list("slug", flat=True)) == {"trygghetspriset", "kulturpriset"}
    assert "Stockholms stads kulturpris" in html and "Trygghetspriset" in html


def test_demo_culture_prize_belongs_to_the_culture_administration(demo):
    prize = Prize.objects.select_related("owner").get(slug="kulturpriset")
    assert (prize.owner.administration, prize.owner.body) == (
        "Kulturförvaltningen",
        "Kulturnämnden",
    )
    assert prize.committee_decides and not prize.self_nomination_allowed


def test_demo_culture_prize_last_year_was_decided_by_the_committee_and_announced(client, demo):
    last = PrizeYear.objects.get(prize__slug="kulturpriset", year=timezone.localdate().year - 1)
    assert last.committee_decision.followed_proposal
    html = client.get(
        reverse("nominations:winner", args=["kulturpriset", last.year])
    ).content.decode()
    assert "Kören Röster från Järva" in html
    assert "Kulturnämnden beslutade" in html
    assert "Bokbussen i Söderort" in html  # the honourable mention
    assert "trygghetskonferens" not in html and "Fråga kulturförvaltningen" in html


def test_demo_culture_prize_call_is_open_with_a_nomination_waiting(demo):
    this = PrizeYear.objects.get(prize__slug="kulturpriset", year=timezone.localdate().year)
    assert this.accepts_nominations()
    assert [n.reference[:6] for n in this.nominations.all()] == [f"KP{this.year}"]


def test_demo_is_loaded_twice_without_a_second_prize_or_year(demo):
    call_command("load_demo_data", stdout=io.StringIO())
    assert PrizeYear.objects.filter(prize__slug="kulturpriset").count() == 2
    assert Prize.objects.count() == 2
