"""Who decides: the jury itself, or a committee (nämnd) on the jury's proposal.

For most prizes, Trygghetspriset among them, the jury decides and its justerad Decision
is the decision of record. For a prize whose owner keeps the power to decide
(Prize.decider, say Kulturnämnden for the culture prizes), the very same record (the
votes, the justering, the reservations and the PDF) is the jury's proposal (förslag),
and the administration records here what the committee then decided on it: the body,
the date, the paragraph (§) and the case number of its minutes, whether it followed the
proposal and, if not, which eligible effort it chose and why.

Nothing is published before that (jury/phases.py asks `publication_blockers`), and the
public winner is the committee's (nominations/winners.py reads the same row). The
proposal's PDF was frozen at the justering, before the committee met, so it cannot
carry the committee's decision: that is a short document of its own, rendered once when
the decision is recorded and stored with its SHA-256, citing the proposal by its
checksum.
"""

from __future__ import annotations

from datetime import date
from hashlib import sha256

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, PrizeYear, in_swedish
from trygghetspris.people import display_name

from .documents import render
from .errors import CommitteeError
from .models import CommitteeDecision, Decision

TEMPLATE = "jury/pdf/committee_decision.html"


def committee_decides(prize_year: PrizeYear) -> bool:
    """Whether the jury's decision of this year is only a proposal to a committee."""
    return prize_year.prize.committee_decides


def recorded(prize_year: PrizeYear) -> CommitteeDecision | None:
    return (
        CommitteeDecision.objects.filter(prize_year=prize_year)
        .select_related("effort")
        .defer("document")
        .first()
    )


def eligible_efforts(*, prize_year: PrizeYear) -> QuerySet:
    """The efforts the committee may choose: every eligible effort of the year."""
    return Effort.objects.filter(prize_year=prize_year).eligible().order_by("name", "pk")


def recording_blockers(*, prize_year: PrizeYear) -> list[str]:
    """Why the committee's decision cannot be recorded now, in the order to fix them."""
    if not committee_decides(prize_year):
        return [
            _("The jury decides %(prize)s itself. There is no committee's decision to record.")
            % {"prize": prize_year.prize.name}
        ]
    if prize_year.closed_at is not None:
        return [prize_year.closed_message()]
    if CommitteeDecision.objects.filter(prize_year=prize_year).exists():
        return [
            _("The committee's decision on %(year)s is already recorded. It cannot be changed.")
            % {"year": prize_year.year}
        ]
    decision = Decision.objects.filter(prize_year=prize_year).only("document").first()
    if decision is None:
        return [
            _("The jury has not made its proposal for %(year)s yet. Wait for the proposal.")
            % {"year": prize_year.year}
        ]
    if not decision.is_checked:
        return [
            _(
                "The jury's proposal is not yet checked (justerat) by the chair and the "
                "checker. The committee's decision can be recorded once it is."
            )
        ]
    return []


def publication_blockers(*, prize_year: PrizeYear) -> list[str]:
    """Where a committee decides, nothing is published before its decision is recorded."""
    if not committee_decides(prize_year):
        return []
    if CommitteeDecision.objects.filter(prize_year=prize_year).exists():
        return []
    return [
        _(
            "%(body)s has not decided on the jury's proposal yet, or its decision is not "
            "recorded. Record the committee's decision first (the action “Record the "
            "committee's decision”)."
        )
        % {"body": prize_year.prize.deciding_body}
    ]


def winner_of_record(*, prize_year: PrizeYear) -> Effort | None:
    """The winning effort as decided: the committee's where one decides, else the jury's."""
    committee = recorded(prize_year)
    if committee is not None:
        return committee.effort
    decision = Decision.objects.filter(prize_year=prize_year).select_related("effort").first()
    if decision is None or committee_decides(prize_year):
        return None
    return decision.effort


@transaction.atomic
def record_committee_decision(
    *,
    prize_year: PrizeYear,
    body: str,
    decided_on: date,
    paragraph: str,
    case_number: str,
    followed_proposal: bool,
    winner: Effort | None = None,
    motivation: str = "",
    by,
) -> CommitteeDecision:
    """Record the committee's decision on the jury's justerad proposal, once.

    Following the proposal, the winner is the proposed effort (a winner given must be
    that one); otherwise the committee names another eligible effort, and says why.
    The short PDF/A of the decision is rendered now, with the year locked, and stored.
    """
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=CommitteeError)
    if blockers := recording_blockers(prize_year=prize_year):
        raise CommitteeError(" ".join(blockers))
    proposal = Decision.objects.select_related("effort").get(prize_year=prize_year)
    body, paragraph, case_number = body.strip(), paragraph.strip(), case_number.strip()
    motivation = motivation.strip()
    if not (body and paragraph and case_number):
        raise CommitteeError(
            _("Give the committee, the paragraph (§) and the case number of its decision.")
        )
    if not timezone.localdate(proposal.decided_at) <= decided_on <= timezone.localdate():
        raise CommitteeError(
            _(
                "The committee's decision must be dated between the jury's proposal "
                "(%(proposed)s) and today."
            )
            % {"proposed": date_format(timezone.localdate(proposal.decided_at), "DATE_FORMAT")}
        )
    if followed_proposal:
        if winner is not None and winner.pk != proposal.effort_id:
            raise CommitteeError(
                _(
                    "The committee followed the proposal, so the winner is “%(proposed)s”. "
                    "Choose “did not follow” if the committee chose another effort."
                )
                % {"proposed": proposal.effort.name}
            )
        winner = proposal.effort
    else:
        if winner is None or not eligible_efforts(prize_year=prize_year).filter(pk=winner.pk):
            raise CommitteeError(
                _("Choose the effort the committee chose, among the year's eligible efforts.")
            )
        if winner.pk == proposal.effort_id:
            raise CommitteeError(
                _(
                    "“%(proposed)s” is the effort the jury proposed. If the committee chose "
                    "it, it followed the proposal."
                )
                % {"proposed": winner.name}
            )
        if not motivation:
            raise CommitteeError(
                _("Give the committee's motivation for choosing another effort than proposed.")
            )
    committee = CommitteeDecision(
        prize_year=prize_year,
        body=body,
        decided_on=decided_on,
        paragraph=paragraph,
        case_number=case_number,
        followed_proposal=followed_proposal,
        effort=winner,
        motivation=motivation,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    # Rendered once, with the year locked, from the row as it is recorded.
    content = render.render_pdf(
        template=TEMPLATE, context=document_context(committee, proposal=proposal)
    )
    committee.document = content
    committee.document_sha256 = sha256(content).hexdigest()
    committee.save()
    params = {
        "body": body,
        "day": in_swedish(decided_on),
        "paragraph": paragraph,
        "case_number": case_number,
        "year": prize_year.year,
        "winner": winner.name,
        "proposed": proposal.effort.name,
        "sha256": committee.document_sha256,
    }
    AuditEntry.record(
        actor=by,
        action=AuditAction.COMMITTEE_DECISION,
        prize_year=prize_year,
        summary=(
            gettext_lazy(
                "%(body)s decided on %(day)s (%(paragraph)s, case number %(case_number)s), "
                "following the jury's proposal, that “%(winner)s” wins %(year)s. Stored as "
                "PDF/A, SHA-256 %(sha256)s."
            )
            if followed_proposal
            else gettext_lazy(
                "%(body)s decided on %(day)s (%(paragraph)s, case number %(case_number)s), "
                "not following the jury's proposal “%(proposed)s”, that “%(winner)s” wins "
                "%(year)s. Stored as PDF/A, SHA-256 %(sha256)s."
            )
        ),
        params=params,
        changes={
            "body": body,
            "decided_on": decided_on.isoformat(),
            "paragraph": paragraph,
            "case_number": case_number,
            "followed_proposal": followed_proposal,
            "winner": winner.pk,
            "proposed": proposal.effort_id,
            "motivation": motivation,
            "document_sha256": committee.document_sha256,
        },
    )
    return committee


def document_context(committee: CommitteeDecision, *, proposal: Decision) -> dict:
    """What the committee's document states: the decision, and the proposal it was on."""
    prize_year = committee.prize_year
    return {
        "committee": committee,
        "proposal": proposal,
        "prize_year": prize_year,
        "prize": prize_year.prize,
        "owner": prize_year.prize.owner,
        "recorded_by": display_name(committee.recorded_by) if committee.recorded_by else "",
    }


def committee_document(*, prize_year: PrizeYear) -> bytes | None:
    """The stored PDF of the committee's decision, byte for byte; None before it exists."""
    stored = (
        CommitteeDecision.objects.filter(prize_year=prize_year)
        .values_list("document", flat=True)
        .first()
    )
    return bytes(stored) if stored is not None else None


def filename(prize_year: PrizeYear) -> str:
    return f"namndens-beslut-{prize_year.prize.slug}-{prize_year.year}.pdf"
