"""Edge cases found in review: each test names the rule it keeps."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from jury import appointments, phases, scoring, voting
from jury.models import ConflictDeclaration, JuryMembership, Score, Vote
from nominations.models import JuryPhase, Nomination, PrizeYear
from nominations.screening import (
    ScreeningError,
    group_as_one_effort,
    screen_nomination,
    separate_nomination,
)
from nominations.submission import WindowClosed, submit_nomination
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    STOCKHOLM,
    log_in_verified,
    make_eligible_nomination,
    make_juror,
    make_nomination,
    make_prize_year,
    make_user,
    nomination_post_data,
)

MIDSUMMER = OPENS_AT + timedelta(days=20)


def member(user) -> JuryMembership:
    return JuryMembership.objects.get(user=user)


def test_chair_cannot_break_a_tie_for_an_effort_they_are_disqualified_from(
    prize_year, chair, juror
):
    first = make_eligible_nomination(prize_year, effort_name="Första").effort
    second = make_eligible_nomination(prize_year, effort_name="Andra").effort
    scoring.declare_conflict(membership=member(chair), effort=first, reason="Styrelseledamot där.")
    prize_year.jury_phase = JuryPhase.DELIBERATION
    prize_year.save()
    phases.open_vote(prize_year=prize_year, efforts=[first, second], by=chair)
    voting.cast_vote(membership=member(juror), effort=first)
    voting.cast_vote(membership=member(make_juror(prize_year, "third")), effort=second)
    with pytest.raises(scoring.JuryError):
        phases.decide(prize_year=prize_year, motivation="M.", by=chair, casting_vote=first)
    decision = phases.decide(prize_year=prize_year, motivation="M.", by=chair, casting_vote=second)
    assert decision.effort == second


def test_contact_details_hidden_from_staff_who_may_only_view_nominations(client, prize_year):
    from django.contrib.auth.models import Permission

    clerk = make_user("clerk", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename="view_nomination"))
    nomination = make_nomination(prize_year, nominator_email="dold@example.se")
    log_in_verified(client, clerk)
    html = client.get(reverse("admin:nominations_nomination_change", args=[nomination.pk]))
    assert nomination.effort_name in html.content.decode()
    assert "dold@example.se" not in html.content.decode()


def test_contact_details_shown_to_the_administration(administrator_client, prize_year):
    nomination = make_nomination(prize_year, nominator_email="synlig@example.se")
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    assert "synlig@example.se" in administrator_client.get(url).content.decode()


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


def test_current_year_is_the_open_one_even_when_next_year_exists(db):
    open_year = make_prize_year()
    make_prize_year(
        year=2031, opens_at=OPENS_AT.replace(year=2031), closes_at=CLOSES_AT.replace(year=2031)
    )
    assert PrizeYear.objects.current(MIDSUMMER) == open_year
    assert PrizeYear.objects.current(CLOSES_AT).year == 2031


def test_screening_cannot_change_once_the_vote_is_open(prize_year, administrator):
    nomination = make_eligible_nomination(prize_year)
    prize_year.jury_phase = JuryPhase.VOTING
    prize_year.save()
    with pytest.raises(ScreeningError):
        screen_nomination(
            nomination=nomination,
            collaboration="failed",
            collaboration_reason="Bara en aktör.",
            added_value="passed",
            added_value_reason="",
            by=administrator,
        )
    nomination.refresh_from_db()
    assert nomination.is_eligible


def test_admin_screening_fields_are_read_only_once_the_vote_is_open(
    administrator_client, prize_year
):
    nomination = make_eligible_nomination(prize_year)
    prize_year.jury_phase = JuryPhase.VOTING
    prize_year.save()
    url = reverse("admin:nominations_nomination_change", args=[nomination.pk])
    administrator_client.post(url, {"collaboration_status": "failed", "collaboration_reason": "X."})
    nomination.refresh_from_db()
    assert nomination.is_eligible


def test_grouping_carries_conflicts_to_the_whole_group(prize_year, administrator, juror):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    scoring.declare_conflict(membership=member(juror), effort=second.effort, reason="Anställd där.")
    effort = group_as_one_effort(nominations=[first, second], by=administrator)
    assert list(ConflictDeclaration.objects.values_list("effort", "reason")) == [
        (effort.pk, "Anställd där.")
    ]


def test_separating_keeps_the_groups_conflicts(prize_year, administrator, juror):
    first, second = make_nomination(prize_year), make_nomination(prize_year)
    effort = group_as_one_effort(nominations=[first, second], by=administrator)
    scoring.declare_conflict(membership=member(juror), effort=effort, reason="Anställd där.")
    separated = separate_nomination(nomination=second, by=administrator)
    assert ConflictDeclaration.objects.filter(juror=juror, effort=separated).exists()
    assert ConflictDeclaration.objects.filter(juror=juror, effort=effort).exists()


def test_removed_juror_who_scored_is_ended_not_deleted(prize_year, administrator, juror):
    effort = make_eligible_nomination(prize_year).effort
    prize_year.jury_phase = JuryPhase.SCORING
    prize_year.save()
    scoring.save_score(
        membership=member(juror), effort=effort, innovation=5, inspiration=5, results=5, comment=""
    )
    appointments.remove(membership=member(juror), by=administrator)
    # The score is a record of how the decision was made (arkivlagen).
    assert Score.objects.filter(juror=juror).count() == 1
    assert JuryMembership.objects.get().ended_at is not None
    assert not JuryMembership.objects.active().exists()


def test_jury_of_a_decided_year_cannot_change(prize_year, administrator, juror, chair):
    effort = make_eligible_nomination(prize_year).effort
    prize_year.jury_phase = JuryPhase.DELIBERATION
    prize_year.save()
    phases.open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    voting.cast_vote(membership=member(juror), effort=effort)
    phases.decide(prize_year=prize_year, motivation="Motivering.", by=chair)
    with pytest.raises(appointments.AppointmentError):
        appointments.remove(membership=member(juror), by=administrator)
    assert Vote.objects.count() == 1 and JuryMembership.objects.count() == 2


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
    import time_machine

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


def test_closing_mid_day_shows_the_real_closing_time(client, db):
    import time_machine

    make_prize_year(closes_at=datetime(2030, 8, 15, 14, 3, 27, tzinfo=STOCKHOLM))
    with time_machine.travel(datetime(2030, 8, 16, tzinfo=STOCKHOLM), tick=False):
        html = client.get("/").content.decode()
    assert "15 augusti 2030 kl. 14:03" in html


def test_new_juror_whose_address_is_taken_as_username_gets_another(db):
    make_user("karin@example.se", email="annan@example.se")
    user = appointments.find_or_create_user(
        email="karin@example.se", first_name="Karin", last_name="Lind"
    )
    assert user.username == "karin@example.se-2"
    assert user.email == "karin@example.se"
