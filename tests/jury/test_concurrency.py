"""Simultaneous double submissions, on PostgreSQL where rows are really locked."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jury.models import RenderedDocument, Score, Vote
from nominations.models import JuryPhase
from tests.factories import log_in_verified, make_eligible_nomination, make_juror, make_prize_year
from tests.phases import bring_to_phase

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
    ),
]
ATTEMPTS = 4


def post_at_once(url: str, data: dict | None, clients: list[Client]) -> list[int]:
    """POST from every client at the same moment (GET without data); returns the status codes."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def submit(client: Client) -> None:
        try:
            barrier.wait()
            response = client.get(url) if data is None else client.post(url, data)
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def juror_clients(user) -> list[Client]:
    clients = [Client() for _ in range(ATTEMPTS)]
    for client in clients:
        log_in_verified(client, user)
    return clients


def test_simultaneous_scores_leave_one_row_and_no_error():
    prize_year = make_prize_year()
    effort = make_eligible_nomination(prize_year).effort
    bring_to_phase(prize_year, JuryPhase.SCORING)
    juror = make_juror(prize_year)
    url = reverse("jury:effort", args=[prize_year.year, effort.pk])
    data = {"innovation": "4", "inspiration": "4", "results": "4", "comment": ""}
    statuses = post_at_once(url, data, juror_clients(juror))
    assert Score.objects.filter(juror=juror, effort=effort).count() == 1
    assert all(status < 500 for status in statuses), statuses


@pytest.mark.pdf
def test_simultaneous_votes_leave_one_row_and_no_error():
    prize_year = make_prize_year()
    effort = make_eligible_nomination(prize_year, effort_name="Vald").effort
    make_juror(prize_year, "chair", role="chair")
    bring_to_phase(prize_year, JuryPhase.VOTING, shortlist=[effort])
    juror = make_juror(prize_year)
    statuses = post_at_once(
        reverse("jury:vote", args=[prize_year.year]),
        {"effort": effort.pk, "confirm": "yes"},
        juror_clients(juror),
    )
    assert Vote.objects.filter(juror=juror, prize_year=prize_year).count() == 1
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(302) == 1


def test_simultaneous_dossier_downloads_queue_one_render(mail_worker_stopped):
    prize_year = make_prize_year()
    make_eligible_nomination(prize_year, effort_name="Trygga trapphus")
    bring_to_phase(prize_year, JuryPhase.SCORING)
    clients = []
    for n in range(ATTEMPTS):
        client = Client()
        log_in_verified(client, make_juror(prize_year, f"ledamot{n}"))
        clients.append(client)
    statuses = post_at_once(reverse("jury:dossier_pdf", args=[prize_year.year]), None, clients)
    document = RenderedDocument.objects.get()
    assert statuses == [302] * ATTEMPTS
    assert (document.status, document.attempt) == ("queued", 1)
    assert (
        DBTaskResult.objects.filter(task_path="jury.documents.store.render_document").count() == 1
    )
