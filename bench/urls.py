"""The benchmark's URLconf: the application's URLs plus its two yardsticks."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from nominations.models import (
    Answer,
    Criterion,
    Effort,
    MailKind,
    Nomination,
    Organisation,
    PrizeYear,
)
from nominations.outbox import queue_mail


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer, through the same middleware: the yardstick."""
    return HttpResponse("ok")


# The year and its criteria, read once per process: the ceiling is the cost of the
# writes alone, so it reads nothing it could keep.
_YEAR: dict = {}


def _year_and_criteria() -> tuple[PrizeYear, dict[str, Criterion]]:
    if not _YEAR:
        year = PrizeYear.objects.get(year=2099)
        _YEAR["year"] = year
        _YEAR["criteria"] = {c.key: c for c in year.criteria.all() if c.asks_for_text}
    return _YEAR["year"], _YEAR["criteria"]


@require_POST
def bare_write(request: HttpRequest) -> HttpResponse:
    """The ceiling of a nomination: the rows it writes, and nothing else.

    The same POST body as a nomination, CSRF-checked by the same middleware, and the
    same rows (the effort, the nomination, its organisations and answers, the queued
    mail and its delivery tasks) inserted through the ORM in one durable transaction;
    no validation, no template, no read but the request's own.
    """
    year, criteria = _year_and_criteria()
    data = request.POST
    now = timezone.now()
    with transaction.atomic():
        effort = Effort.objects.create(prize_year=year, name=data["effort_name"])
        nomination = Nomination.objects.create(
            prize_year=year,
            effort=effort,
            reference=Nomination.new_reference(year.year),
            submitted_at=now,
            privacy_acknowledged_at=now,
            effort_name=data["effort_name"],
            description=data["description"],
            district=data["district"],
            nominator_name=data["nominator_name"],
            nominator_email=data["nominator_email"],
        )
        organisations = [data[f"organisation_{n}"] for n in (1, 2, 3)]
        Organisation.objects.bulk_create(
            Organisation(nomination=nomination, name=name, position=position)
            for position, name in enumerate(organisations)
        )
        Answer.objects.bulk_create(
            Answer(nomination=nomination, criterion=criterion, text=data.get(key, ""))
            for key, criterion in criteria.items()
        )
        queue_mail(
            kind=MailKind.RECEIPT,
            subject=f"Nomination {nomination.reference}",
            body=f"{nomination.nominator_name}\n{nomination.effort_name}\n"
            + "\n".join(organisations),
            recipients=[nomination.nominator_email],
        )
    return HttpResponse(nomination.reference)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-write/", bare_write),
    path("", include("trygghetspris.urls")),
]
