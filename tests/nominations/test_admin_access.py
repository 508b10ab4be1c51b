"""Every administration screen, tried by people who must not reach it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from nominations.models import AuditAction, AuditEntry
from tests.factories import log_in_verified, make_nomination, make_user


@pytest.fixture
def admin_urls(prize_year, administrator):
    nomination = make_nomination(prize_year)
    entry = AuditEntry.record(
        actor=administrator, action=AuditAction.SCREENED, summary="Granskad", prize_year=prize_year
    )
    return [
        reverse("admin:nominations_prizeyear_changelist"),
        reverse("admin:nominations_prizeyear_add"),
        reverse("admin:nominations_prizeyear_change", args=[prize_year.pk]),
        reverse("admin:nominations_nomination_changelist"),
        reverse("admin:nominations_nomination_change", args=[nomination.pk]),
        reverse("admin:nominations_effort_changelist"),
        reverse("admin:nominations_auditentry_changelist"),
        reverse("admin:nominations_auditentry_change", args=[entry.pk]),
        reverse("admin:jury_jurymembership_changelist"),
        reverse("admin:jury_jurymembership_add"),
    ]


def test_admin_screens_send_anonymous_visitor_to_login(client, admin_urls):
    for url in admin_urls:
        response = client.get(url)
        assert response["Location"].startswith(reverse("admin:login")), url


def test_admin_screens_send_logged_in_outsider_to_login(client, admin_urls, outsider):
    client.force_login(outsider)
    for url in admin_urls:
        response = client.get(url)
        assert response["Location"].startswith(reverse("admin:login")), url


def test_admin_screens_send_juror_to_login(client, admin_urls, juror):
    log_in_verified(client, juror)
    for url in admin_urls:
        response = client.get(url)
        assert response["Location"].startswith(reverse("admin:login")), url


def test_admin_screens_refused_to_staff_without_permission(
    client, admin_urls, staff_without_permission
):
    log_in_verified(client, staff_without_permission)
    for url in admin_urls:
        assert client.get(url).status_code == 403, url


def test_admin_screens_need_second_factor_even_for_administration(
    client, admin_urls, administrator
):
    client.force_login(administrator)  # password only, no authenticator code
    for url in admin_urls:
        response = client.get(url)
        assert response["Location"].startswith(reverse("admin:login")), url


def test_admin_login_sends_to_the_two_factor_login(client, db):
    response = client.get(reverse("admin:login"), {"next": "/admin/"})
    assert response["Location"] == reverse("jury:login") + "?next=%2Fadmin%2F"


def test_admin_screens_open_to_administration(administrator_client, admin_urls):
    for url in admin_urls:
        response = administrator_client.get(url)
        assert response.status_code == 200, url
        assert "Priserna – administration" in response.content.decode()


def test_juror_post_to_admin_changes_nothing(client, juror, prize_year):
    log_in_verified(client, juror)
    client.post(
        reverse("admin:nominations_prizeyear_changelist"),
        {"action": "close_nominations_now", "_selected_action": [prize_year.pk], "confirm": "yes"},
    )
    prize_year.refresh_from_db()
    assert prize_year.closes_at.year == 2030 and prize_year.closes_at.month == 9
    assert not AuditEntry.objects.exists()


def test_audit_entry_cannot_be_changed_or_deleted_in_admin(
    administrator_client, administrator, prize_year
):
    entry = AuditEntry.record(
        actor=administrator, action=AuditAction.SCREENED, summary="Original", prize_year=prize_year
    )
    administrator_client.post(
        reverse("admin:nominations_auditentry_change", args=[entry.pk]), {"summary": "Ändrad"}
    )
    administrator_client.post(
        reverse("admin:nominations_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    entry.refresh_from_db()
    assert entry.summary == "Original"


def test_audit_entry_cannot_be_changed_even_by_superuser(
    client, superuser, administrator, prize_year
):
    entry = AuditEntry.record(
        actor=administrator, action=AuditAction.SCREENED, summary="Original", prize_year=prize_year
    )
    log_in_verified(client, superuser)
    client.post(reverse("admin:nominations_auditentry_change", args=[entry.pk]), {"summary": "X"})
    entry.refresh_from_db()
    assert entry.summary == "Original"


def test_contact_details_hidden_from_staff_who_may_only_view_nominations(client, prize_year):
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
