"""The e-mails to the nominator: a copy of everything sent, and the private link."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse

from nominations import emails
from nominations.forms import NOMINATION_FIELDS
from nominations.models import Channel, Nomination, OutgoingMail
from nominations.private_link import link_token
from nominations.submission import submit_nomination
from tests.factories import (
    CLOSES_AT,
    OPENS_AT,
    answers_in,
    make_administrator,
    make_nomination,
    make_prize,
    make_prize_year,
    nomination_post_data,
)

MIDSUMMER = OPENS_AT + timedelta(days=20)


def nominate(
    client, django_capture_on_commit_callbacks, slug="trygghetspriset", **overrides
) -> Nomination:
    with (
        time_machine.travel(MIDSUMMER, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(
            reverse("nominations:nominate", args=[slug]),
            nomination_post_data(**overrides),
        )
    return Nomination.objects.get()


def test_receipt_contains_a_copy_of_everything_sent(
    client, prize_year, django_capture_on_commit_callbacks
):
    nominate(client, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    for sent in (
        "Trygga stråk i Tensta",
        "gjort gångstråken tryggare med belysning och vandringar.",
        "Spånga-Tensta",  # the district, by its name
        "Spånga-Tensta stadsdelsförvaltning\nPolisen\nTensta IF",
        "en gemensam metod för trygghetsvandringar som inte fanns tidigare.",
        "Unga kartlägger själva otrygga platser med en app.",
        "Metoden är beskriven så att andra stadsdelar kan använda den.",
        "Andelen som känner sig trygga på kvällen har ökat enligt enkäten.",
        "Åsa Öberg",
        "asa.oberg@example.se",
        "08-508 000 00",
    ):
        assert sent in body
    assert "Det här skickade du" in body
    assert "Beskriv insatsen" in body  # each answer under the form's own question


def test_receipt_contains_the_private_link_and_until_when_it_works(
    client, prize_year, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://trygghetspriset.stockholm.se"
    nomination = nominate(client, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    path = reverse(
        "nominations:my_nomination", args=["trygghetspriset", link_token(nomination=nomination)]
    )
    assert f"https://trygghetspriset.stockholm.se{path}" in body
    assert "gäller till och med 1 september 2030 kl. 23:59" in body


def test_receipt_in_english_has_english_copy_and_link(
    client, prize_year, django_capture_on_commit_callbacks
):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    nomination = nominate(client, django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "This is what you sent" in body
    assert "Describe the effort" in body
    assert "valid up to and including 1 September 2030 at 23:59" in body
    assert link_token(nomination=nomination) in body


def _register(prize_year, *, at, registered_at, captured) -> Nomination:
    staff = make_administrator()
    data = nomination_post_data(nominator_email="brev@example.se")
    fields = {key: value for key, value in data.items() if key in NOMINATION_FIELDS}
    with time_machine.travel(registered_at, tick=False), captured(execute=True):
        return submit_nomination(
            prize_year=prize_year,
            fields=fields,
            organisations=["Polisen", "Skolan"],
            answers=answers_in(data),
            at=at,
            channel=Channel.LETTER,
            registered_by=staff,
        )


def test_receipt_for_nomination_registered_by_staff_has_the_copy_and_the_link(
    prize_year, django_capture_on_commit_callbacks
):
    nomination = _register(
        prize_year,
        at=MIDSUMMER,
        registered_at=MIDSUMMER,
        captured=django_capture_on_commit_callbacks,
    )
    (receipt,) = mail.outbox
    assert receipt.to == ["brev@example.se"]
    assert "Det här skickade du" in receipt.body
    assert "Polisen\nSkolan" in receipt.body
    assert link_token(nomination=nomination) in receipt.body


def test_receipt_for_nomination_registered_after_the_close_has_no_link(
    prize_year, django_capture_on_commit_callbacks
):
    # A letter that arrived in time, typed in once the window had closed.
    nomination = _register(
        prize_year,
        at=CLOSES_AT - timedelta(days=1),
        registered_at=CLOSES_AT + timedelta(days=2),
        captured=django_capture_on_commit_callbacks,
    )
    (receipt,) = mail.outbox
    assert "Det här skickade du" in receipt.body
    assert link_token(nomination=nomination) not in receipt.body
    assert "/priser/trygghetspriset/nominera/min-nominering/" not in receipt.body
    assert "kontakta socialförvaltningen" in receipt.body
    assert nomination.reference in receipt.body


def test_receipt_quotes_each_answer_under_its_years_question(
    db, django_capture_on_commit_callbacks
):
    from tests.factories import CHANGED_CRITERIA, make_prize_year

    year = make_prize_year(
        year=2031,
        criteria=CHANGED_CRITERIA,
        opens_at=OPENS_AT.replace(year=2031),
        closes_at=CLOSES_AT.replace(year=2031),
    )
    data = nomination_post_data()
    with (
        time_machine.travel(MIDSUMMER.replace(year=2031), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit_nomination(
            prize_year=year,
            fields={key: value for key, value in data.items() if key in NOMINATION_FIELDS},
            organisations=["Polisen", "Skolan"],
            answers={
                "local_roots": "Boende planerar varje kväll.",
                "reach": "Tusen boende.",
                "lasting": "Fem år till.",
            },
            at=MIDSUMMER.replace(year=2031),
        )
    body = mail.outbox[0].body
    assert "Hur är insatsen förankrad bland de boende?\nBoende planerar varje kväll." in body
    assert "Hur många människor når insatsen?\nTusen boende." in body
    assert "innovativ" not in body


def test_first_receipt_lists_the_files_without_talking_of_corrections(
    client, prize_year, attachment_storage, django_capture_on_commit_callbacks
):
    from tests.attachment_files import pdf_file

    nominate(client, django_capture_on_commit_callbacks, attachments=[pdf_file("rapport.pdf")])
    body = mail.outbox[0].body
    assert "Bifogade filer\n" in body
    assert "rapport.pdf" in body
    assert "de finns kvar som de kom in" not in body


def test_correction_confirmation_says_the_files_stay_as_they_arrived(
    client, prize_year, attachment_storage, django_capture_on_commit_callbacks
):
    from nominations.corrections import correct_nomination
    from nominations.forms import NominationForm
    from tests.attachment_files import pdf_file

    nomination = nominate(
        client, django_capture_on_commit_callbacks, attachments=[pdf_file("rapport.pdf")]
    )
    form = NominationForm(
        nomination_post_data(effort_name="Nytt namn"),
        criteria=nomination.prize_year.ordered_criteria(),
    )
    assert form.is_valid()
    mail.outbox.clear()
    with (
        time_machine.travel(MIDSUMMER, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        correct_nomination(
            nomination=nomination,
            fields=form.nomination_fields(),
            organisations=form.cleaned_data["organisations"],
            answers=form.answers(),
            at=MIDSUMMER,
        )
    assert "Bifogade filer (de finns kvar som de kom in)" in mail.outbox[0].body


# Another prize's e-mails name that prize, its administration and its ceremony (issue 23).

THEIRS = ("Trygghetspriset", "socialförvaltningen", "trygghetskonferens")


def test_receipt_of_another_prize_names_the_prize_its_administration_and_ceremony(
    client, db, django_capture_on_commit_callbacks
):
    make_prize_year(prize=make_prize(ceremony="miljögalan"))
    nomination = nominate(client, django_capture_on_commit_callbacks, slug="miljopriset")
    (receipt,) = mail.outbox
    assert receipt.subject == f"Din nominering till Miljöpriset 2030 ({nomination.reference})"
    assert "Tack för att du har nominerat ”Trygga stråk i Tensta” till Miljöpriset 2030." in (
        receipt.body
    )
    assert (
        "Efter nomineringsperioden går miljöförvaltningen igenom varje nominering mot årets "
        "obligatoriska kriterier. Sedan bedömer juryn insatserna och utser en vinnare, som "
        "tillkännages på miljögalan."
    ) in receipt.body
    assert not [theirs for theirs in THEIRS if theirs in receipt.body]


def test_receipt_of_trygghetspriset_reads_as_before(
    client, prize_year, django_capture_on_commit_callbacks
):
    nomination = nominate(client, django_capture_on_commit_callbacks)
    (receipt,) = mail.outbox
    assert receipt.subject == f"Din nominering till Trygghetspriset 2030 ({nomination.reference})"
    assert (
        "Efter nomineringsperioden går socialförvaltningen igenom varje nominering mot årets "
        "obligatoriska kriterier. Sedan bedömer juryn insatserna och utser en vinnare, som "
        "tillkännages på trygghetskonferensen."
    ) in receipt.body


def other_prizes_mail(queue) -> str:
    nomination = make_nomination(make_prize_year(prize=make_prize()))
    with time_machine.travel(MIDSUMMER, tick=False):
        queue(nomination_id=nomination.pk, language="sv", recipients=["a@example.se"])
    return OutgoingMail.objects.get().body


def test_correction_confirmation_of_another_prize_names_its_administration(db):
    body = other_prizes_mail(emails.queue_correction_receipt)
    assert "kontakta miljöförvaltningen genast och ange referensnumret." in body
    assert not [theirs for theirs in THEIRS if theirs in body]


def test_withdrawal_confirmation_of_another_prize_names_the_prize_and_its_administration(db):
    body = other_prizes_mail(emails.queue_withdrawal_receipt)
    assert "bedöms inte av juryn för Miljöpriset 2030." in body
    assert "kontakta miljöförvaltningen genast och ange referensnumret." in body
    assert not [theirs for theirs in THEIRS if theirs in body]


def test_address_changed_notice_of_another_prize_names_the_prize_and_its_administration(db):
    body = other_prizes_mail(emails.queue_address_changed_notice)
    assert "till Miljöpriset 2030 har ändrats via länken i kvittot." in body
    assert "kontakta miljöförvaltningen genast på miljopriset@example.se" in body
    assert not [theirs for theirs in THEIRS if theirs in body]


def test_receipt_in_english_names_the_administration_and_the_conference_in_english(
    client, prize_year, django_capture_on_commit_callbacks
):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    nominate(client, django_capture_on_commit_callbacks)
    assert (
        "After the nomination period the Social Services Administration checks every "
        "nomination against the year's mandatory criteria. The jury then assesses the efforts "
        "and chooses one winner, who is announced at the safety conference."
    ) in mail.outbox[0].body
