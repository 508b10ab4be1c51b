from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from jury.appointments import (
    AppointmentError,
    appoint,
    end_appointment,
    find_or_create_user,
    remove,
)
from jury.conflicts import declare_conflict
from jury.models import ConflictDeclaration, JuryMembership, JuryRole, Score, Vote
from jury.phases import decide, open_vote
from jury.scoring import save_score
from jury.voting import cast_vote, tally
from nominations.models import AuditAction, AuditEntry, JuryPhase, MailKind, OutgoingMail, PrizeYear
from tests.factories import log_in_verified, make_eligible_nomination, make_juror, make_user
from tests.mail_queue import send_queued_mail
from tests.phases import bring_to_phase

ADD = reverse("admin:jury_jurymembership_add")


def commissioner():
    """The social commissioner, who appoints the jury (not yet on it in these tests)."""
    user = get_user_model().objects.filter(username="sbr").first()
    return user or make_user("sbr", first_name="Sara", last_name="Socialborgarråd")


def appointment_post(prize_year, **overrides) -> dict:
    data = {
        "prize_year": prize_year.pk,
        "role": JuryRole.MEMBER,
        "user": "",
        "first_name": "Karin",
        "last_name": "Lind",
        "email": "karin.lind@example.se",
        "decided_by": commissioner().pk,
        "decided_on": "2030-05-30",
        "decision_reference": "",
        "ends_on": "",
    }
    data.update(overrides)
    return data


def test_appointing_new_member_creates_account_without_password(administrator_client, prize_year):
    administrator_client.post(ADD, appointment_post(prize_year))
    membership = JuryMembership.objects.get()
    user = membership.user
    assert (user.first_name, user.last_name, user.email) == (
        "Karin",
        "Lind",
        "karin.lind@example.se",
    )
    assert not user.has_usable_password()
    assert not user.is_staff


def test_appointing_new_member_mails_a_link_to_choose_password(administrator_client, prize_year):
    administrator_client.post(ADD, appointment_post(prize_year))
    send_queued_mail()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin.lind@example.se"]
    assert "/konto/losenord/" in message.body
    assert "Trygghetspriset 2030" in message.subject


def test_appointing_queues_the_invitation_with_the_appointment(administrator_client, prize_year):
    administrator_client.post(ADD, appointment_post(prize_year))
    queued = OutgoingMail.objects.get()
    assert (queued.kind, queued.recipients) == (MailKind.INVITATION, ["karin.lind@example.se"])
    assert JuryMembership.objects.get().user.email == "karin.lind@example.se"
    assert mail.outbox == []


def test_invitation_link_lets_new_member_choose_password(administrator_client, prize_year, client):
    administrator_client.post(ADD, appointment_post(prize_year))
    send_queued_mail()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/losenord/" in line)
    path = link[link.index("/konto/") :].strip()
    response = client.get(path, follow=True)
    set_url = response.redirect_chain[-1][0]
    client.post(
        set_url, {"new_password1": "Stockholm-jury-2030", "new_password2": "Stockholm-jury-2030"}
    )
    user = get_user_model().objects.get(email="karin.lind@example.se")
    assert user.check_password("Stockholm-jury-2030")


def test_appointing_links_an_existing_account_by_email(administrator_client, prize_year):
    existing = make_user("karin", email="Karin.Lind@example.se")
    administrator_client.post(ADD, appointment_post(prize_year))
    assert JuryMembership.objects.get().user == existing
    assert get_user_model().objects.filter(email__iexact="karin.lind@example.se").count() == 1


def test_appointing_chosen_existing_account(administrator_client, prize_year):
    existing = make_user("olle")
    administrator_client.post(
        ADD, appointment_post(prize_year, user=existing.pk, first_name="", last_name="", email="")
    )
    assert JuryMembership.objects.get().user == existing


def test_appointing_without_account_or_name_refused(administrator_client, prize_year):
    response = administrator_client.post(ADD, appointment_post(prize_year, first_name="", email=""))
    assert not JuryMembership.objects.exists()
    assert "Välj ett befintligt konto" in response.content.decode()


def test_appointing_second_chair_refused(administrator_client, prize_year):
    make_juror(prize_year, "chair", role=JuryRole.CHAIR)
    response = administrator_client.post(ADD, appointment_post(prize_year, role=JuryRole.CHAIR))
    assert JuryMembership.objects.filter(role=JuryRole.CHAIR).count() == 1
    assert "har redan en ordförande" in response.content.decode()


def test_second_chair_refused_by_database(prize_year):
    make_juror(prize_year, "chair", role=JuryRole.CHAIR)
    other = make_user("other")
    with pytest.raises(IntegrityError), transaction.atomic():
        JuryMembership.objects.create(
            user=other, prize_year=prize_year, role=JuryRole.CHAIR, ends_on=date(2030, 12, 31)
        )


def test_appointing_same_person_twice_refused(prize_year, administrator):
    juror = make_juror(prize_year)
    with pytest.raises(AppointmentError):
        appoint(prize_year=prize_year, user=juror, role=JuryRole.MEMBER, by=administrator)
    assert JuryMembership.objects.count() == 1


def test_appointment_is_audited(prize_year, administrator):
    user = make_user("olle", first_name="Olle", last_name="Berg")
    appoint(
        prize_year=prize_year,
        user=user,
        role=JuryRole.MEMBER,
        by=administrator,
        decided_by=commissioner(),
    )
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.JURY_APPOINTED
    assert "Olle Berg" in entry.summary
    assert entry.actor == administrator


def test_removing_juror_who_did_nothing_deletes_the_appointment(prize_year, administrator):
    make_juror(prize_year)
    assert remove(membership=JuryMembership.objects.get(), by=administrator) is None
    assert not JuryMembership.objects.exists()
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.JURY_REMOVED
    assert "Juror Jurysson" in entry.summary


def test_changing_appointment_in_admin_is_audited(administrator_client, prize_year):
    make_juror(prize_year)
    membership = JuryMembership.objects.get()
    administrator_client.post(
        reverse("admin:jury_jurymembership_change", args=[membership.pk]),
        {"role": JuryRole.CHAIR, "ends_on": "2030-11-30"},
    )
    membership.refresh_from_db()
    assert membership.role == JuryRole.CHAIR
    assert membership.ends_on == date(2030, 11, 30)
    assert AuditEntry.objects.get().action == AuditAction.JURY_CHANGED


def test_membership_ends_with_its_year(prize_year):
    make_juror(prize_year)
    assert JuryMembership.objects.active(on=date(2030, 12, 31)).count() == 1
    assert JuryMembership.objects.active(on=date(2031, 1, 1)).count() == 0


# Ending an appointment: what the juror did stays in the record (arkivlagen)


def scoring_year(prize_year):
    return bring_to_phase(prize_year, JuryPhase.SCORING)


def membership_of(user) -> JuryMembership:
    return JuryMembership.objects.get(user=user)


def scored(prize_year, user):
    effort = make_eligible_nomination(prize_year).effort
    scoring_year(prize_year)
    save_score(
        membership=membership_of(user),
        effort=effort,
        values={"innovation": 4, "inspiration": 3, "results": 5},
        comment="Bra.",
    )
    return effort


def test_removing_juror_who_scored_ends_the_appointment_and_keeps_the_score(
    prize_year, administrator, juror
):
    scored(prize_year, juror)
    ended = remove(membership=membership_of(juror), by=administrator)
    assert ended.ended_at is not None and ended.ended_by == administrator
    assert Score.objects.get(juror=juror).comment == "Bra."
    assert JuryMembership.objects.count() == 1
    assert not JuryMembership.objects.active().exists()


def test_removing_juror_who_voted_keeps_the_vote(prize_year, administrator, juror, chair):
    effort = make_eligible_nomination(prize_year).effort
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    cast_vote(membership=membership_of(juror), effort=effort)
    remove(membership=membership_of(juror), by=administrator)
    assert Vote.objects.get().juror == juror
    assert membership_of(juror).ended_at is not None
    # The vote stays in the record, but a juror who has left is not counted.
    assert tally(prize_year=prize_year) == [(effort, 0)]


def test_removing_juror_who_declared_a_conflict_keeps_the_declaration(
    prize_year, administrator, juror
):
    effort = make_eligible_nomination(prize_year).effort
    declare_conflict(membership=membership_of(juror), effort=effort, reason="Min granne.")
    remove(membership=membership_of(juror), by=administrator)
    assert ConflictDeclaration.objects.get().reason == "Min granne."
    assert membership_of(juror).ended_at is not None


def test_ending_an_appointment_is_audited_with_what_stays(prize_year, administrator, juror):
    scored(prize_year, juror)
    end_appointment(membership=membership_of(juror), by=administrator)
    entry = AuditEntry.objects.get(action=AuditAction.JURY_ENDED)
    assert entry.actor == administrator
    assert entry.summary == (
        "Avslutade uppdraget för Juror Jurysson i 2030 års jury. Det hen gjorde finns kvar "
        "i handlingarna (betyg: 1, jäv: 0, röster och reservationer: 0)."
    )
    assert entry.changes["scores"] == 1


def test_ended_juror_no_longer_reaches_the_jury_pages(client, prize_year, administrator, juror):
    scored(prize_year, juror)
    end_appointment(membership=membership_of(juror), by=administrator)
    log_in_verified(client, juror)
    response = client.get(reverse("jury:dashboard", args=[prize_year.year]))
    assert response.status_code == 404
    assert Score.objects.filter(juror=juror).exists()


def test_ending_twice_refused(prize_year, administrator, juror):
    end_appointment(membership=membership_of(juror), by=administrator)
    with pytest.raises(AppointmentError):
        end_appointment(membership=membership_of(juror), by=administrator)
    assert AuditEntry.objects.filter(action=AuditAction.JURY_ENDED).count() == 1


# Ending in the admin

CHANGELIST = reverse("admin:jury_jurymembership_changelist")


def end_url(membership) -> str:
    return reverse("admin:jury_jurymembership_end", args=[membership.pk])


def test_admin_delete_of_acting_juror_offers_to_end_instead(
    administrator_client, prize_year, juror
):
    scored(prize_year, juror)
    membership = membership_of(juror)
    delete = reverse("admin:jury_jurymembership_delete", args=[membership.pk])
    response = administrator_client.get(delete, follow=True)
    assert response.redirect_chain[-1][0] == end_url(membership)
    html = response.content.decode()
    assert "Vill du avsluta uppdraget?" in html
    assert "Ja, avsluta uppdraget" in html
    administrator_client.post(delete, {"post": "yes"})
    assert membership_of(juror).ended_at is None
    assert Score.objects.filter(juror=juror).exists()


def test_admin_change_page_of_acting_juror_offers_end_not_delete(
    administrator_client, prize_year, juror
):
    scored(prize_year, juror)
    membership = membership_of(juror)
    html = administrator_client.get(
        reverse("admin:jury_jurymembership_change", args=[membership.pk])
    ).content.decode()
    assert end_url(membership) in html
    assert reverse("admin:jury_jurymembership_delete", args=[membership.pk]) not in html


def test_admin_end_confirmed_ends_and_keeps_the_scores(
    administrator_client, administrator, prize_year, juror
):
    scored(prize_year, juror)
    membership = membership_of(juror)
    response = administrator_client.post(end_url(membership), follow=True)
    membership.refresh_from_db()
    assert membership.ended_by == administrator
    assert Score.objects.filter(juror=juror).count() == 1
    assert "Uppdraget för Juror Jurysson har avslutats" in response.content.decode()


def test_admin_end_action_ends_every_selected_appointment(administrator_client, prize_year, juror):
    make_juror(prize_year, "other")
    response = administrator_client.post(
        CHANGELIST,
        {
            "action": "end_appointments",
            "_selected_action": [m.pk for m in JuryMembership.objects.all()],
        },
    )
    assert "Ja, avsluta uppdraget" in response.content.decode()
    assert not JuryMembership.objects.exclude(ended_at=None).exists()
    administrator_client.post(
        CHANGELIST,
        {
            "action": "end_appointments",
            "confirm": "yes",
            "_selected_action": [m.pk for m in JuryMembership.objects.all()],
        },
    )
    assert JuryMembership.objects.filter(ended_at=None).count() == 0
    assert AuditEntry.objects.filter(action=AuditAction.JURY_ENDED).count() == 2


def test_admin_bulk_delete_with_acting_juror_deletes_nobody(
    administrator_client, prize_year, juror
):
    scored(prize_year, juror)
    make_juror(prize_year, "idle")
    audited = AuditEntry.objects.count()  # the steps that brought the year to scoring
    selected = [m.pk for m in JuryMembership.objects.all()]
    response = administrator_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )
    html = response.content.decode()
    assert JuryMembership.objects.count() == 2
    assert "Juror Jurysson har satt betyg, anmält jäv eller röstat" in html
    assert "Avsluta uppdraget" in html
    assert AuditEntry.objects.count() == audited


def test_admin_delete_of_juror_who_did_nothing_deletes(administrator_client, prize_year, juror):
    membership = membership_of(juror)
    administrator_client.post(
        reverse("admin:jury_jurymembership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert not JuryMembership.objects.exists()
    assert AuditEntry.objects.get().action == AuditAction.JURY_REMOVED


def test_admin_end_refused_to_staff_without_permission(
    client, staff_without_permission, prize_year, juror
):
    log_in_verified(client, staff_without_permission)
    response = client.post(end_url(membership_of(juror)))
    assert response.status_code == 403
    assert membership_of(juror).ended_at is None
    assert not AuditEntry.objects.exists()


def test_admin_end_refused_to_outsider(client, outsider, prize_year, juror):
    log_in_verified(client, outsider)
    response = client.post(end_url(membership_of(juror)))
    assert response["Location"].startswith(reverse("admin:login"))
    assert membership_of(juror).ended_at is None


def test_admin_end_refused_once_the_winner_is_decided(
    administrator_client, prize_year, juror, chair
):
    effort = make_eligible_nomination(prize_year).effort
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    cast_vote(membership=membership_of(juror), effort=effort)
    cast_vote(membership=membership_of(chair), effort=effort)
    decide(prize_year=prize_year, motivation="Motivering.", by=chair)
    response = administrator_client.post(end_url(membership_of(juror)), follow=True)
    assert membership_of(juror).ended_at is None
    assert "är beslutad" in response.content.decode()


def test_invitation_explains_how_to_log_in(administrator, prize_year):
    from django.core import mail

    from jury import appointments

    user = appointments.find_or_create_user(
        email="ny.ledamot@example.se", first_name="Ny", last_name="Ledamot"
    )
    membership = appointments.appoint(
        prize_year=prize_year, user=user, role="member", by=administrator, decided_by=commissioner()
    )
    appointments.send_invitation(membership=membership)
    send_queued_mail()
    body = mail.outbox[0].body
    assert "användarnamnet ny.ledamot@example.se" in body
    assert "autentiseringsapp" in body and "Microsoft Authenticator" in body
    assert "/jury/" in body


def test_removed_juror_who_scored_is_ended_not_deleted(prize_year, administrator, juror):
    effort = make_eligible_nomination(prize_year).effort
    bring_to_phase(prize_year, JuryPhase.SCORING)
    save_score(
        membership=membership_of(juror),
        effort=effort,
        values={"innovation": 5, "inspiration": 5, "results": 5},
        comment="",
    )
    remove(membership=membership_of(juror), by=administrator)
    # The score is a record of how the decision was made (arkivlagen).
    assert Score.objects.filter(juror=juror).count() == 1
    assert JuryMembership.objects.get().ended_at is not None
    assert not JuryMembership.objects.active().exists()


def test_jury_of_a_decided_year_cannot_change(prize_year, administrator, juror, chair):
    effort = make_eligible_nomination(prize_year).effort
    bring_to_phase(prize_year, JuryPhase.DELIBERATION)
    open_vote(prize_year=prize_year, efforts=[effort], by=chair)
    cast_vote(membership=membership_of(juror), effort=effort)
    cast_vote(membership=membership_of(chair), effort=effort)
    decide(prize_year=prize_year, motivation="Motivering.", by=chair)
    with pytest.raises(AppointmentError):
        remove(membership=membership_of(juror), by=administrator)
    assert Vote.objects.count() == 2 and JuryMembership.objects.count() == 2


def test_new_juror_whose_address_is_taken_as_username_gets_another(db):
    make_user("karin@example.se", email="annan@example.se")
    user = find_or_create_user(email="karin@example.se", first_name="Karin", last_name="Lind")
    assert user.username == "karin@example.se-2"
    assert user.email == "karin@example.se"


# Appointments by the one who appoints (issue 19, findings 2 and 5)


def test_appointment_is_decided_by_the_chair_by_default(prize_year, administrator):
    chair = make_juror(prize_year, "chair", role=JuryRole.CHAIR)
    user = make_user("olle", first_name="Olle", last_name="Berg")
    membership = appoint(prize_year=prize_year, user=user, role=JuryRole.MEMBER, by=administrator)
    assert (membership.decided_by, membership.appointed_by) == (chair, administrator)


def test_appointment_audit_names_the_chair_who_decided_and_the_clerk_who_entered(
    prize_year, administrator
):
    make_juror(prize_year, "sara", role=JuryRole.CHAIR)
    user = make_user("olle", first_name="Olle", last_name="Berg")
    appoint(
        prize_year=prize_year,
        user=user,
        role=JuryRole.MEMBER,
        by=administrator,
        decided_on=date(2030, 5, 30),
        decision_reference="SN 2030/0102-3",
    )
    entry = AuditEntry.objects.get(action=AuditAction.JURY_APPOINTED)
    assert entry.actor == administrator
    assert entry.summary == (
        "Registrerade att Sara Jurysson den 30 maj 2030 utsåg Olle Berg till ledamot i juryn "
        "för 2030, till och med 31 december 2030. Referens: SN 2030/0102-3."
    )


def test_member_appointment_refused_without_chair_or_decider(prize_year, administrator):
    user = make_user("olle")
    with pytest.raises(AppointmentError, match="ingen ordförande"):
        appoint(prize_year=prize_year, user=user, role=JuryRole.MEMBER, by=administrator)
    assert not JuryMembership.objects.exists()


def test_member_appointment_in_the_admin_without_chair_or_decider_says_why(
    administrator_client, prize_year
):
    response = administrator_client.post(ADD, appointment_post(prize_year, decided_by=""))
    assert not JuryMembership.objects.exists()
    assert "Utse ordföranden först" in response.content.decode()


def test_chair_appointment_is_decided_by_the_commissioner_themself(prize_year, administrator):
    chair = make_user("sara", first_name="Sara", last_name="Socialborgarråd")
    membership = appoint(prize_year=prize_year, user=chair, role=JuryRole.CHAIR, by=administrator)
    assert membership.decided_by == chair


def test_appointment_in_the_admin_records_who_decided_when_and_the_reference(
    administrator_client, administrator, prize_year
):
    administrator_client.post(ADD, appointment_post(prize_year, decision_reference="Brev 12"))
    membership = JuryMembership.objects.get()
    assert (membership.decided_by, membership.decided_on, membership.decision_reference) == (
        commissioner(),
        date(2030, 5, 30),
        "Brev 12",
    )
    assert membership.appointed_by == administrator


def test_default_end_is_the_day_after_the_conference(prize_year, administrator):
    PrizeYear.objects.filter(pk=prize_year.pk).update(conference_date=date(2031, 3, 12))
    prize_year.refresh_from_db()
    user = make_user("olle")
    membership = appoint(
        prize_year=prize_year,
        user=user,
        role=JuryRole.MEMBER,
        by=administrator,
        decided_by=commissioner(),
    )
    # A spring conference after New Year: the juror is still in office when scoring starts.
    assert membership.ends_on == date(2031, 3, 13)
    assert membership.is_active(on=date(2031, 2, 1))


def test_appointment_ending_before_the_conference_warns(administrator_client, prize_year):
    PrizeYear.objects.filter(pk=prize_year.pk).update(conference_date=date(2030, 10, 26))
    response = administrator_client.post(
        ADD, appointment_post(prize_year, ends_on="2030-10-01"), follow=True
    )
    assert JuryMembership.objects.get().ends_on == date(2030, 10, 1)
    assert "före trygghetskonferensen (26 oktober 2030)" in response.content.decode()


def test_account_choices_show_full_name_and_email_not_user_name(administrator_client, prize_year):
    make_user("kli", first_name="Karin", last_name="Lind", email="karin.lind@example.se")
    page = administrator_client.get(ADD).content.decode()
    assert "Karin Lind &lt;karin.lind@example.se&gt;" in page
    assert ">kli<" not in page


def test_staff_accounts_not_offered_as_jurors_unless_asked(
    administrator_client, administrator, prize_year
):
    page = administrator_client.get(ADD).content.decode()
    user_select = page.split('name="user"')[1].split("</select>")[0]
    assert "Helena Handläggare" not in user_select
    page = administrator_client.get(ADD + "?personal=alla").content.decode()
    user_select = page.split('name="user"')[1].split("</select>")[0]
    assert "Helena Handläggare" in user_select


def test_admin_end_action_says_up_front_that_a_decided_jury_cannot_change(
    administrator_client, prize_year, juror
):
    make_eligible_nomination(prize_year)
    make_juror(prize_year, "chair", role="chair")
    bring_to_phase(prize_year, JuryPhase.DECIDED)
    response = administrator_client.post(
        CHANGELIST,
        {"action": "end_appointments", "_selected_action": [membership_of(juror).pk]},
    )
    page = response.content.decode()
    assert "Det här steget går inte att ta nu" in page
    assert "Ja, avsluta uppdraget" not in page
    assert membership_of(juror).ended_at is None


# The chair's role is named as the prize names the office (Prize.chair_title).


def appointed_chair(prize_year) -> JuryMembership:
    from tests.factories import make_administrator

    membership = appoint(
        prize_year=prize_year, user=commissioner(), role=JuryRole.CHAIR, by=make_administrator()
    )
    return JuryMembership.objects.get(pk=membership.pk)


def test_chair_of_trygghetspriset_is_the_social_commissioner(prize_year):
    chair = appointed_chair(prize_year)
    assert str(chair) == "Sara Socialborgarråd, ordförande (socialborgarrådet), 2030"
    entry = AuditEntry.objects.get(action=AuditAction.JURY_APPOINTED)
    assert "utsåg Sara Socialborgarråd till ordförande (socialborgarrådet) i juryn" in (
        entry.summary
    )


def test_chair_of_another_prize_without_a_title_is_only_the_chair(db):
    from tests.factories import make_prize, make_prize_year

    chair = appointed_chair(make_prize_year(prize=make_prize()))
    assert str(chair) == "Sara Socialborgarråd, ordförande, 2030"
    entry = AuditEntry.objects.get(action=AuditAction.JURY_APPOINTED)
    assert "utsåg Sara Socialborgarråd till ordförande i juryn" in entry.summary


def test_chair_of_another_prize_has_its_own_title(db):
    from tests.factories import make_prize, make_prize_year

    prize = make_prize(
        chair_title="miljöborgarrådet", chair_title_en="the environment commissioner"
    )
    chair = appointed_chair(make_prize_year(prize=prize))
    assert str(chair.get_role_display()) == "ordförande (miljöborgarrådet)"
    with translation.override("en"):
        assert str(chair.get_role_display()) == "chair (the environment commissioner)"


def test_chair_appointed_from_an_english_screen_is_recorded_in_swedish(prize_year):
    with translation.override("en"):
        appointed_chair(prize_year)
    entry = AuditEntry.objects.get(action=AuditAction.JURY_APPOINTED)
    assert "till ordförande (socialborgarrådet) i juryn" in entry.summary


def test_appointment_ending_before_another_prizes_ceremony_names_it(db):
    from tests.factories import make_prize, make_prize_year

    prize_year = make_prize_year(prize=make_prize(), conference_date=date(2030, 11, 20))
    warnings = JuryMembership.early_end_warnings(prize_year, date(2030, 10, 1))
    assert warnings == [
        "Uppdraget slutar 1 oktober 2030, före prisutdelningen (20 november 2030). Efter det "
        "kommer jurymedlemmen inte åt juryns sidor."
    ]


def test_invitation_of_another_prize_names_that_prize_and_its_owner(administrator):
    from django.core import mail

    from jury import appointments
    from tests.factories import kulturpriset, make_prize_year

    prize_year = make_prize_year(prize=kulturpriset())
    user = appointments.find_or_create_user(
        email="kultur.ledamot@example.se", first_name="Kultur", last_name="Ledamot"
    )
    membership = appointments.appoint(
        prize_year=prize_year, user=user, role="member", by=administrator, decided_by=commissioner()
    )
    appointments.send_invitation(membership=membership)
    send_queued_mail()
    message = mail.outbox[0]
    assert f"i juryn för Kulturpriset {prize_year.year}" in message.body
    assert "Kulturförvaltningen, Stockholms stad" in message.body
    assert "Trygghetspriset" not in message.body + message.subject
