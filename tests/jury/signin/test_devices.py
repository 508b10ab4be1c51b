"""The second factor's devices: backup codes at setup, and the administration's reset."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from jury.models import JuryMembership
from jury.signin import devices
from nominations.models import AuditAction, AuditEntry
from tests.factories import log_in_verified, make_juror, make_prize_year, make_user
from tests.jury.signin.test_login import code_for, log_in_with_password

CHANGELIST = reverse("admin:jury_jurymembership_changelist")


def with_second_factor(user) -> list[str]:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    return devices.confirm_authenticator(device=device)


def test_confirm_authenticator_gives_ten_distinct_backup_codes(juror):
    codes = with_second_factor(juror)
    assert len(set(codes)) == 10
    assert all(devices.looks_like_backup_code(code) for code in codes)
    assert devices.backup_codes_left(juror) == 10
    assert devices.confirmed_authenticator(juror) is not None


def test_confirm_authenticator_again_replaces_earlier_backup_codes(juror):
    first = with_second_factor(juror)
    second = with_second_factor(juror)
    tokens = set(StaticToken.objects.filter(device__user=juror).values_list("token", flat=True))
    assert tokens == set(second)
    assert not tokens & set(first)


def test_reset_two_factor_removes_app_and_backup_codes_and_records_it(juror, administrator):
    with_second_factor(juror)
    removed = devices.reset_two_factor(user=juror, by=administrator)
    assert removed == 2
    assert not TOTPDevice.objects.filter(user=juror).exists()
    assert not StaticDevice.objects.filter(user=juror).exists()
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert entry.actor == administrator
    assert entry.summary.startswith("Återställde tvåstegsverifieringen för Juror Jurysson")
    assert entry.changes == {"user": "juror", "devices_removed": 2}


def test_reset_two_factor_without_devices_records_nothing(juror, administrator):
    assert devices.reset_two_factor(user=juror, by=administrator) == 0
    assert not AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_RESET).exists()


def test_reset_two_factor_ends_the_verified_session(client, juror, administrator):
    log_in_verified(client, juror)
    assert client.get(reverse("jury:dashboard", args=[2030])).status_code == 200
    devices.reset_two_factor(user=juror, by=administrator)
    response = client.get(reverse("jury:dashboard", args=[2030]))
    assert response["Location"].startswith(reverse("jury:login"))


def test_reset_two_factor_makes_the_next_login_set_up_again(client, juror, administrator):
    with_second_factor(juror)
    devices.reset_two_factor(user=juror, by=administrator)
    response = log_in_with_password(client, "juror")
    assert response["Location"].startswith(reverse("jury:two_factor_setup"))
    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=juror, confirmed=False)
    response = client.post(reverse("jury:two_factor_setup"), {"token": code_for(device)})
    assert len(client.get(response["Location"]).context["codes"]) == 10


@pytest.mark.parametrize("who", ["outsider", "juror", "staff_without_permission"])
def test_reset_two_factor_is_refused_without_the_right(request, who, prize_year):
    other = make_juror(prize_year, "other")
    with_second_factor(other)
    with pytest.raises(PermissionDenied):
        devices.reset_two_factor(user=other, by=request.getfixturevalue(who))
    assert devices.backup_codes_left(other) == 10
    assert not AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_RESET).exists()


def test_reset_two_factor_of_a_staff_account_needs_a_superuser(administrator, superuser):
    colleague = make_user("kollega", is_staff=True)
    with_second_factor(colleague)
    with pytest.raises(PermissionDenied):
        devices.reset_two_factor(user=colleague, by=administrator)
    assert devices.reset_two_factor(user=colleague, by=superuser) == 2


# The admin action on the jury membership list.


def selected(*users) -> list[int]:
    return list(JuryMembership.objects.filter(user__in=users).values_list("pk", flat=True))


def test_admin_reset_action_asks_before_it_resets(administrator_client, juror):
    with_second_factor(juror)
    response = administrator_client.post(
        CHANGELIST, {"action": "reset_two_factor", "_selected_action": selected(juror)}
    )
    page = response.content.decode()
    assert "Ja, återställ" in page
    assert "Juror Jurysson" in page
    assert devices.backup_codes_left(juror) == 10


def test_admin_reset_action_resets_after_confirmation(administrator_client, juror):
    with_second_factor(juror)
    response = administrator_client.post(
        CHANGELIST,
        {"action": "reset_two_factor", "confirm": "yes", "_selected_action": selected(juror)},
        follow=True,
    )
    assert "Tvåstegsverifieringen för Juror Jurysson är återställd" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=juror).exists()
    assert AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_RESET).count() == 1


def test_admin_reset_action_resets_a_juror_of_two_years_once(
    administrator_client, juror, prize_year
):
    other_year = make_prize_year(year=2029, opens_at=None, closes_at=None)
    JuryMembership.objects.create(
        user=juror, prize_year=other_year, ends_on=JuryMembership.default_end(other_year)
    )
    with_second_factor(juror)
    administrator_client.post(
        CHANGELIST,
        {"action": "reset_two_factor", "confirm": "yes", "_selected_action": selected(juror)},
    )
    assert AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_RESET).count() == 1


def test_admin_reset_action_is_not_offered_to_staff_without_change_right(
    client, juror, administrator
):
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_jurymembership"))
    log_in_verified(client, viewer)
    with_second_factor(juror)
    page = client.get(CHANGELIST)
    assert "reset_two_factor" not in page.content.decode()
    client.post(
        CHANGELIST,
        {"action": "reset_two_factor", "confirm": "yes", "_selected_action": selected(juror)},
    )
    assert devices.backup_codes_left(juror) == 10


def test_admin_reset_action_refuses_outsider(client, outsider, juror):
    log_in_verified(client, outsider)
    with_second_factor(juror)
    response = client.post(
        CHANGELIST,
        {"action": "reset_two_factor", "confirm": "yes", "_selected_action": selected(juror)},
    )
    assert response["Location"].startswith(reverse("admin:login"))
    assert devices.backup_codes_left(juror) == 10


def test_backup_code_typed_with_digits_for_look_alike_letters_is_read_as_meant():
    assert devices.normalise_backup_code("7LDZ-X5T5") == "7ldzx5t5"
    assert devices.normalise_backup_code("71dz x5t5") == "7ldzx5t5"
    assert devices.normalise_backup_code("p0nz fvwg") == "ponzfvwg"


def test_admin_shows_no_ones_backup_codes_or_authenticator_keys(client, superuser):
    from django_otp.plugins.otp_static.models import StaticDevice

    log_in_verified(client, superuser)
    device = StaticDevice.objects.create(user=superuser, name="backup")
    device.token_set.create(token="abcd1234")
    responses = [
        client.get("/admin/otp_static/staticdevice/"),
        client.get("/admin/otp_totp/totpdevice/"),
    ]
    assert [r.status_code for r in responses] == [404, 404]
    assert all("abcd1234" not in r.content.decode() for r in responses)


def test_admin_shows_no_raw_task_rows(client, superuser):
    log_in_verified(client, superuser)
    response = client.get("/admin/django_tasks_db/dbtaskresult/")
    assert response.status_code == 404
