import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from jury import conflicts, phases, scoring
from jury.errors import JuryError
from jury.models import JuryMembership, Score, ScoreValue
from nominations.models import AuditAction, AuditEntry, ConflictRule, JuryPhase
from tests.factories import (
    close_window,
    give_score,
    log_in_verified,
    make_juror,
    make_nomination,
    set_jury_deadlines,
)
from tests.phases import bring_to_phase

SCORE = {"innovation": "4", "inspiration": "3", "results": "5", "comment": "Stark samverkan."}


def effort_url(effort):
    return reverse("jury:effort", args=[effort.prize_year.year, effort.pk])


def values_of(score) -> dict:
    return {value.criterion.key: value.value for value in score.values.select_related("criterion")}


def test_scoring_through_form_stores_one_score(juror_client, juror, scoring_year, efforts):
    effort = efforts["Nattvandring"]
    juror_client.post(effort_url(effort), SCORE)
    score = Score.objects.get()
    assert (score.juror, score.effort) == (juror, effort)
    assert values_of(score) == {"innovation": 4, "inspiration": 3, "results": 5}
    assert score.total == 12


def test_changing_score_keeps_one_row(juror_client, scoring_year, efforts):
    effort = efforts["Nattvandring"]
    juror_client.post(effort_url(effort), SCORE)
    juror_client.post(effort_url(effort), {**SCORE, "results": "2"})
    assert values_of(Score.objects.get())["results"] == 2


def test_score_without_all_criteria_refused_with_message(juror_client, scoring_year, efforts):
    response = juror_client.post(effort_url(efforts["Nattvandring"]), {"innovation": "4"})
    assert not Score.objects.exists()
    assert "Välj ett betyg från 1 till 5" in response.content.decode()


def test_score_outside_scale_refused(juror_client, scoring_year, efforts):
    juror_client.post(effort_url(efforts["Nattvandring"]), {**SCORE, "results": "6"})
    assert not Score.objects.exists()


def test_score_outside_scale_refused_by_database(membership, scoring_year, efforts):
    score = give_score(membership, efforts["Nattvandring"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreValue.objects.filter(score=score).update(value=0)
    assert set(values_of(score).values()) == {3}


def test_second_value_for_one_criterion_refused_by_database(membership, scoring_year, efforts):
    score = give_score(membership, efforts["Nattvandring"])
    value = score.values.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreValue.objects.create(score=score, criterion=value.criterion, value=4)


def test_second_score_row_refused_by_database(membership, scoring_year, efforts):
    give_score(membership, efforts["Nattvandring"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(juror=membership.user, effort=efforts["Nattvandring"])


@pytest.mark.parametrize("phase", [JuryPhase.PREPARATION, JuryPhase.DELIBERATION, JuryPhase.VOTING])
def test_scoring_refused_outside_scoring_phase(juror_client, prize_year, efforts, chair, phase):
    bring_to_phase(prize_year, phase)
    response = juror_client.post(effort_url(efforts["Nattvandring"]), SCORE)
    assert not Score.objects.exists()
    assert "Bedömningen är inte öppen" in response.content.decode()


def test_others_scores_hidden_until_own_score_given(
    juror_client, membership, scoring_year, efforts, chair_membership
):
    effort = efforts["Nattvandring"]
    scoring.save_score(
        membership=chair_membership,
        effort=effort,
        values={"innovation": 5, "inspiration": 5, "results": 5},
        comment="Ordförandens hemliga kommentar",
    )
    html = juror_client.get(effort_url(effort)).content.decode()
    assert "Ordförandens hemliga kommentar" not in html
    juror_client.post(effort_url(effort), SCORE)
    html = juror_client.get(effort_url(effort)).content.decode()
    assert "Ordförandens hemliga kommentar" in html


def test_effort_page_shows_nominations_without_contact_details(
    juror_client, prize_year, scoring_year
):
    nomination = make_nomination(
        prize_year,
        collaboration_status="passed",
        added_value_status="passed",
        nominator_name="Hemlig Nominerare",
        nominator_email="hemlig@example.se",
        nominator_phone="070-000 00 00",
        description="Beskrivningen av insatsen.",
    )
    html = juror_client.get(effort_url(nomination.effort)).content.decode()
    assert "Beskrivningen av insatsen." in html
    for secret in ("Hemlig Nominerare", "hemlig@example.se", "070-000 00 00"):
        assert secret not in html


def test_grouped_effort_page_shows_every_supporting_nomination(
    juror_client, prize_year, scoring_year
):
    first = make_nomination(prize_year, collaboration_status="passed", added_value_status="passed")
    second = make_nomination(
        prize_year, effort=first.effort, effort_name="Samma insats, annan nominering"
    )
    html = juror_client.get(effort_url(first.effort)).content.decode()
    assert first.reference in html and second.reference in html


def test_conflicted_juror_cannot_score_the_effort(juror_client, membership, scoring_year, efforts):
    effort = efforts["Nattvandring"]
    conflicts.declare_conflict(membership=membership, effort=effort, reason="Anställd där.")
    juror_client.post(effort_url(effort), SCORE)
    assert not Score.objects.exists()


def test_conflicted_juror_does_not_see_others_scores(
    juror_client, membership, chair_membership, scoring_year, efforts
):
    effort = efforts["Nattvandring"]
    scoring.save_score(
        membership=chair_membership,
        effort=effort,
        values={"innovation": 1, "inspiration": 1, "results": 1},
        comment="Svag",
    )
    conflicts.declare_conflict(membership=membership, effort=effort, reason="Anställd där.")
    html = juror_client.get(effort_url(effort)).content.decode()
    assert "Svag" not in html


def test_progress_leaves_conflicts_out(membership, scoring_year, efforts):
    scoring_year.conflict_rule = ConflictRule.EFFORT
    scoring_year.save()
    give_score(membership, efforts["Nattvandring"])
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Jäv: anställd."
    )
    progress = scoring.progress(membership=membership)
    assert (progress.total, progress.scored, progress.conflicts, progress.left) == (3, 1, 1, 1)


def test_dashboard_lists_only_eligible_efforts_of_own_year(
    juror_client, prize_year, efforts, juror_of_another_year
):
    from nominations.models import PrizeYear
    from tests.factories import make_eligible_nomination

    make_nomination(prize_year, effort_name="Ej granskad insats")
    make_eligible_nomination(PrizeYear.objects.get(year=2029), effort_name="Insats från 2029")
    html = juror_client.get(reverse("jury:dashboard", args=[2030])).content.decode()
    assert all(name in html for name in efforts)
    assert "Ej granskad insats" not in html
    assert "Insats från 2029" not in html


def test_ranking_orders_by_mean_total_with_spread(
    chair_membership, membership, scoring_year, efforts, prize_year
):
    third = JuryMembership.objects.get(user=make_juror(prize_year, "third"))
    give_score(membership, efforts["Läxhjälp"], 5, 5, 5)
    give_score(chair_membership, efforts["Läxhjälp"], 1, 1, 1)
    give_score(membership, efforts["Nattvandring"], 4, 4, 4)
    give_score(chair_membership, efforts["Nattvandring"], 4, 4, 5)
    give_score(third, efforts["Nattvandring"], 4, 4, 3)
    rows = list(scoring.ranking(prize_year=prize_year))
    assert [r.name for r in rows] == ["Nattvandring", "Läxhjälp", "Trygga trapphus"]
    assert rows[0].mean_total == 12 and rows[0].score_count == 3 and rows[0].spread == 2
    assert rows[1].spread == 12 and rows[1].disagreement
    assert not rows[0].disagreement
    assert rows[2].score_count == 0


def test_ranking_hidden_from_member_until_all_scored(
    juror_client, membership, scoring_year, efforts
):
    url = reverse("jury:ranking", args=[2030])
    assert "Du ser rangordningen när du har bedömt" in juror_client.get(url).content.decode()
    give_score(membership, efforts["Nattvandring"])
    give_score(membership, efforts["Trygga trapphus"])
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Jäv: anställd."
    )
    html = juror_client.get(url).content.decode()
    assert "Medelvärde totalt" in html
    assert "Dolt: du har anmält jäv." in html


def test_ranking_open_to_chair_at_once(chair_client, scoring_year, efforts):
    html = chair_client.get(reverse("jury:ranking", args=[2030])).content.decode()
    assert "Medelvärde totalt" in html


def test_open_scoring_needs_an_eligible_effort(prize_year, administrator):
    make_nomination(
        prize_year, collaboration_status="failed", collaboration_reason="En organisation."
    )
    close_window(prize_year)
    with pytest.raises(phases.PhaseError, match="Ingen nominering|No nomination"):
        phases.open_scoring(prize_year=prize_year, by=administrator)
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.PREPARATION


def test_open_and_close_scoring_are_audited(prize_year, efforts, chair):
    close_window(prize_year)
    set_jury_deadlines(prize_year)
    phases.open_scoring(prize_year=prize_year, by=chair)
    phases.close_scoring(prize_year=prize_year, by=chair)
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == JuryPhase.DELIBERATION
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.SCORING_OPENED,
        AuditAction.SCORING_CLOSED,
    ]


def test_progress_under_the_whole_matter_rule_leaves_nothing_to_score(
    membership, scoring_year, efforts
):
    give_score(membership, efforts["Nattvandring"])
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Jäv: anställd."
    )
    progress = scoring.progress(membership=membership)
    assert (progress.total, progress.scored, progress.conflicts, progress.left) == (3, 0, 3, 0)


def test_chair_sees_each_jurors_progress(chair_client, membership, scoring_year, efforts):
    scoring_year.conflict_rule = ConflictRule.EFFORT
    scoring_year.save()
    give_score(membership, efforts["Nattvandring"])
    conflicts.declare_conflict(
        membership=membership, effort=efforts["Läxhjälp"], reason="Jäv: anställd."
    )
    rows = {
        row.membership.user.username: row for row in scoring.jury_progress(prize_year=scoring_year)
    }
    assert (rows["juror"].scored, rows["juror"].conflicts, rows["juror"].voted) == (1, 1, False)
    assert (rows["chair"].scored, rows["chair"].conflicts) == (0, 0)
    html = chair_client.get(reverse("jury:chair", args=[2030])).content.decode()
    assert "Juror Jurysson" in html


# The year's own assessment criteria: two to six, each with its scale


def scoring_year_with(criteria: list[dict], *names: str):
    """2031 in scoring, with these assessment criteria and 2023's mandatory ones.

    Returns the year and its eligible efforts, one by each name: scoring opens only once
    an effort has passed the screening.
    """
    from tests.factories import (
        CLOSES_AT,
        OPENS_AT,
        make_eligible_nomination,
        make_prize_year,
        with_assessment,
    )

    year = make_prize_year(
        year=2031,
        criteria=with_assessment(*criteria),
        opens_at=OPENS_AT.replace(year=2029),
        closes_at=CLOSES_AT.replace(year=2029),
    )
    efforts = [make_eligible_nomination(year, effort_name=name).effort for name in names]
    return bring_to_phase(year, JuryPhase.SCORING), efforts


def numbered_criteria(count: int) -> list[dict]:
    from tests.factories import assessment_criterion

    return [assessment_criterion(f"c{n}", f"Kriterium {n}", n) for n in range(1, count + 1)]


def jurors_of(prize_year, *names):
    return [JuryMembership.objects.get(user=make_juror(prize_year, name)) for name in names]


def score_keys(membership, effort, *values):
    """A score with the values in the order of the year's criteria."""
    criteria = scoring.assessment_criteria(membership.prize_year)
    return scoring.save_score(
        membership=membership,
        effort=effort,
        values={c.key: v for c, v in zip(criteria, values, strict=True)},
        comment="",
    )


def test_score_form_of_a_year_with_changed_criteria_offers_its_own_criteria_and_scales(
    client, prize_year
):
    from tests.factories import CHANGED_CRITERIA, make_eligible_nomination, make_prize_year

    changed = make_prize_year(
        year=2031,
        criteria=CHANGED_CRITERIA,
        opens_at=prize_year.opens_at.replace(year=2029),
        closes_at=prize_year.closes_at.replace(year=2029),
    )
    effort = make_eligible_nomination(changed).effort
    bring_to_phase(changed, JuryPhase.SCORING)
    log_in_verified(client, make_juror(changed, "juror2031"))
    html = client.get(effort_url(effort)).content.decode()
    assert "Når många" in html and "4 – många" in html and "Varaktig" in html
    assert "Innovativ och nyskapande" not in html and "i viss grad" not in html
    assert "Hur många människor når insatsen?" in html


def test_score_form_of_the_previous_year_keeps_its_own_criteria(
    juror_client, scoring_year, efforts
):
    html = juror_client.get(effort_url(efforts["Nattvandring"])).content.decode()
    assert "Innovativ och nyskapande" in html and "3 – i viss grad" in html
    assert "Når många" not in html


def test_score_of_a_year_with_two_criteria_stores_two_values(client, db):
    year, [effort] = scoring_year_with(numbered_criteria(2), "Insats")
    log_in_verified(client, make_juror(year, "juror2031"))
    client.post(effort_url(effort), {"c1": "2", "c2": "5", "comment": ""})
    assert values_of(Score.objects.get()) == {"c1": 2, "c2": 5}


def test_save_score_refuses_values_for_another_years_criteria(membership, scoring_year, efforts):
    with pytest.raises(JuryError):
        scoring.save_score(
            membership=membership,
            effort=efforts["Nattvandring"],
            values={"c1": 3, "c2": 3},
            comment="",
        )
    assert not Score.objects.exists()


def test_ranking_with_two_criteria_totals_and_flags_a_third_of_the_range(db):
    year, [split, agreed] = scoring_year_with(numbered_criteria(2), "Delad", "Enig")
    first, second = jurors_of(year, "a", "b")
    score_keys(first, split, 5, 5)
    score_keys(second, split, 3, 4)
    score_keys(first, agreed, 5, 4)
    score_keys(second, agreed, 5, 5)
    rows = scoring.ranking(prize_year=year)
    assert [row.name for row in rows] == ["Enig", "Delad"]
    assert (rows[1].mean_total, rows[1].spread, rows[1].disagreement) == (8.5, 3, True)
    assert [mean.value for mean in rows[1].means] == [4.0, 4.5]
    assert (rows[0].mean_total, rows[0].spread, rows[0].disagreement) == (9.5, 1, False)


def test_ranking_with_six_criteria_totals_and_flags_a_third_of_the_range(db):
    year, [close, apart] = scoring_year_with(numbered_criteria(6), "Nära", "Isär")
    first, second = jurors_of(year, "a", "b")
    score_keys(first, close, 5, 5, 5, 5, 5, 5)
    score_keys(second, close, 4, 4, 4, 4, 4, 3)
    score_keys(first, apart, 2, 2, 2, 2, 2, 2)
    score_keys(second, apart, 5, 5, 5, 5, 5, 5)
    rows = scoring.ranking(prize_year=year)
    assert [row.name for row in rows] == ["Nära", "Isär"]
    # 7 apart of 6–30 is no disagreement yet; with three criteria it would be.
    assert (rows[0].mean_total, rows[0].spread, rows[0].disagreement) == (26.5, 7, False)
    assert (rows[1].mean_total, rows[1].spread, rows[1].disagreement) == (21, 18, True)
    assert len(rows[0].means) == 6


def test_ranking_page_of_a_year_with_six_criteria_shows_every_criterion(client, db):
    year, [effort] = scoring_year_with(numbered_criteria(6), "Insats")
    (chair,) = jurors_of(year, "ordf")
    JuryMembership.objects.filter(pk=chair.pk).update(role="chair")
    score_keys(chair, effort, 1, 2, 3, 4, 5, 5)
    log_in_verified(client, chair.user)
    html = client.get(reverse("jury:ranking", args=[2031])).content.decode()
    assert all(f"Kriterium {n}" in html for n in range(1, 7))
    assert "(6–30)" in html


def test_score_refused_says_why_at_the_top_of_the_page_with_links_to_the_fields(
    juror_client, scoring_year, efforts
):
    import re

    response = juror_client.post(effort_url(efforts["Nattvandring"]), {"innovation": "4"})
    html = response.content.decode()
    summary = html.index("Betyget kunde inte sparas. Rätta följande:")
    # Before the nominations, so a phone that opens the page at the top shows it.
    assert summary < html.index('id="nominations-heading"')
    links = re.findall(r'<li><a href="#(id_[a-z_0-9]+)">', html[summary:])
    assert [link.rsplit("_", 1)[0] for link in links] == ["id_inspiration", "id_results"]
    assert all(f'id="{link}"' in html for link in links)
