"""Choosing a password: the forgotten-password pages and the invitation's link, in the
site's own layout and plain Swedish (jury/signin.py, templates/registration/)."""

from datetime import timedelta

import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jury import appointments
from nominations.models import MailKind, OutgoingMail
from tests.factories import log_in_verified
from tests.mail_queue import send_queued_mail

NEW_PASSWORD = "Stockholm-jury-2030"
ADMIN_LOOK = ("Django-administration", "Nollställning av lösenord", 'href="/admin/"')


def link_for(user) -> str:
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def choose(client, link: str, password: str = NEW_PASSWORD, again: str | None = None):
    """Open a link as a browser does (Django swaps the token for a session) and post."""
    response = client.get(link, follow=True)
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    return client.post(
        set_url, {"new_password1": password, "new_password2": again or password}, follow=True
    )


def assert_site_layout(html: str) -> None:
    # The site's header and footer, with the owner's name (nominations/owners.py).
    assert 'class="site-header' in html and 'class="site-footer' in html
    assert "Stockholms stad" in html
    for phrase in ADMIN_LOOK:
        assert phrase not in html


def test_forgotten_password_page_uses_site_layout(client, db):
    html = client.get(reverse("password_reset")).content.decode()
    assert_site_layout(html)
    assert "<h1>Glömt lösenordet?</h1>" in html
    assert "fungerar en gång, i tre dagar" in html


def test_forgotten_password_mails_a_link_in_plain_swedish(client, juror, settings):
    settings.SITE_URL = "https://trygghetspriset.example.se/"
    response = client.post(reverse("password_reset"), {"email": "juror@example.se"}, follow=True)
    send_queued_mail()
    assert "Titta i din e-post" in response.content.decode()
    assert_site_layout(response.content.decode())
    message = mail.outbox[0]
    assert message.to == ["juror@example.se"]
    assert message.subject == "Välj ett nytt lösenord för Trygghetspriset"
    assert "Hej Juror Jurysson!" in message.body
    assert "Ditt användarnamn är juror." in message.body
    assert "https://trygghetspriset.example.se/konto/losenord/" in message.body


def test_forgotten_password_link_is_queued_not_sent_in_the_request(client, juror):
    client.post(reverse("password_reset"), {"email": "juror@example.se"})
    queued = OutgoingMail.objects.get()
    assert (queued.kind, queued.recipients) == (MailKind.PASSWORD, ["juror@example.se"])
    assert queued.subject == "Välj ett nytt lösenord för Trygghetspriset"
    assert mail.outbox == []


def test_forgotten_password_reaches_a_new_juror_without_password(client, prize_year):
    user = appointments.find_or_create_user(
        email="karin.lind@example.se", first_name="Karin", last_name="Lind"
    )
    assert not user.has_usable_password()
    client.post(reverse("password_reset"), {"email": "Karin.Lind@example.se"})
    send_queued_mail()
    assert mail.outbox[0].to == ["karin.lind@example.se"]


def test_forgotten_password_for_unknown_address_sends_nothing_and_says_the_same(client, juror):
    response = client.post(reverse("password_reset"), {"email": "okand@example.se"}, follow=True)
    send_queued_mail()
    assert mail.outbox == []
    assert "Titta i din e-post" in response.content.decode()


def test_forgotten_password_for_inactive_account_sends_nothing(client, juror):
    juror.is_active = False
    juror.save()
    client.post(reverse("password_reset"), {"email": "juror@example.se"})
    send_queued_mail()
    assert mail.outbox == []


def test_forgotten_password_with_overlong_address_gets_a_message(client, juror):
    response = client.post(reverse("password_reset"), {"email": "a" * 10_000 + "@example.se"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_link_lets_the_user_choose_a_password_and_points_to_login(client, juror):
    response = choose(client, link_for(juror))
    html = response.content.decode()
    assert_site_layout(html)
    assert "Ditt lösenord är sparat" in html
    assert f'href="{reverse("jury:login")}"' in html
    juror.refresh_from_db()
    assert juror.check_password(NEW_PASSWORD)


def test_link_page_says_which_user_name_to_log_in_with(client, juror):
    response = client.get(link_for(juror), follow=True)
    html = response.content.decode()
    assert_site_layout(html)
    assert "Välj ditt lösenord" in html
    assert "användarnamnet juror" in html


def test_different_passwords_keep_the_form_with_a_message(client, juror):
    response = choose(client, link_for(juror), again="Något-annat-2030")
    assert response.context["form"].errors["new_password2"]
    juror.refresh_from_db()
    assert not juror.check_password(NEW_PASSWORD)


def test_used_link_says_so_and_how_to_get_a_new_one(client, juror):
    link = link_for(juror)
    choose(client, link)
    response = client.get(link, follow=True)
    html = response.content.decode()
    assert_site_layout(html)
    assert "Länken fungerar inte" in html
    assert f'href="{reverse("password_reset")}"' in html
    assert not response.context["validlink"]


def test_invalid_link_says_so_and_how_to_get_a_new_one(client, db):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "not-a-token"]))
    html = response.content.decode()
    assert "Länken fungerar inte" in html
    assert "Beställ en ny länk" in html
    assert_site_layout(html)


def test_link_older_than_three_days_does_not_work(client, juror):
    link = link_for(juror)
    # Django's reset tokens count in naive local time; travelling in Stockholm time
    # (a ZoneInfo) keeps that clock where the link was made.
    with time_machine.travel(timezone.localtime() + timedelta(days=3, minutes=1)):
        response = client.get(link, follow=True)
    assert "Länken fungerar inte" in response.content.decode()


def test_link_younger_than_three_days_works(client, juror):
    link = link_for(juror)
    with time_machine.travel(timezone.localtime() + timedelta(days=2, hours=23)):
        response = client.get(link, follow=True)
    assert response.context["validlink"]


def test_password_pages_for_a_logged_in_user_keep_the_site_layout(client, juror):
    log_in_verified(client, juror)
    html = client.get(reverse("password_reset_complete")).content.decode()
    assert_site_layout(html)
    assert "Inloggad som Juror Jurysson" in html


def test_refused_new_password_says_why_under_the_password_field(client, juror):
    response = choose(client, link_for(juror), password="kort")
    errors = response.context["form"].errors
    assert "new_password1" in errors
    assert "new_password2" not in errors
    juror.refresh_from_db()
    assert not juror.check_password("kort")


def test_forgotten_password_of_another_prizes_juror_names_that_prize(client, db):
    from tests.factories import kulturpriset, make_juror, make_prize_year

    make_juror(make_prize_year(prize=kulturpriset()), "kulturjuror")
    client.post(reverse("password_reset"), {"email": "kulturjuror@example.se"})
    send_queued_mail()
    message = mail.outbox[0]
    assert message.subject == "Välj ett nytt lösenord för Kulturpriset"
    assert "ditt konto hos Kulturpriset" in message.body
    assert "Trygghetspriset" not in message.body + message.subject
