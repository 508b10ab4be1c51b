"""The jury's pages ask the database a fixed number of times, however many efforts there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jury.models import JuryMembership
from jury.scoring import save_score
from tests.factories import make_eligible_nomination, make_juror, make_prize, make_prize_year


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def add_scored_efforts(prize_year, count: int, memberships) -> None:
    for _ in range(count):
        effort = make_eligible_nomination(prize_year).effort
        for membership in memberships:
            save_score(
                membership=membership,
                effort=effort,
                values={"innovation": 3, "inspiration": 4, "results": 5},
                comment="",
            )


def test_dashboard_and_ranking_queries_do_not_grow_with_efforts(chair_client, scoring_year, chair):
    memberships = [JuryMembership.objects.get(user=chair)] + [
        JuryMembership.objects.get(user=make_juror(scoring_year, f"member{i}")) for i in range(3)
    ]
    pages = [reverse("jury:dashboard", args=[2030]), reverse("jury:ranking", args=[2030])]
    add_scored_efforts(scoring_year, 3, memberships)
    few = [queries_for(chair_client, url) for url in pages]
    add_scored_efforts(scoring_year, 30, memberships)
    many = [queries_for(chair_client, url) for url in pages]
    assert few == many


def add_prizes(count: int, start: int) -> None:
    """More prizes, each with a year and a nomination, as a city running many would have."""
    for number in range(start, start + count):
        prize = make_prize(
            slug=f"pris-{number}", name=f"Pris {number}", reference_prefix=f"P{chr(65 + number)}"
        )
        make_eligible_nomination(make_prize_year(prize=prize))


def test_public_and_jury_pages_queries_do_not_grow_with_prizes(client, chair_client, scoring_year):
    public = [
        reverse("nominations:home"),
        reverse("nominations:prize", args=["trygghetspriset"]),
        reverse("nominations:history", args=["trygghetspriset"]),
    ]
    jury = [reverse("jury:home"), reverse("jury:dashboard", args=[scoring_year])]

    def measure() -> list[int]:
        # Each page once before counting, so that the kept fragments are the same both times.
        for url in public:
            client.get(url)
        return [queries_for(client, url) for url in public] + [
            queries_for(chair_client, url) for url in jury
        ]

    add_prizes(1, start=0)
    few = measure()
    add_prizes(8, start=1)
    assert measure() == few
