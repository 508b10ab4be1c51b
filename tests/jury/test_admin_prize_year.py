import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from jury.phases import PhaseError, close_nominations, open_nominations
from nominations.models import AuditAction, AuditEntry, JuryPhase, Nomination, PrizeYear
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    STOCKHOLM,
    close_window,
    criteria_post_data,
    log_in_verified,
    make_prize_year,
    make_user,
    mark_decision_checked,
    nomination_post_data,
    set_jury_deadlines,
    trygghetspriset,
    year_setup_post,
)
from tests.phases import bring_to_phase

CHANGELIST = reverse("admin:nominations_prizeyear_changelist")
MIDSUMMER = OPENS_AT + timedelta(days=20)


def run_action(client, action: str, prize_year: PrizeYear, **extra):
    # Log in at the travelled-to time, or the session would already have expired.
    log_in_verified(client, client.user)
    return client.post(CHANGELIST, {"action": action, "_selected_action": [prize_year.pk], **extra})


def test_close_action_first_asks_for_confirmation_and_changes_nothing(
    administrator_client, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = run_action(administrator_client, "close_nominations_now", prize_year)
    prize_year.refresh_from_db()
    assert prize_year.closes_at == CLOSES_AT
    assert "Ja, stäng nomineringen nu" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_close_action_confirmed_stops_the_next_public_post(
    administrator_client, prize_year, client
):
    with time_machine.travel(MIDSUMMER, tick=False):
        run_action(administrator_client, "close_nominations_now", prize_year, confirm="yes")
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    prize_year.refresh_from_db()
    assert prize_year.closes_at == MIDSUMMER
    assert Nomination.objects.count() == 0


def test_close_action_is_audited_with_who_and_window(
    administrator_client, administrator, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        run_action(administrator_client, "close_nominations_now", prize_year, confirm="yes")
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.WINDOW_CLOSED
    assert entry.actor == administrator
    assert entry.actor_name == "Helena Handläggare"
    assert entry.prize_year == prize_year
    assert datetime.fromisoformat(entry.changes["before"]["closes_at"]) == CLOSES_AT
    assert datetime.fromisoformat(entry.changes["after"]["closes_at"]) == MIDSUMMER


def test_open_action_opens_at_once_until_given_time_and_next_post_is_stored(
    administrator_client, client, db
):
    prize_year = make_prize_year(opens_at=None, closes_at=None)
    with time_machine.travel(MIDSUMMER, tick=False):
        run_action(
            administrator_client,
            "open_nominations_now",
            prize_year,
            confirm="yes",
            closes_at="2030-09-15T00:00",
        )
        client.post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    prize_year.refresh_from_db()
    assert prize_year.opens_at == MIDSUMMER
    assert prize_year.closes_at == datetime(2030, 9, 15, tzinfo=STOCKHOLM)
    assert Nomination.objects.count() == 1
    assert AuditEntry.objects.get().action == AuditAction.WINDOW_OPENED


def test_open_action_with_closing_time_in_the_past_changes_nothing(administrator_client, db):
    prize_year = make_prize_year(opens_at=None, closes_at=None)
    with time_machine.travel(MIDSUMMER, tick=False):
        response = run_action(
            administrator_client,
            "open_nominations_now",
            prize_year,
            confirm="yes",
            closes_at="2030-06-01T00:00",
        )
    prize_year.refresh_from_db()
    assert prize_year.opens_at is None
    assert "Stängningstiden måste vara senare än nu" in response.content.decode()


def test_open_nominations_refused_when_already_open(prize_year, administrator):
    with pytest.raises(PhaseError):
        open_nominations(prize_year=prize_year, closes_at=CLOSES_AT, by=administrator, at=MIDSUMMER)
    assert not AuditEntry.objects.exists()


def test_close_nominations_refused_before_opening(prize_year, administrator):
    with pytest.raises(PhaseError):
        close_nominations(prize_year=prize_year, by=administrator, at=OPENS_AT - timedelta(days=1))
    prize_year.refresh_from_db()
    assert prize_year.closes_at == CLOSES_AT


def test_window_action_refused_to_staff_without_window_permission(
    client, prize_year, staff_without_permission
):
    from django.contrib.auth.models import Permission

    staff_without_permission.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_prizeyear", "change_prizeyear"])
    )
    client.user = staff_without_permission
    with time_machine.travel(MIDSUMMER, tick=False):
        run_action(client, "close_nominations_now", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert prize_year.closes_at == CLOSES_AT
    assert not AuditEntry.objects.exists()


def test_editing_window_dates_in_admin_is_audited(administrator_client, prize_year):
    url = reverse("admin:nominations_prizeyear_change", args=[prize_year.pk])
    administrator_client.post(
        url,
        {
            "prize": trygghetspriset().pk,
            "year": 2030,
            "theme": prize_year.theme,
            "description": prize_year.description,
            "prize_amount": 50000,
            "opens_at_0": "2030-06-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2030-09-10",
            "closes_at_1": "00:00:00",
            "conference_date": "",
            "historical_winner": "",
            **year_setup_post(2030),
            **criteria_post_data(prize_year),
        },
    )
    prize_year.refresh_from_db()
    assert prize_year.closes_at == datetime(2030, 9, 10, tzinfo=STOCKHOLM)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.WINDOW_CHANGED
    assert "2030" in entry.summary


def test_new_prize_year_form_is_prefilled_from_previous_year(administrator_client, prize_year):
    response = administrator_client.get(reverse("admin:nominations_prizeyear_add"))
    form = response.context["adminform"].form
    assert form.initial["year"] == 2031
    assert form.initial["theme"] == prize_year.theme
    assert form.initial["prize_amount"] == 50_000
    assert form.initial["opens_at"] == OPENS_AT.replace(year=2031)
    assert form.initial["closes_at"] == CLOSES_AT.replace(year=2031)


def test_copy_action_prefills_from_the_chosen_year(administrator_client, prize_year):
    older = PrizeYear.objects.get(year=2023)
    response = run_action(administrator_client, "copy_to_next_year", older)
    form = administrator_client.get(response["Location"]).context["adminform"].form
    assert form.initial["year"] == 2024
    assert form.initial["theme"] == "Stärkt samverkan för ökad trygghet"


def test_creating_prize_year_in_admin_is_audited(administrator_client, administrator, db):
    administrator_client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Trygghet för äldre",
            "description": "",
            "prize_amount": 50000,
            "opens_at_0": "2031-06-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2031-09-02",
            "closes_at_1": "00:00:00",
            "conference_date": "2031-10-20",
            "historical_winner": "",
            **year_setup_post(2031),
        },
    )
    prize_year = PrizeYear.objects.get(year=2031)
    assert prize_year.theme == "Trygghet för äldre"
    assert prize_year.opens_at == datetime(2031, 6, 1, tzinfo=STOCKHOLM)
    entries = AuditEntry.objects.order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        (AuditAction.PRIZE_YEAR_CREATED, administrator),
        (AuditAction.CRITERIA_CHANGED, administrator),
        (AuditAction.COMMITTEE_DECISIONS, administrator),
        (AuditAction.WINDOW_CHANGED, administrator),
    ]


def test_administration_opens_and_closes_jury_scoring(administrator_client, prize_year):
    from tests.factories import make_eligible_nomination

    make_eligible_nomination(prize_year)
    close_window(set_jury_deadlines(prize_year))
    run_action(administrator_client, "open_jury_scoring", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == "scoring"
    run_action(administrator_client, "close_jury_scoring", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == "deliberation"
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        AuditAction.SCORING_OPENED,
        AuditAction.SCORING_CLOSED,
    ]


def test_opening_jury_scoring_without_eligible_effort_says_why(administrator_client, prize_year):
    close_window(set_jury_deadlines(prize_year))
    response = run_action(administrator_client, "open_jury_scoring", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == "preparation"
    assert (
        "Ingen nominering har klarat granskningen"
        in administrator_client.get(response["Location"]).content.decode()
    )


def test_administration_announces_the_decided_winner(
    administrator_client, prize_year, client, chair
):
    from tests.factories import make_eligible_nomination

    make_eligible_nomination(prize_year, effort_name="Vinnande insats")
    bring_to_phase(prize_year, JuryPhase.DECIDED)
    mark_decision_checked(prize_year)
    run_action(administrator_client, "announce_winner", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert prize_year.announced_at is not None
    assert (
        "Vinnande insats"
        in client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    )


def test_deadlines_out_of_order_refused_in_the_form(administrator_client, prize_year):
    response = administrator_client.post(
        reverse("admin:nominations_prizeyear_change", args=[prize_year.pk]),
        {
            "prize": trygghetspriset().pk,
            "year": 2030,
            "theme": prize_year.theme,
            "description": "",
            "prize_amount": 50000,
            "case_number": "",
            "opens_at_0": "2030-06-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2030-09-02",
            "closes_at_1": "00:00:00",
            "scoring_deadline": "2030-10-10",
            "vote_deadline": "2030-10-01",
            "historical_winner": "",
            **criteria_post_data(prize_year),
        },
    )
    prize_year.refresh_from_db()
    assert prize_year.vote_deadline is None
    assert "Sista dagen för omröstningen kan inte komma före" in response.content.decode()


def test_new_year_window_needs_the_window_permission(client, db):
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_prizeyear", "view_prizeyear"])
    )
    log_in_verified(client, clerk)
    client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Nytt tema",
            "prize_amount": 50000,
            "opens_at_0": "2026-01-01",
            "opens_at_1": "00:00:00",
            "closes_at_0": "2040-01-01",
            "closes_at_1": "00:00:00",
        },
    )
    created = PrizeYear.objects.get(year=2031)
    assert created.opens_at is None and created.closes_at is None


def test_copied_window_keeps_stockholm_wall_clock_across_daylight_saving(administrator_client, db):
    # 30 March 2030 is winter time; 30 March 2031 is already summer time.
    make_prize_year(
        opens_at=datetime(2030, 3, 30, 12, 0, tzinfo=STOCKHOLM),
        closes_at=datetime(2030, 9, 2, tzinfo=STOCKHOLM),
    )
    form = (
        administrator_client.get(reverse("admin:nominations_prizeyear_add"))
        .context["adminform"]
        .form
    )
    opens = form.initial["opens_at"].astimezone(STOCKHOLM)
    assert (opens.year, opens.month, opens.day, opens.hour) == (2031, 3, 30, 12)


# The committee's orientation: the criteria, editable until the window opens


BEFORE_OPENING = OPENS_AT - timedelta(days=1)


def change_form_data(prize_year: PrizeYear, criteria_changes: dict | None = None) -> dict:
    """The prize year's change form as the browser sends it, the criteria as they are."""
    return {
        "year": prize_year.year,
        "theme": prize_year.theme,
        "description": prize_year.description,
        "prize_amount": prize_year.prize_amount,
        "opens_at_0": "2030-06-01",
        "opens_at_1": "00:00:00",
        "closes_at_0": "2030-09-02",
        "closes_at_1": "00:00:00",
        **year_setup_post(prize_year.year),
        **criteria_post_data(prize_year, criteria_changes),
    }


def change_url(prize_year: PrizeYear) -> str:
    return reverse("admin:nominations_prizeyear_change", args=[prize_year.pk])


def test_criteria_changed_in_admin_while_the_year_is_in_preparation(
    administrator_client, prize_year
):
    data = change_form_data(prize_year, {"innovation": {"question": "Vad är nytt i insatsen?"}})
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        administrator_client.post(change_url(prize_year), data)
    assert prize_year.criteria.get(key="innovation").question == "Vad är nytt i insatsen?"
    assert AuditEntry.objects.filter(action=AuditAction.CRITERIA_CHANGED).count() == 1


def test_criteria_scale_edited_in_admin_one_label_per_line(administrator_client, prize_year):
    scale = "inget\nlite\nen del\nmycket\nallt"
    data = change_form_data(prize_year, {"results": {"scale": scale}})
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        administrator_client.post(change_url(prize_year), data)
    assert prize_year.criteria.get(key="results").scale == scale.split("\n")


def test_criteria_with_one_assessment_criterion_refused_in_admin(administrator_client, prize_year):
    data = change_form_data(prize_year)
    for index, criterion in enumerate(prize_year.criteria.all()):
        if criterion.key in ("inspiration", "results"):
            data[f"criteria-{index}-DELETE"] = "on"
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        response = administrator_client.post(change_url(prize_year), data)
    assert prize_year.criteria.count() == 5
    assert "från 2 till 6 bedömningskriterier" in response.content.decode()


def test_criteria_shown_read_only_in_admin_once_the_window_has_opened(
    administrator_client, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        html = administrator_client.get(change_url(prize_year)).content.decode()
    assert 'name="criteria-0-title"' not in html
    assert "På vilket sätt är insatsen innovativ och nyskapande?" in html
    assert "Kriterierna för 2030 är låsta" in html


def test_criteria_post_refused_once_the_window_has_opened(administrator_client, prize_year):
    data = change_form_data(prize_year, {"innovation": {"question": "Vad är nytt i insatsen?"}})
    with time_machine.travel(MIDSUMMER, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        administrator_client.post(change_url(prize_year), data)
    assert prize_year.criteria.get(key="innovation").question == (
        "På vilket sätt är insatsen innovativ och nyskapande?"
    )
    assert not AuditEntry.objects.filter(action=AuditAction.CRITERIA_CHANGED).exists()


def test_criteria_post_adding_a_criterion_refused_once_a_nomination_has_arrived(
    administrator_client, prize_year
):
    from tests.factories import make_nomination

    make_nomination(prize_year)
    data = change_form_data(prize_year)
    data.update(
        {
            "criteria-TOTAL_FORMS": "6",
            "criteria-5-kind": "assessment",
            "criteria-5-position": "4",
            "criteria-5-key": "reach",
            "criteria-5-answer": "text",
            "criteria-5-title": "Når många",
            "criteria-5-explanation": "Insatsen når många.",
            "criteria-5-question": "Hur många når insatsen?",
            "criteria-5-min_answer_length": "0",
            "criteria-5-scale": "1\n2\n3\n4\n5",
        }
    )
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        administrator_client.post(change_url(prize_year), data)
    assert not prize_year.criteria.filter(key="reach").exists()


def test_creating_prize_year_in_admin_copies_the_previous_years_criteria(
    administrator_client, prize_year
):
    administrator_client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Trygghet för äldre",
            "description": "",
            "prize_amount": 50000,
        },
    )
    created = PrizeYear.objects.get(year=2031)
    assert list(created.criteria.values_list("key", "question")) == list(
        prize_year.criteria.values_list("key", "question")
    )


def test_copy_action_gives_the_new_year_the_chosen_years_criteria(administrator_client, prize_year):
    older = PrizeYear.objects.get(year=2023)
    response = run_action(administrator_client, "copy_to_next_year", older)
    administrator_client.post(
        response["Location"],
        {
            "prize": older.prize_id,
            "year": 2024,
            "theme": older.theme,
            "description": "",
            "prize_amount": 50000,
        },
    )
    created = PrizeYear.objects.get(year=2024)
    assert list(created.criteria.values_list("key", "explanation")) == list(
        older.criteria.values_list("key", "explanation")
    )


# Every step says up front whether it can be taken (issue 19, finding 4)


def test_open_action_says_up_front_what_the_year_lacks(administrator_client, db):
    year = make_prize_year(year=2031, opens_at=None, closes_at=None, case_number="")
    response = run_action(administrator_client, "open_nominations_now", year)
    page = response.content.decode()
    assert "Det här steget går inte att ta nu" in page
    assert "Ange årets eget diarienummer" in page
    assert 'name="closes_at"' not in page
    assert reverse("admin:nominations_prizeyear_change", args=[year.pk]) in page
    year.refresh_from_db()
    assert year.opens_at is None


def test_open_action_says_up_front_when_nominations_are_already_open(
    administrator_client, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = run_action(administrator_client, "open_nominations_now", prize_year)
    page = response.content.decode()
    assert "Nomineringen för 2030 är redan öppen" in page
    assert 'name="closes_at"' not in page


def test_open_action_warns_that_the_english_texts_are_empty(administrator_client, db):
    year = make_prize_year(year=2031, opens_at=None, closes_at=None, theme_en="")
    response = run_action(administrator_client, "open_nominations_now", year)
    page = response.content.decode()
    assert "De engelska texterna saknas för temat" in page
    assert 'name="closes_at"' in page


def test_reopen_action_says_up_front_that_scoring_has_not_closed(administrator_client, prize_year):
    response = run_action(administrator_client, "reopen_jury_scoring", prize_year)
    page = response.content.decode()
    assert "Det här steget går inte att ta nu" in page
    assert "Ja, öppna bedömningen igen" not in page


def test_close_action_names_the_announced_closing_and_the_private_links(
    administrator_client, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = run_action(administrator_client, "close_nominations_now", prize_year)
    page = response.content.decode()
    assert "1 september 2030 kl. 23:59" in page
    assert "personliga länkarna" in page and "slutar fungera direkt" in page


def test_open_scoring_action_without_deadlines_asks_for_a_reason(administrator_client, prize_year):
    from tests.factories import make_eligible_nomination

    make_eligible_nomination(prize_year)
    close_window(prize_year)
    response = run_action(administrator_client, "open_jury_scoring", prize_year)
    page = response.content.decode()
    assert "inga påminnelser går ut" in page
    assert 'name="without_deadlines_because"' in page
    response = run_action(administrator_client, "open_jury_scoring", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == "preparation"


def test_open_scoring_action_with_a_reason_opens_without_deadlines(
    administrator_client, prize_year
):
    from tests.factories import make_eligible_nomination

    make_eligible_nomination(prize_year)
    close_window(prize_year)
    run_action(
        administrator_client,
        "open_jury_scoring",
        prize_year,
        confirm="yes",
        without_deadlines_because="Juryn bedömer allt på ett möte.",
    )
    prize_year.refresh_from_db()
    assert prize_year.jury_phase == "scoring"
    assert "Juryn bedömer allt på ett möte." in AuditEntry.objects.get().summary


def test_prize_year_list_shows_historic_years_as_finished(administrator_client, prize_year):
    response = administrator_client.get(CHANGELIST)
    rows = {
        re.search(r'class="field-year"><a [^>]*>(\d+)<', row).group(1): row
        for row in response.content.decode().split("<tr")[1:]
        if "field-year" in row
    }
    assert "avslutat: priset är utdelat" in rows["2022"]
    assert "avslutat: konferensen är hållen" in rows["2023"]
    assert "förberedelse" in rows["2030"]


def test_committee_decisions_saved_from_the_admin_form(administrator_client, db):
    administrator_client.post(
        reverse("admin:nominations_prizeyear_add"),
        {
            "prize": trygghetspriset().pk,
            "year": 2031,
            "theme": "Trygghet för äldre",
            "prize_amount": 50000,
            **year_setup_post(2031),
            "orientation_paragraph": "§ 14",
        },
    )
    year = PrizeYear.objects.get(year=2031)
    assert (year.orientation_approved_by, year.orientation_paragraph) == ("Socialnämnden", "§ 14")
    assert year.mandate.startswith("Kommunstyrelsens beslut")


def test_prize_year_list_shows_a_midnight_closing_as_the_last_minute(
    administrator_client, prize_year
):
    html = administrator_client.get(CHANGELIST).content.decode()
    change = reverse("admin:nominations_prizeyear_change", args=[prize_year.pk])
    row = html.split(f'href="{change}">2030')[1].split("</tr>")[0]
    assert "1 september 2030 23:59" in row
    assert "2 september 2030 00:00" not in row


def test_criteria_read_only_show_the_scale_as_numbered_steps_not_json(
    administrator_client, prize_year
):
    with time_machine.travel(MIDSUMMER, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        html = administrator_client.get(change_url(prize_year)).content.decode()
    results = prize_year.criteria.get(key="results")
    assert f"1 – {results.scale[0]}<br>2 – {results.scale[1]}" in html
    assert "[&quot;" not in html and '["' not in html


def test_committee_decisions_entered_in_the_admin_are_audited(administrator_client, prize_year):
    from nominations.models import AuditAction, AuditEntry

    administrator_client.post(
        reverse("admin:nominations_prizeyear_change", args=[prize_year.pk]),
        {**change_form_data(prize_year), "orientation_paragraph": "§ 14"},
    )
    entry = AuditEntry.objects.get(action=AuditAction.COMMITTEE_DECISIONS)
    assert entry.summary == "Registrerade nämndens beslut för 2030: paragraf för godkännandet."
    assert entry.changes == {
        "before": {"orientation_paragraph": "§ 12"},
        "after": {"orientation_paragraph": "§ 14"},
    }


def test_administration_announces_a_year_not_awarded(administrator_client, prize_year, chair):
    from jury import phases
    from tests.factories import make_eligible_nomination

    make_eligible_nomination(prize_year, effort_name="Insats utan pris")
    bring_to_phase(prize_year, JuryPhase.VOTING)
    reason = "Ingen insats motsvarade i år prisets syfte fullt ut."
    phases.decide(prize_year=prize_year, motivation="", not_awarded_reason=reason, by=chair)
    mark_decision_checked(prize_year)
    confirm = run_action(administrator_client, "announce_winner", prize_year).content.decode()
    response = run_action(administrator_client, "announce_winner", prize_year, confirm="yes")
    prize_year.refresh_from_db()
    assert "visar sidan om tidigare år att priset inte delas ut i år" in confirm
    assert prize_year.announced_at is not None
    assert (
        "priset för 2030 inte delas ut"
        in administrator_client.get(response["Location"]).content.decode()
    )


def categories_post_data(*names: str) -> dict:
    """The categories inline of the year's change form, with new categories."""
    data = {
        "categories-TOTAL_FORMS": str(len(names)),
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
    }
    for index, name in enumerate(names):
        data[f"categories-{index}-name"] = name
        data[f"categories-{index}-position"] = str(index)
    return data


def test_categories_added_in_admin_are_saved_and_audited(administrator_client, prize_year):
    data = {**change_form_data(prize_year), **categories_post_data("Musik", "Litteratur")}
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        administrator_client.post(change_url(prize_year), data)
    assert [c.name for c in prize_year.categories.all()] == ["Musik", "Litteratur"]
    assert AuditEntry.objects.filter(action=AuditAction.CATEGORIES_CHANGED).count() == 1


def test_one_category_refused_in_admin_with_the_reason(administrator_client, prize_year):
    data = {**change_form_data(prize_year), **categories_post_data("Musik")}
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(administrator_client, administrator_client.user)
        response = administrator_client.post(change_url(prize_year), data, follow=True)
    assert not prize_year.categories.exists()
    assert "Kategorierna sparades inte" in response.content.decode()


def test_categories_not_offered_to_staff_without_permission(
    client, staff_without_permission, prize_year
):
    with time_machine.travel(BEFORE_OPENING, tick=False):
        log_in_verified(client, staff_without_permission)
        client.post(
            change_url(prize_year),
            {**change_form_data(prize_year), **categories_post_data("Musik", "Litteratur")},
        )
    assert not prize_year.categories.exists()
