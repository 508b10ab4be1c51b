"""After sending: the private link, corrections that keep the earlier version, withdrawal."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from jury.phases import open_scoring
from nominations.corrections import (
    ChangeRefused,
    correct_nomination,
    withdraw_nomination,
)
from nominations.forms import NominationForm
from nominations.models import (
    AuditAction,
    AuditEntry,
    Effort,
    JuryPhase,
    Nomination,
    NominationVersion,
    PrizeYear,
    ScreeningStatus,
)
from nominations.private_link import link_token
from nominations.screening import ScreeningError, group_as_one_effort, screen_nomination
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    close_window,
    log_in_verified,
    make_administrator,
    make_eligible_nomination,
    make_nomination,
    nomination_post_data,
    set_jury_deadlines,
    status_of,
)

MIDSUMMER = OPENS_AT + timedelta(days=20)
LATER = MIDSUMMER + timedelta(days=3)
TICK = timedelta(microseconds=1)


@pytest.fixture
def nomination(prize_year, django_capture_on_commit_callbacks) -> Nomination:
    """A nomination sent through the public form at midsummer, its receipt in the outbox.

    From a browser of its own: the tests' other visitors never share its session.
    """
    with (
        time_machine.travel(MIDSUMMER, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        Client().post(
            reverse("nominations:nominate", args=["trygghetspriset"]), nomination_post_data()
        )
    return Nomination.objects.get()


def link_from_receipt() -> str:
    """The private link, as the nominator finds it in the receipt."""
    (line,) = [line for line in mail.outbox[0].body.splitlines() if "/min-nominering/" in line]
    return line.strip().removeprefix("http://localhost:8000")


def url(name: str, nomination: Nomination) -> str:
    return reverse(
        f"nominations:{name}", args=["trygghetspriset", link_token(nomination=nomination)]
    )


def get(client: Client, path: str, at=LATER):
    with time_machine.travel(at, tick=False):
        return client.get(path)


def post(client: Client, path: str, data=None, at=LATER, captured=None):
    with time_machine.travel(at, tick=False):
        if captured is None:
            return client.post(path, data or {})
        with captured(execute=True):
            return client.post(path, data or {})


def main_content(response) -> str:
    # The header's language switch differs by path and token; the page is in <main>.
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group()


def correction(**overrides) -> dict:
    """The form as the correction page fills it in for the nomination fixture, changed."""
    return nomination_post_data(**overrides)


def correct(nomination: Nomination, at=LATER, **overrides) -> Nomination:
    form = NominationForm(
        correction(**overrides), criteria=nomination.prize_year.ordered_criteria()
    )
    assert form.is_valid(), form.errors
    return correct_nomination(
        nomination=nomination,
        fields=form.nomination_fields(),
        organisations=form.cleaned_data["organisations"],
        answers=form.answers(),
        at=at,
    )


# The private link


def test_private_link_from_receipt_shows_everything_sent(nomination):
    html = get(Client(), link_from_receipt()).content.decode()
    assert nomination.reference in html
    for sent in (
        "Trygga stråk i Tensta",
        "gjort gångstråken tryggare med belysning och vandringar.",
        "Tensta IF",
        "Unga kartlägger själva otrygga platser med en app.",
        "asa.oberg@example.se",
    ):
        assert sent in html
    assert "till och med 1 september 2030 kl. 23:59" in html


def test_receipt_page_tells_the_nominator_of_the_link_in_the_email(prize_year):
    with time_machine.travel(MIDSUMMER, tick=False):
        response = Client().post(
            reverse("nominations:nominate", args=["trygghetspriset"]),
            nomination_post_data(),
            follow=True,
        )
    assert "I mejlet finns också en länk där du kan läsa din nominering" in (
        response.content.decode()
    )


def test_private_link_pages_are_kept_out_of_caches_and_search_engines(nomination):
    response = get(Client(), url("my_nomination", nomination))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_private_link_tampered_gives_a_plain_404(nomination):
    token = link_token(nomination=nomination)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = get(
        Client(), reverse("nominations:my_nomination", args=["trygghetspriset", tampered])
    )
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in html
    assert nomination.reference not in html
    assert "Trygga stråk i Tensta" not in html


@pytest.mark.parametrize("token", ["x", "a:b", "::::", "%C3%28", "e30:AAAA" * 40])
def test_private_link_that_is_not_a_token_gives_404(nomination, token):
    response = get(Client(), f"/priser/trygghetspriset/nominera/min-nominering/{token}/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_private_link_of_the_old_signed_form_gives_404(nomination):
    # Links once carried the number and the reference, signed: they open nothing now.
    token = signing.Signer(salt="nominations.private-link").sign_object(
        {"n": nomination.pk, "r": nomination.reference}
    )
    response = get(Client(), reverse("nominations:my_nomination", args=["trygghetspriset", token]))
    assert response.status_code == 404


def test_private_link_reveals_nothing_about_the_nomination_when_decoded(nomination):
    import base64

    token = link_from_receipt().split("/")[-2]
    decoded = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    # 32 random bytes: no signature, no JSON, neither the reference nor the number.
    assert (len(token), len(decoded), ":" in token) == (43, 32, False)
    assert nomination.reference.encode() not in decoded
    assert b'{"' not in decoded


def test_private_link_with_a_key_of_no_nomination_gives_the_same_404(nomination, prize_year):
    other = make_nomination(prize_year)
    unknown = "A" * 43
    missing = get(Client(), reverse("nominations:my_nomination", args=["trygghetspriset", unknown]))
    forged = get(
        Client(), reverse("nominations:my_nomination", args=["trygghetspriset", "forged:token"])
    )
    assert missing.status_code == forged.status_code == 404
    assert main_content(missing) == main_content(forged)
    assert other.link_key != nomination.link_key


def test_private_link_changed_in_one_character_opens_nothing_for_an_outsider(
    client, nomination, outsider
):
    visitor = Client()
    log_in_verified(visitor, outsider)
    own = link_token(nomination=nomination)
    forged = own[:-1] + ("A" if own[-1] != "A" else "B")
    for name in ("my_nomination", "correct_nomination", "withdraw_nomination"):
        response = get(visitor, reverse(f"nominations:{name}", args=["trygghetspriset", forged]))
        assert response.status_code == 404
        assert "Trygga stråk i Tensta" not in response.content.decode()
    response = post(
        visitor, reverse("nominations:withdraw_nomination", args=["trygghetspriset", forged])
    )
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.withdrawn_at is None
    assert not AuditEntry.objects.filter(action=AuditAction.NOMINATION_WITHDRAWN).exists()


def test_private_link_just_before_the_close_still_works(nomination):
    response = get(Client(), url("my_nomination", nomination), at=CLOSES_AT - TICK)
    assert response.status_code == 200
    assert "Trygga stråk i Tensta" in response.content.decode()


def test_private_link_at_the_closing_instant_is_refused_without_showing_the_nomination(
    client, nomination
):
    for name in ("my_nomination", "correct_nomination", "withdraw_nomination"):
        response = get(Client(), url(name, nomination), at=CLOSES_AT)
        html = response.content.decode()
        assert response.status_code == 410
        assert "Länken fungerar inte längre" in html
        assert "Trygga stråk i Tensta" not in html
        assert "asa.oberg@example.se" not in html


def test_private_link_follows_a_closing_time_moved_earlier(nomination):
    PrizeYear.objects.filter(pk=nomination.prize_year_id).update(closes_at=LATER - TICK)
    response = get(Client(), url("my_nomination", nomination), at=LATER)
    assert response.status_code == 410


def test_private_link_follows_a_closing_time_moved_later(nomination):
    PrizeYear.objects.filter(pk=nomination.prize_year_id).update(
        closes_at=CLOSES_AT + timedelta(days=7)
    )
    response = get(Client(), url("my_nomination", nomination), at=CLOSES_AT + timedelta(days=1))
    assert response.status_code == 200


# Correcting


def test_correction_page_is_filled_in_with_the_nomination_as_it_stands(nomination):
    html = get(Client(), url("correct_nomination", nomination)).content.decode()
    assert 'value="Trygga stråk i Tensta"' in html
    assert 'value="asa.oberg@example.se"' in html
    assert "Tensta IF" in html
    assert "Spara rättelsen" in html


def test_correcting_keeps_the_earlier_version_and_stores_the_new_one(nomination):
    correct(nomination, effort_name="Trygga stråk i hela Tensta", nominator_phone="")
    nomination.refresh_from_db()
    assert nomination.effort_name == "Trygga stråk i hela Tensta"
    assert nomination.nominator_phone == ""
    assert nomination.corrected_at == LATER
    (version,) = NominationVersion.objects.all()
    assert version.nomination == nomination
    assert version.number == 1
    assert version.effort_name == "Trygga stråk i Tensta"
    assert version.nominator_phone == "08-508 000 00"
    assert version.organisations == ["Spånga-Tensta stadsdelsförvaltning", "Polisen", "Tensta IF"]
    assert version.received_at == MIDSUMMER
    assert version.replaced_at == LATER


def test_correcting_twice_keeps_both_earlier_versions_in_order(nomination):
    correct(nomination, effort_name="Andra namnet")
    correct(nomination, at=LATER + timedelta(days=1), effort_name="Tredje namnet")
    versions = list(NominationVersion.objects.order_by("number"))
    assert [(v.number, v.effort_name) for v in versions] == [
        (1, "Trygga stråk i Tensta"),
        (2, "Andra namnet"),
    ]
    assert versions[1].received_at == LATER
    assert Nomination.objects.get().effort_name == "Tredje namnet"


def test_correcting_organisations_replaces_them_and_keeps_the_old_list(nomination):
    correct(nomination, organisations="Polisen\nTensta IF\nBostadsbolaget")
    assert list(nomination.organisations.values_list("name", flat=True)) == [
        "Polisen",
        "Tensta IF",
        "Bostadsbolaget",
    ]
    assert NominationVersion.objects.get().organisations[0] == "Spånga-Tensta stadsdelsförvaltning"


def test_correcting_is_audited_in_swedish_with_the_nominator_as_actor(nomination):
    correct(
        nomination, description="En ny och längre beskrivning av hur insatsen går till i Tensta."
    )
    entry = AuditEntry.objects.get(action=AuditAction.NOMINATION_CORRECTED)
    assert entry.actor is None
    assert entry.actor_name == "nomineraren"
    assert entry.prize_year == nomination.prize_year
    assert nomination.reference in entry.summary
    assert "beskrivning av insatsen" in entry.summary
    assert "version 1" in entry.summary
    assert entry.changes == {
        "nomination": nomination.reference,
        "version": 1,
        "fields": ["description"],
        "screening_reset": False,
    }


def test_correcting_keeps_contact_details_out_of_the_audit_trail(nomination):
    correct(nomination, nominator_email="ny.adress@example.se")
    entry = AuditEntry.objects.get(action=AuditAction.NOMINATION_CORRECTED)
    assert "ny.adress@example.se" not in entry.summary + str(entry.changes)
    assert "asa.oberg@example.se" not in entry.summary + str(entry.changes)
    assert entry.changes["fields"] == ["nominator_email"]


def test_correcting_with_nothing_changed_keeps_no_version(nomination):
    with pytest.raises(ChangeRefused):
        correct(nomination)
    assert NominationVersion.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.NOMINATION_CORRECTED).exists()


def test_correcting_a_screened_nomination_sends_it_back_to_screening(nomination):
    screen_nomination(
        nomination=nomination,
        verdicts={
            "collaboration": (ScreeningStatus.PASSED, ""),
            "added_value": (ScreeningStatus.PASSED, ""),
        },
        by=make_administrator(),
    )
    correct(nomination, results="Nya siffror: nio av tio känner sig trygga på kvällen.")
    assert Nomination.objects.unscreened().get() == nomination
    entry = AuditEntry.objects.get(action=AuditAction.NOMINATION_CORRECTED)
    assert entry.changes["screening_reset"] is True
    assert "granskas igen" in entry.summary


def test_correcting_only_contact_details_keeps_the_screening(nomination):
    screen_nomination(
        nomination=nomination,
        verdicts={
            "collaboration": (ScreeningStatus.PASSED, ""),
            "added_value": (ScreeningStatus.PASSED, ""),
        },
        by=make_administrator(),
    )
    correct(nomination, nominator_phone="070-123 45 67")
    assert Nomination.objects.eligible().get() == nomination


def test_correcting_the_name_renames_an_effort_of_its_own(nomination):
    correct(nomination, effort_name="Trygga stråk i hela Tensta")
    assert Effort.objects.get().name == "Trygga stråk i hela Tensta"


def test_correcting_through_the_page_saves_and_mails_the_new_copy(
    client, nomination, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    visitor = Client()
    response = post(
        visitor,
        url("correct_nomination", nomination),
        correction(innovation="Unga kartlägger otrygga platser tillsammans med polisen."),
        captured=django_capture_on_commit_callbacks,
    )
    assert response["Location"] == url("my_nomination", nomination)
    earlier = {row["criterion"]: row["text"] for row in NominationVersion.objects.get().answers}
    assert earlier["innovation"].startswith("Unga kartlägger själva")
    assert nomination.answer_texts()["innovation"].startswith("Unga kartlägger otrygga")
    (confirmation,) = mail.outbox
    assert confirmation.to == ["asa.oberg@example.se"]
    assert nomination.reference in confirmation.subject
    assert "Unga kartlägger otrygga platser tillsammans med polisen." in confirmation.body
    html = get(visitor, url("my_nomination", nomination)).content.decode()
    assert "Rättelsen är sparad" in html
    assert "Unga kartlägger otrygga platser tillsammans med polisen." in html


def change_address(nomination, captured, client=None, address="ny.adress@example.se"):
    mail.outbox.clear()
    return post(
        client or Client(),
        url("correct_nomination", nomination),
        correction(nominator_email=address),
        captured=captured,
    )


def test_correcting_the_address_sends_the_new_link_to_the_new_address_only(
    nomination, django_capture_on_commit_callbacks
):
    change_address(nomination, django_capture_on_commit_callbacks)
    nomination.refresh_from_db()
    [confirmation] = [m for m in mail.outbox if m.to == ["ny.adress@example.se"]]
    assert link_token(nomination=nomination) in confirmation.body
    assert "Om det inte var du som rättade" in confirmation.body


def test_correcting_the_address_sends_the_old_address_a_short_notice_without_the_link(
    nomination, django_capture_on_commit_callbacks
):
    old_key = nomination.link_key
    change_address(nomination, django_capture_on_commit_callbacks)
    nomination.refresh_from_db()
    [notice] = [m for m in mail.outbox if m.to == ["asa.oberg@example.se"]]
    assert "E-postadressen för nominering" in notice.body
    assert "/min-nominering/" not in notice.body
    for kept_out in (nomination.link_key, old_key, "Trygga stråk i Tensta", "ny.adress"):
        assert kept_out not in notice.body
    assert len(mail.outbox) == 2


def test_correcting_the_address_stops_the_old_link(nomination, django_capture_on_commit_callbacks):
    old = url("my_nomination", nomination)
    change_address(nomination, django_capture_on_commit_callbacks)
    assert get(Client(), old).status_code == 404
    nomination.refresh_from_db()
    assert get(Client(), url("my_nomination", nomination)).status_code == 200


def test_correcting_the_address_answers_where_the_new_link_went_not_with_it(
    nomination, django_capture_on_commit_callbacks
):
    response = change_address(nomination, django_capture_on_commit_callbacks)
    html = response.content.decode()
    nomination.refresh_from_db()
    assert response.status_code == 200
    assert "Vi har skickat en ny länk till den nya adressen" in html
    assert nomination.link_key not in html


def test_address_changes_through_one_link_mail_one_new_address_only(
    nomination, django_capture_on_commit_callbacks
):
    # The relay the issue found: correction after correction, each to a new address.
    path = url("correct_nomination", nomination)
    mail.outbox.clear()
    statuses = []
    for number in range(1, 4):
        response = post(
            Client(),
            path,
            correction(nominator_email=f"mottagare{number}@example.se"),
            captured=django_capture_on_commit_callbacks,
        )
        statuses.append(response.status_code)
    assert statuses == [200, 404, 404]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "asa.oberg@example.se",
        "mottagare1@example.se",
    ]


def test_corrections_past_the_limit_per_link_refused_without_mail(
    nomination, django_capture_on_commit_callbacks, settings
):
    settings.CORRECTION_RATE_PER_LINK = 3
    for number in range(1, 4):
        response = post(
            Client(REMOTE_ADDR=f"192.0.2.{number}"),
            url("correct_nomination", nomination),
            correction(effort_name=f"Trygga stråk {number}"),
            captured=django_capture_on_commit_callbacks,
        )
        assert response.status_code == 302
    mail.outbox.clear()
    response = post(
        Client(REMOTE_ADDR="192.0.2.9"),
        url("correct_nomination", nomination),
        correction(effort_name="Trygga stråk 4"),
        captured=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 429
    assert "Du har sparat många rättelser på kort tid" in response.content.decode()
    assert 'value="Trygga stråk 4"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.effort_name == "Trygga stråk 3"
    assert mail.outbox == []


def test_corrections_past_the_limit_per_address_refused_without_mail(
    prize_year, django_capture_on_commit_callbacks, settings
):
    settings.CORRECTION_RATE_PER_ADDRESS = 2
    nominations = [make_nomination(prize_year, submitted_at=MIDSUMMER) for _ in range(3)]
    sender = Client(REMOTE_ADDR="192.0.2.7")
    statuses = []
    for number, each in enumerate(nominations):
        statuses.append(
            post(
                sender,
                url("correct_nomination", each),
                correction(effort_name=f"Rättad {number}", nominator_email=each.nominator_email),
                captured=django_capture_on_commit_callbacks,
            ).status_code
        )
    assert statuses == [302, 302, 429]
    assert Nomination.objects.filter(effort_name__startswith="Rättad").count() == 2


def test_correction_page_has_no_honeypot_field(nomination):
    html = get(Client(), url("correct_nomination", nomination)).content.decode()
    assert 'name="website"' not in html
    assert "Lämna det här fältet tomt" not in html


def test_staff_close_the_link_with_an_audit_entry(administrator_client, nomination):
    changelist = reverse("admin:nominations_nomination_changelist")
    administrator_client.post(
        changelist, {"action": "close_private_link", "_selected_action": [nomination.pk]}
    )
    nomination.refresh_from_db()
    assert nomination.link_closed_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.LINK_CLOSED)
    assert nomination.reference in entry.summary


def test_closed_link_answers_that_staff_closed_it_and_shows_nothing(nomination, administrator):
    from nominations.private_link import close_link

    close_link(nomination=nomination, by=administrator)
    for name in ("my_nomination", "correct_nomination", "withdraw_nomination"):
        response = get(Client(), url(name, nomination))
        html = response.content.decode()
        assert response.status_code == 410
        assert "Socialförvaltningen har stängt länken" in html
        assert "Trygga stråk i Tensta" not in html


def test_closed_link_refuses_a_correction_from_a_page_opened_before(nomination, administrator):
    from nominations.private_link import close_link

    close_link(nomination=nomination, by=administrator)
    response = post(
        Client(), url("correct_nomination", nomination), correction(effort_name="Ändrad")
    )
    assert response.status_code == 410
    assert "Socialförvaltningen har stängt länken" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.effort_name == "Trygga stråk i Tensta"


def test_correcting_with_invalid_input_keeps_the_text_and_saves_nothing(nomination):
    response = post(
        Client(),
        url("correct_nomination", nomination),
        correction(effort_name="Nytt namn", organisations="Bara polisen"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rättelsen kunde inte sparas" in html
    assert 'value="Nytt namn"' in html
    assert Nomination.objects.get().effort_name == "Trygga stråk i Tensta"
    assert NominationVersion.objects.count() == 0


def test_correcting_with_another_organisation_field_asked_for_saves_nothing(nomination):
    response = post(
        Client(),
        url("correct_nomination", nomination),
        correction(effort_name="Nytt namn", add_organisation="1"),
    )
    html = response.content.decode()
    assert 'name="organisation_4"' in html
    assert 'value="Nytt namn"' in html
    assert 'value="Tensta IF"' in html
    assert Nomination.objects.get().effort_name == "Trygga stråk i Tensta"
    assert NominationVersion.objects.count() == 0


def test_correcting_with_nothing_changed_says_so(nomination):
    response = post(Client(), url("correct_nomination", nomination), correction())
    assert "samma som nomineringen" in response.content.decode()
    assert NominationVersion.objects.count() == 0


def test_correcting_after_the_close_keeps_the_text_and_saves_nothing(nomination):
    response = post(
        Client(),
        url("correct_nomination", nomination),
        correction(effort_name="För sent namn"),
        at=CLOSES_AT,
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Nomineringsperioden har slutat" in html
    assert 'value="För sent namn"' in html
    assert Nomination.objects.get().effort_name == "Trygga stråk i Tensta"
    assert NominationVersion.objects.count() == 0


def test_correcting_is_refused_once_the_jury_has_started(nomination):
    # An impossible year by the process, made directly rather than through
    # tests/phases.py: the jury starts only once the window has closed, which would end the
    # correction on its own; here the window is open and only the phase may refuse it.
    PrizeYear.objects.filter(pk=nomination.prize_year_id).update(jury_phase=JuryPhase.SCORING)
    with pytest.raises(ChangeRefused):
        correct(nomination, effort_name="Nytt namn")
    assert NominationVersion.objects.count() == 0


# Withdrawing


def test_withdraw_page_asks_first_and_changes_nothing(nomination):
    html = get(Client(), url("withdraw_nomination", nomination)).content.decode()
    assert "Vill du återkalla din nominering?" in html
    assert "Ja, återkalla nomineringen" in html
    assert Nomination.objects.get().withdrawn_at is None


def test_withdrawing_keeps_the_nomination_marked_withdrawn_and_audits(
    client, nomination, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    visitor = Client()
    response = post(
        visitor, url("withdraw_nomination", nomination), captured=django_capture_on_commit_callbacks
    )
    assert response["Location"] == url("my_nomination", nomination)
    kept = Nomination.objects.get()
    assert kept.withdrawn_at == LATER
    assert kept.effort_name == "Trygga stråk i Tensta"
    entry = AuditEntry.objects.get(action=AuditAction.NOMINATION_WITHDRAWN)
    assert entry.actor_name == "nomineraren"
    assert nomination.reference in entry.summary
    (confirmation,) = mail.outbox
    assert confirmation.to == ["asa.oberg@example.se"]
    assert "återkallad" in confirmation.subject
    html = get(visitor, url("my_nomination", nomination)).content.decode()
    assert "Återkallad." in html
    assert "Rätta nomineringen" not in html


def test_withdrawn_nomination_leaves_screening(prize_year, nomination):
    passed = make_eligible_nomination(prize_year)
    failed = make_nomination(
        prize_year,
        collaboration_status=ScreeningStatus.FAILED,
        collaboration_reason="En enda aktör.",
    )
    for screened in (passed, failed):
        withdraw_nomination(nomination=screened, at=LATER)
    withdraw_nomination(nomination=nomination, at=LATER)
    nominations = Nomination.objects.filter(prize_year=prize_year)
    assert nominations.count() == 3
    assert list(nominations.eligible()) == []
    assert list(nominations.rejected()) == []
    assert list(nominations.unscreened()) == []
    assert set(nominations.withdrawn()) == {passed, failed, nomination}


def test_withdrawn_nomination_leaves_the_jurys_efforts(prize_year):
    staying = make_eligible_nomination(prize_year)
    leaving = make_eligible_nomination(prize_year)
    withdraw_nomination(nomination=leaving, at=LATER)
    close_window(prize_year)
    set_jury_deadlines(prize_year)
    open_scoring(prize_year=prize_year, by=make_administrator())
    assert list(Effort.objects.eligible()) == [staying.effort]


def test_withdrawn_nomination_of_a_grouped_effort_leaves_what_the_jury_reads(
    prize_year, juror_client
):
    staying = make_eligible_nomination(prize_year, description="Texten som juryn läser.")
    leaving = make_eligible_nomination(prize_year, description="Texten som drogs tillbaka.")
    administrator = make_administrator()
    effort = group_as_one_effort(nominations=[staying, leaving], by=administrator)
    withdraw_nomination(nomination=leaving, at=LATER)
    close_window(prize_year)
    set_jury_deadlines(prize_year)
    open_scoring(prize_year=prize_year, by=administrator)
    html = juror_client.get(
        reverse("jury:effort", args=[prize_year.year, effort.pk])
    ).content.decode()
    assert "Texten som juryn läser." in html
    assert "Texten som drogs tillbaka." not in html


def test_withdrawn_nomination_cannot_be_screened(prize_year, nomination):
    withdraw_nomination(nomination=nomination, at=LATER)
    with pytest.raises(ScreeningError):
        screen_nomination(
            nomination=nomination,
            verdicts={
                "collaboration": (ScreeningStatus.PASSED, ""),
                "added_value": (ScreeningStatus.PASSED, ""),
            },
            by=make_administrator(),
        )
    assert status_of(Nomination.objects.get(), "collaboration") == ScreeningStatus.PENDING


def test_withdrawn_nomination_cannot_be_corrected_or_withdrawn_again(nomination):
    withdraw_nomination(nomination=nomination, at=LATER)
    with pytest.raises(ChangeRefused):
        withdraw_nomination(nomination=nomination, at=LATER)
    response = post(
        Client(), url("correct_nomination", nomination), correction(effort_name="Nytt namn")
    )
    assert response["Location"] == url("my_nomination", nomination)
    assert NominationVersion.objects.count() == 0
    assert AuditEntry.objects.filter(action=AuditAction.NOMINATION_WITHDRAWN).count() == 1


def test_withdrawing_after_the_close_is_refused_and_changes_nothing(nomination):
    response = post(Client(), url("withdraw_nomination", nomination), at=CLOSES_AT)
    assert response.status_code == 410
    assert Nomination.objects.get().withdrawn_at is None
    assert not AuditEntry.objects.filter(action=AuditAction.NOMINATION_WITHDRAWN).exists()


# What the administration sees


def test_admin_nomination_page_shows_what_was_received_first(administrator_client, nomination):
    correct(nomination, effort_name="Trygga stråk i hela Tensta")
    html = administrator_client.get(
        reverse("admin:nominations_nomination_change", args=[nomination.pk])
    ).content.decode()
    assert "Tidigare versioner, före nominerarens rättelser" in html
    assert "Trygga stråk i Tensta" in html  # version 1, as received
    assert "Trygga stråk i hela Tensta" in html


def test_admin_earlier_version_marks_what_the_correction_changed(administrator_client, nomination):
    correct(nomination, effort_name="Trygga stråk i hela Tensta")
    html = administrator_client.get(
        reverse("admin:nominations_nomination_change", args=[nomination.pk])
    ).content.decode()
    version = html[html.index('<div class="earlier-version">') :]
    assert "Rättelsen ändrade 1 svar, markerat ”ändrat”." in version
    assert re.search(
        r'<dt>Insatsens namn <strong class="changed">\(ändrat\)</strong></dt>'
        r'<dd class="changed">Trygga stråk i Tensta</dd>',
        version,
    )
    assert version.count('<strong class="changed">') == 1


def test_admin_nomination_list_filters_withdrawn_nominations(
    administrator_client, prize_year, nomination
):
    make_nomination(prize_year, effort_name="Kvar i granskningen")
    withdraw_nomination(nomination=nomination, at=LATER)
    changelist = reverse("admin:nominations_nomination_changelist")
    withdrawn = administrator_client.get(changelist + "?screening=withdrawn").content.decode()
    unscreened = administrator_client.get(changelist + "?screening=unscreened").content.decode()
    assert nomination.reference in withdrawn
    assert "Kvar i granskningen" not in withdrawn
    assert nomination.reference not in unscreened
    assert "Kvar i granskningen" in unscreened


def test_admin_audit_entry_of_a_correction_names_the_changed_fields(
    administrator_client, nomination
):
    correct(nomination, organisations="Polisen\nTensta IF")
    entry = AuditEntry.objects.get(action=AuditAction.NOMINATION_CORRECTED)
    html = administrator_client.get(
        reverse("admin:nominations_auditentry_change", args=[entry.pk])
    ).content.decode()
    assert "samverkande organisationer" in html
    assert "nomineraren" in html


def test_correction_page_gives_its_scripts_their_texts_as_the_nomination_form_does(nomination):
    html = get(Client(), url("correct_nomination", nomination)).content.decode()
    # The scripts read the texts from the element's data-texts attribute.
    assert re.search(r'<div id="nomination-form-texts" data-texts="\{[^"]*left_one', html)
    assert '<script id="nomination-form-texts"' not in html
    assert '<script src="/static/js/organisations.js" defer></script>' in html


def other_prizes_closed_link(by) -> Nomination:
    from nominations.private_link import close_link
    from tests.factories import make_prize, make_prize_year

    nomination = make_nomination(make_prize_year(prize=make_prize()))
    close_link(nomination=nomination, by=by)
    return nomination


def test_closed_link_of_another_prize_names_its_administration(administrator):
    nomination = other_prizes_closed_link(administrator)
    path = reverse(
        "nominations:my_nomination", args=["miljopriset", link_token(nomination=nomination)]
    )
    html = get(Client(), path).content.decode()
    assert "Miljöförvaltningen har stängt länken i ditt kvitto" in html
    entry = AuditEntry.objects.get(action=AuditAction.LINK_CLOSED)
    assert entry.summary.endswith("Nomineringen kan nu bara ändras genom miljöförvaltningen.")


def test_closed_link_refuses_another_prizes_correction_naming_its_administration(administrator):
    nomination = other_prizes_closed_link(administrator)
    with pytest.raises(ChangeRefused) as refused:
        correct_nomination(nomination=nomination, fields={}, organisations=[], answers={}, at=LATER)
    assert str(refused.value).startswith(
        "Miljöförvaltningen har stängt länken till den här nomineringen. Kontakta "
        "miljöförvaltningen om du vill ändra den"
    )
