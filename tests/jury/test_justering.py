import threading
from datetime import timedelta
from hashlib import sha256
from unittest import mock

import pytest
from django.db import connection

from jury import justering
from jury.documents import render
from jury.models import Decision, JuryMembership, Reservation
from nominations.models import AuditAction, AuditEntry
from tests.factories import (
    make_decision,
    make_eligible_nomination,
    make_juror,
    make_prize_year,
)
from tests.pdfa import assert_archival


@pytest.fixture
def decision(prize_year, chair, juror):
    prize_year.case_number = "SN 2030/0417"
    prize_year.save()
    winner = make_eligible_nomination(prize_year, effort_name="Nattvandring i Årsta").effort
    return make_decision(prize_year, votes={chair: winner, juror: winner}, with_basis=True)


@pytest.fixture
def with_justerare(decision, chair, juror):
    return justering.name_justerare(decision=decision, justerare=juror, by=chair)


def fresh(decision) -> Decision:
    return Decision.objects.get(pk=decision.pk)


def check_both(decision, chair_membership, membership) -> Decision:
    justering.mark_checked(decision=decision, membership=chair_membership)
    return justering.mark_checked(decision=decision, membership=membership)


# Naming the justerare.


@pytest.mark.pdf
def test_name_justerare_records_juror_and_audit_entry(decision, chair, juror):
    justering.name_justerare(decision=decision, justerare=juror, by=chair)
    assert fresh(decision).justerare == juror
    entry = AuditEntry.objects.get(action=AuditAction.JUSTERARE_NAMED)
    assert entry.actor == chair
    assert (
        entry.summary == "Chair Jurysson utsåg Juror Jurysson till justerare av beslutet för 2030."
    )


@pytest.mark.pdf
def test_name_justerare_refused_for_member(decision, juror):
    other = make_juror(decision.prize_year, "annan")
    with pytest.raises(justering.JusteringError, match="ordförande utser justerare"):
        justering.name_justerare(decision=decision, justerare=other, by=juror)
    assert fresh(decision).justerare is None


@pytest.mark.pdf
def test_name_justerare_refused_for_the_chair_themself(decision, chair):
    with pytest.raises(justering.JusteringError):
        justering.name_justerare(decision=decision, justerare=chair, by=chair)
    assert fresh(decision).justerare is None


@pytest.mark.pdf
def test_name_justerare_refused_for_juror_of_another_year(decision, chair, juror_of_another_year):
    with pytest.raises(justering.JusteringError):
        justering.name_justerare(decision=decision, justerare=juror_of_another_year, by=chair)
    assert fresh(decision).justerare is None


@pytest.mark.pdf
def test_name_justerare_refused_for_juror_whose_appointment_ended(decision, chair, membership):
    membership.ended_at = decision.decided_at - timedelta(hours=1)
    membership.save()
    with pytest.raises(justering.JusteringError):
        justering.name_justerare(decision=decision, justerare=membership.user, by=chair)


@pytest.mark.pdf
def test_name_justerare_refused_once_checked(with_justerare, chair, chair_membership, membership):
    check_both(with_justerare, chair_membership, membership)
    other = make_juror(with_justerare.prize_year, "annan")
    with pytest.raises(justering.JusteringError, match="redan justerat"):
        justering.name_justerare(decision=with_justerare, justerare=other, by=chair)
    assert fresh(with_justerare).justerare == membership.user


@pytest.mark.pdf
def test_name_new_justerare_undoes_the_previous_justerares_check(with_justerare, chair, membership):
    justering.mark_checked(decision=with_justerare, membership=membership)
    other = make_juror(with_justerare.prize_year, "annan")
    justering.name_justerare(decision=with_justerare, justerare=other, by=chair)
    current = fresh(with_justerare)
    assert current.justerare == other and current.justerare_checked_at is None


# Reservations.


@pytest.mark.pdf
def test_enter_reservation_saves_text_and_audit_entry(decision, membership):
    justering.enter_reservation(
        decision=decision, membership=membership, text="  Jag reserverar mig.  "
    )
    assert Reservation.objects.get().text == "Jag reserverar mig."
    entry = AuditEntry.objects.get(action=AuditAction.RESERVATION)
    assert entry.actor == membership.user and entry.changes == {"text": "Jag reserverar mig."}


@pytest.mark.pdf
def test_enter_reservation_again_edits_the_same_row(decision, membership):
    justering.enter_reservation(decision=decision, membership=membership, text="Första lydelsen.")
    justering.enter_reservation(decision=decision, membership=membership, text="Andra lydelsen.")
    assert list(Reservation.objects.values_list("text", flat=True)) == ["Andra lydelsen."]
    assert AuditEntry.objects.filter(action=AuditAction.RESERVATION).count() == 2


@pytest.mark.pdf
def test_enter_reservation_refused_after_checking(with_justerare, chair_membership, membership):
    check_both(with_justerare, chair_membership, membership)
    with pytest.raises(justering.JusteringError, match="redan justerat"):
        justering.enter_reservation(
            decision=with_justerare, membership=membership, text="För sent inkommen."
        )
    assert not Reservation.objects.exists()


@pytest.mark.pdf
def test_enter_reservation_refused_for_juror_of_another_year(decision, juror_of_another_year):
    other = JuryMembership.objects.get(user=juror_of_another_year)
    with pytest.raises(justering.JusteringError):
        justering.enter_reservation(decision=decision, membership=other, text="Inte min jury.")
    assert not Reservation.objects.exists()


@pytest.mark.pdf
def test_enter_reservation_refused_when_blank(decision, membership):
    with pytest.raises(justering.JusteringError):
        justering.enter_reservation(decision=decision, membership=membership, text="   ")
    assert not Reservation.objects.exists()


@pytest.mark.pdf
def test_enter_reservation_after_one_check_undoes_the_check(
    with_justerare, chair_membership, membership
):
    justering.mark_checked(decision=with_justerare, membership=chair_membership)
    justering.enter_reservation(
        decision=with_justerare, membership=membership, text="Jag reserverar mig."
    )
    current = fresh(with_justerare)
    assert current.chair_checked_at is None and current.justerare_checked_at is None
    assert AuditEntry.objects.filter(action=AuditAction.CHECKS_UNDONE).count() == 1


@pytest.mark.pdf
def test_withdraw_reservation_removes_it_and_writes_audit_entry(decision, membership):
    justering.enter_reservation(
        decision=decision, membership=membership, text="Jag reserverar mig."
    )
    justering.withdraw_reservation(decision=decision, membership=membership)
    assert not Reservation.objects.exists()
    assert AuditEntry.objects.filter(changes__withdrawn=True).count() == 1


@pytest.mark.pdf
def test_withdraw_reservation_without_one_is_refused(decision, membership):
    with pytest.raises(justering.JusteringError):
        justering.withdraw_reservation(decision=decision, membership=membership)


# Checking (justering) and the stored document.


@pytest.mark.pdf
def test_mark_checked_refused_without_justerare(decision, chair_membership):
    with pytest.raises(justering.JusteringError, match="först utse en justerare"):
        justering.mark_checked(decision=decision, membership=chair_membership)
    assert fresh(decision).chair_checked_at is None


@pytest.mark.pdf
def test_mark_checked_refused_without_case_number(with_justerare, chair_membership):
    with_justerare.prize_year.case_number = ""
    with_justerare.prize_year.save()
    with pytest.raises(justering.JusteringError, match="diarienumret"):
        justering.mark_checked(decision=with_justerare, membership=chair_membership)
    assert fresh(with_justerare).chair_checked_at is None


@pytest.mark.pdf
def test_mark_checked_refused_for_member_who_is_not_justerare(with_justerare):
    other = JuryMembership.objects.get(user=make_juror(with_justerare.prize_year, "annan"))
    with pytest.raises(justering.JusteringError):
        justering.mark_checked(decision=with_justerare, membership=other)
    current = fresh(with_justerare)
    assert current.chair_checked_at is None and current.justerare_checked_at is None


@pytest.mark.pdf
def test_mark_checked_twice_by_the_same_juror_is_refused(with_justerare, chair_membership):
    justering.mark_checked(decision=with_justerare, membership=chair_membership)
    with pytest.raises(justering.JusteringError, match="Du har redan justerat"):
        justering.mark_checked(decision=with_justerare, membership=chair_membership)


@pytest.mark.pdf
def test_mark_checked_by_one_stores_no_document(with_justerare, membership):
    justering.mark_checked(decision=with_justerare, membership=membership)
    current = fresh(with_justerare)
    assert current.justerare_checked_at is not None
    assert not current.is_checked and current.document_sha256 == ""
    assert AuditEntry.objects.filter(action=AuditAction.DECISION_CHECKED).count() == 1


@pytest.mark.pdf
def test_mark_checked_by_both_stores_pdf_and_its_sha256(
    with_justerare, chair_membership, membership
):
    check_both(with_justerare, membership, chair_membership)
    current = fresh(with_justerare)
    content = bytes(current.document)
    assert current.is_checked
    assert_archival(content)
    assert current.document_sha256 == sha256(content).hexdigest()
    last = AuditEntry.objects.filter(action=AuditAction.DECISION_CHECKED).latest("pk")
    assert current.document_sha256 in last.summary
    assert last.changes["document_sha256"] == current.document_sha256


@pytest.mark.pdf
def test_checked_decision_is_rendered_once_and_then_served_as_stored(
    with_justerare, chair_membership, membership
):
    with mock.patch.object(render, "render_pdf", wraps=render.render_pdf) as rendering:
        check_both(with_justerare, chair_membership, membership)
        served = [justering.decision_document(decision=with_justerare) for _ in range(2)]
    assert rendering.call_count == 1
    assert served == [bytes(fresh(with_justerare).document)] * 2


@pytest.mark.pdf
def test_decision_document_before_checking_is_a_fresh_draft(decision):
    with mock.patch.object(render, "render_pdf", return_value=b"%PDF-draft") as rendering:
        assert justering.decision_document(decision=decision) == b"%PDF-draft"
    assert rendering.call_args.kwargs["context"]["draft"] is True


@pytest.mark.pdf
def test_participants_leave_out_appointment_ended_before_the_decision(decision):
    before = JuryMembership.objects.get(user=make_juror(decision.prize_year, "fore"))
    after = JuryMembership.objects.get(user=make_juror(decision.prize_year, "efter"))
    JuryMembership.objects.filter(pk=before.pk).update(
        ended_at=decision.decided_at - timedelta(minutes=1)
    )
    JuryMembership.objects.filter(pk=after.pk).update(
        ended_at=decision.decided_at + timedelta(minutes=1)
    )
    taking_part = set(justering.participants(decision=decision))
    assert after in taking_part and before not in taking_part


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
)
@pytest.mark.pdf
def test_simultaneous_checks_by_chair_and_justerare_store_one_document():
    prize_year = make_prize_year(case_number="SN 2030/0417")
    winner = make_eligible_nomination(prize_year).effort
    chair = make_juror(prize_year, "chair", role="chair")
    juror = make_juror(prize_year, "juror")
    decision = make_decision(prize_year, votes={chair: winner, juror: winner}, with_basis=True)
    justering.name_justerare(decision=decision, justerare=juror, by=chair)
    barrier = threading.Barrier(2)
    errors = []

    def check(user) -> None:
        try:
            membership = JuryMembership.objects.get(user=user)
            barrier.wait()
            justering.mark_checked(decision=decision, membership=membership)
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=check, args=(user,)) for user in (chair, juror)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fresh(decision).is_checked
    assert AuditEntry.objects.filter(changes__has_key="document_sha256").count() == 1


@pytest.mark.pdf
def test_reservation_posted_after_justering_is_refused_with_a_message(
    client, with_justerare, chair_membership, membership
):
    from django.urls import reverse

    from tests.factories import log_in_verified

    check_both(with_justerare, chair_membership, membership)
    log_in_verified(client, membership.user)
    response = client.post(
        reverse("jury:decision", args=[2030]),
        {"step": "reservation", "text": "Jag reserverar mig mot beslutet."},
    )
    assert "är redan justerat och sparat" in response.content.decode()
    assert not Reservation.objects.exists()


@pytest.mark.pdf
def test_check_refused_without_justerare_says_why_at_the_top(client, decision, chair):
    from django.urls import reverse

    from tests.factories import log_in_verified

    log_in_verified(client, chair)
    html = client.post(reverse("jury:decision", args=[2030]), {"step": "check"}).content.decode()
    assert html.index("måste först utse en justerare") < html.index("<h1")
    assert fresh(decision).chair_checked_at is None


@pytest.mark.pdf
def test_decision_page_links_the_winners_public_page_once_announced(
    client, with_justerare, chair, chair_membership, membership, administrator
):
    from django.urls import reverse

    from jury import phases
    from tests.factories import log_in_verified

    check_both(with_justerare, chair_membership, membership)
    phases.announce_winner(prize_year=with_justerare.prize_year, by=administrator)
    log_in_verified(client, chair)
    html = client.get(reverse("jury:decision", args=[2030])).content.decode()
    page = reverse("nominations:winner", args=["trygghetspriset", 2030])
    assert f'<a href="{page}">Vinnarens publika sida</a>' in html


@pytest.mark.pdf
def test_decision_page_does_not_link_a_public_page_before_the_announcement(
    client, with_justerare, chair, chair_membership, membership
):
    from django.urls import reverse

    from tests.factories import log_in_verified

    check_both(with_justerare, chair_membership, membership)
    log_in_verified(client, chair)
    html = client.get(reverse("jury:decision", args=[2030])).content.decode()
    assert reverse("nominations:winner", args=["trygghetspriset", 2030]) not in html
    assert "Vinnarens publika sida" not in html
