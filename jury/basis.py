"""The basis of the decision (beslutsunderlag), frozen when the vote opens, and the
föredragande who prepared the matter (förvaltningslagen 31 §).

When the vote opens (jury/phases.py: open_vote) two documents are frozen in the same
transaction: the assessment dossier as the jury has it, and a summary of the scores as
counted (each effort, each juror's score, what is not counted and why, mean and spread).
Their HTML is written to a BasisDocument row at that moment, so what they show is the
state when the vote opened, whatever changes later. Laying out a dossier of hundreds of
efforts takes WeasyPrint minutes, longer than a request may last, so the documents
worker turns the frozen HTML into PDF/A once (render_basis) and stores it with its
SHA-256; from then on the row never changes (jury/document_models.py). The frozen HTML
names attached images by their SHA-256 and our static files by "static:", the way the
dossier's content key does (jury/documents/store.py), so that it depends on nothing
that may move; the worker reads them back through frozen_fetcher.

The summary reads the same functions that count (jury/participation.py, and ranking and
score_sheet in jury/scoring.py), so it cannot say something other than what was counted.
The decision lists the stored documents with their checksums, and its justering waits
for them and for the föredragande (jury/justering.py).
"""

import logging
from datetime import datetime, timedelta
from functools import partial
from hashlib import sha256
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Django 6 has this as django.tasks.task.
from django_tasks import task
from weasyprint import default_url_fetcher

from nominations.attachments import preview_data_uri
from nominations.models import (
    Attachment,
    AuditAction,
    AuditEntry,
    ConflictRule,
    PrizeYear,
    in_swedish,
)

from .documents import render
from .errors import JuryError
from .models import BasisDocument, BasisKind, Decision
from .participation import participation
from .scoring import assessment_criteria, disagreement_spread, score_sheet, uncounted_scores

log = logging.getLogger(__name__)

# A failed render of the basis is tried again, after 10, 20, 30 and 40 minutes.
RETRIES = 5
RETRY_AFTER = timedelta(minutes=10)

SCORES_TEMPLATE = "jury/pdf/score_summary.html"
# Where the frozen HTML points for our static files; frozen_fetcher reads them from
# static/ of the machine that renders.
STATIC = "static:"
TITLES = {
    BasisKind.DOSSIER: "Underlag för bedömning – {prize} {year}",
    BasisKind.SCORES: "Sammanställning av juryns poäng – {prize} {year}",
}


class BasisError(JuryError):
    """A step about the basis or the föredragande that cannot be taken now."""


def score_summary_context(*, prize_year: PrizeYear, at: datetime) -> dict:
    """Everything the summary of the scores shows, from the count at the moment `at`."""
    count = participation(prize_year=prize_year, at=at)
    criteria = assessment_criteria(prize_year)
    return {
        "prize_year": prize_year,
        "title": TITLES[BasisKind.SCORES].format(prize=prize_year.prize.name, year=prize_year.year),
        "frozen_at": at,
        "count": count,
        "criteria": criteria,
        "sheet": score_sheet(prize_year=prize_year, known=count),
        "uncounted": uncounted_scores(prize_year=prize_year, known=count),
        "whole_matter": prize_year.conflict_rule == ConflictRule.MATTER,
        "disagreement": disagreement_spread(criteria),
    }


def _sources(prize_year: PrizeYear, at: datetime) -> list[tuple[str, str, dict]]:
    return [
        (
            BasisKind.DOSSIER,
            render.DOSSIER_TEMPLATE,
            # The dossier the jury downloads, its images named by their checksums.
            {**render.dossier_context(prize_year=prize_year), "key_only": True},
        ),
        (BasisKind.SCORES, SCORES_TEMPLATE, score_summary_context(prize_year=prize_year, at=at)),
    ]


def freeze_basis(*, prize_year: PrizeYear, at: datetime, by) -> list[BasisDocument]:
    """Freeze the year's basis as it is at `at`; called by open_vote with the year locked.

    Each document's HTML is written now, in the caller's transaction, and its PDF is
    queued for the documents worker. A basis already frozen is kept as it is.
    """
    documents = []
    for kind, template, context in _sources(prize_year, at):
        if BasisDocument.objects.filter(prize_year=prize_year, kind=kind).exists():
            continue
        document = BasisDocument.objects.create(
            prize_year=prize_year,
            kind=kind,
            title=TITLES[kind].format(prize=prize_year.prize.name, year=prize_year.year),
            created_at=at,
            created_by=by,
            source_html=render.render_html(
                template=template, context=context, printed_at=at, assets=STATIC
            ),
        )
        # In the same transaction: a vote that opens has its basis queued, or neither.
        render_basis.enqueue(document_id=document.pk)
        documents.append(document)
    return documents


def frozen_fetcher(url: str, *args, prize_year_id: int, **kwargs) -> dict:
    """What the frozen HTML refers to: our static files, and the year's attached images.

    As strict as render.local_only_fetcher: nothing outside static/, and no network.
    An image whose file a retention rule has removed since is left out, as the dossier
    leaves out a file it cannot read.
    """
    parts = urlsplit(url)
    if parts.scheme == "static":
        path = (render.ASSETS / unquote(parts.path).lstrip("/")).resolve()
        return render.local_only_fetcher(path.as_uri(), *args, **kwargs)
    if parts.scheme == "sha256":
        attachment = (
            Attachment.objects.kept()
            .filter(nomination__prize_year_id=prize_year_id, sha256=parts.path)
            .first()
        )
        uri = preview_data_uri(attachment) if attachment else ""
        if not uri:
            raise render.RefusedURL("the attached image is no longer kept")
        return default_url_fetcher(uri)
    return render.local_only_fetcher(url, *args, **kwargs)


def _pdf_of(document: BasisDocument) -> bytes:
    return render.write_pdf(
        document.source_html,
        printed_at=document.created_at,
        url_fetcher=partial(frozen_fetcher, prize_year_id=document.prize_year_id),
    )


@transaction.atomic
def store_pdf(*, document: BasisDocument, content: bytes) -> bool:
    """Store the PDF of a frozen document once, with its checksum, and audit it."""
    digest = sha256(content).hexdigest()
    # Conditional: of two workers on the same document, the first one's PDF is the record.
    stored = BasisDocument.objects.filter(pk=document.pk, content__isnull=True).update(
        content=content, sha256=digest, stored_at=timezone.now(), failure=""
    )
    if not stored:
        return False
    AuditEntry.record(
        actor=None,
        action=AuditAction.BASIS_FROZEN,
        prize_year=document.prize_year,
        summary=gettext_lazy(
            "Stored “%(title)s” as PDF/A, as it stood when the vote opened on %(at)s. "
            "SHA-256 %(sha256)s."
        ),
        params={"title": document.title, "at": in_swedish(document.created_at), "sha256": digest},
        changes={"document": document.pk, "kind": document.kind, "sha256": digest},
    )
    return True


# A queue of its own, with a worker of its own: a dossier takes minutes, mail must not wait.
@task(queue_name="documents")
def render_basis(*, document_id: int, attempt: int = 1) -> str:
    """Lay out one frozen document of the basis as PDF/A and store it, if not yet stored.

    A render that fails is tried again later by itself (RETRIES times, further apart
    each time): the justering waits for the basis, and nobody need ask for it.
    """
    document = (
        BasisDocument.objects.select_related("prize_year")
        .filter(pk=document_id, content__isnull=True)
        .first()
    )
    if document is None:
        return "skipped"
    try:
        content = _pdf_of(document)
    except Exception as error:  # whatever stops this render, the next try may succeed
        log.exception("rendering basis document %s failed", document_id)
        BasisDocument.objects.filter(pk=document_id, content__isnull=True).update(
            failure=f"{type(error).__name__}: {error}"[:1000]
        )
        if attempt < RETRIES:
            later = timezone.now() + RETRY_AFTER * attempt
            render_basis.using(run_after=later).enqueue(
                document_id=document_id, attempt=attempt + 1
            )
        return "failed"
    return "done" if store_pdf(document=document, content=content) else "skipped"


def stored_basis(*, prize_year: PrizeYear) -> list[BasisDocument]:
    """The year's basis as the decision lists it: the stored documents, without content."""
    return list(
        BasisDocument.objects.stored()
        .filter(prize_year=prize_year)
        .defer("content", "source_html")
        .order_by("kind")
    )


def basis_blockers(*, prize_year: PrizeYear) -> list[str]:
    """What stands between the basis and the justering: missing, or not yet stored."""
    documents = BasisDocument.objects.filter(prize_year=prize_year).defer("content", "source_html")
    if len(documents) < len(BasisKind.values):
        return [
            _(
                "The basis of the decision for %(year)s is missing: it is stored when the "
                "vote opens. Ask the administration to contact the system's support."
            )
            % {"year": prize_year.year}
        ]
    if any(document.failure and not document.is_stored for document in documents):
        return [
            _(
                "The basis of the decision for %(year)s could not be stored as PDF/A yet. "
                "The system tries again by itself; if this message stays for more than an "
                "hour, ask the administration to contact the system's support."
            )
            % {"year": prize_year.year}
        ]
    if any(not document.is_stored for document in documents):
        return [
            _(
                "The basis of the decision for %(year)s is still being stored as PDF/A. "
                "Try again in a few minutes."
            )
            % {"year": prize_year.year}
        ]
    return []


def foredragande_blockers(*, prize_year: PrizeYear) -> list[str]:
    if prize_year.foredragande_name.strip() and prize_year.foredragande_title.strip():
        return []
    return [
        _(
            "The administration must first enter who presented the matter (föredragande), "
            "with name and title, on the prize year %(year)s in the admin; the decision "
            "names them."
        )
        % {"year": prize_year.year}
    ]


def check_foredragande(*, prize_year: PrizeYear) -> None:
    """Refuse a change of the föredragande once the decision naming them is stored."""
    if Decision.objects.filter(prize_year=prize_year, document__isnull=False).exists():
        raise BasisError(
            _(
                "The decision for %(year)s is checked and stored, so the föredragande it "
                "names can no longer change."
            )
            % {"year": prize_year.year}
        )


@transaction.atomic
def set_foredragande(*, prize_year: PrizeYear, name: str, title: str, by) -> PrizeYear:
    """Record who in the administration prepared the matter for the jury (föredragande)."""
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=BasisError)
    before = {"name": prize_year.foredragande_name, "title": prize_year.foredragande_title}
    after = {"name": name.strip(), "title": title.strip()}
    if before == after:
        return prize_year
    check_foredragande(prize_year=prize_year)
    prize_year.foredragande_name, prize_year.foredragande_title = after["name"], after["title"]
    prize_year.save(update_fields=["foredragande_name", "foredragande_title"])
    AuditEntry.record(
        actor=by,
        action=AuditAction.FOREDRAGANDE_SET,
        prize_year=prize_year,
        summary=gettext_lazy(
            "Recorded %(name)s, %(title)s, as föredragande of the matter for %(year)s."
        ),
        params={
            "name": after["name"] or "–",
            "title": after["title"] or "–",
            "year": prize_year.year,
        },
        changes={"before": before, "after": after},
    )
    return prize_year
