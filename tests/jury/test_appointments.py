from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from jury.appointments import AppointmentError, appoint, remove
from jury.models import JuryMembership, JuryRole
from nominations.models import AuditAction, AuditEntry
from tests.factories import make_juror, make_user

ADD = reverse("admin:jury_jurymembership_add")


def appointment_post(prize_year, **overrides) -> dict:
    data = {
        "prize_year": prize_year.pk,
        "role": JuryRole.MEMBER,
        "user": "",
        "first_name": "Karin",
        "last_name": "Lind",
        "email": "karin.lind@example.se",
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
    assert membership.ends_on == date(2030, 12, 31)


def test_appointing_new_member_mails_a_link_to_choose_password(administrator_client, prize_year):
    administrator_client.post(ADD, appointment_post(prize_year))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin.lind@example.se"]
    assert "/konto/losenord/" in message.body
    assert "Trygghetspriset 2030" in message.subject


def test_invitation_link_lets_new_member_choose_password(administrator_client, prize_year, client):
    administrator_client.post(ADD, appointment_post(prize_year))
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
    appoint(prize_year=prize_year, user=user, role=JuryRole.MEMBER, by=administrator)
    entry = AuditEntry.objects.get()
    assert entry.action == AuditAction.JURY_APPOINTED
    assert "Olle Berg" in entry.summary
    assert entry.actor == administrator


def test_removal_is_audited(prize_year, administrator):
    make_juror(prize_year)
    remove(membership=JuryMembership.objects.get(), by=administrator)
    assert not JuryMembership.objects.exists()
    assert AuditEntry.objects.get().action == AuditAction.JURY_REMOVED


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
