"""Who decides: the jury itself, or a committee (nämnd) on the jury's proposal.

For most prizes, Trygghetspriset among them, the jury decides and its justerad Decision
is the decision of record. For a prize whose owner keeps the power to decide
(Prize.decider, say Kulturnämnden for the culture prizes), the very same record (the
votes, the justering, the reservations and the PDF) is the jury's proposal (förslag),
and the administration records here what the committee then decided on it: the body,
the date, the paragraph (§) and the case number of its minutes, whether it followed the
proposal and, if not, what it decided instead and why: its own winners (one, or several
sharing the prize) or not to award the prize, with its reason. Whatever the jury
proposed (one winner, a shared prize, not awarded) the committee may follow.

Nothing is published before that (jury/phases.py asks `publication_blockers`), and the
public outcome is the committee's (nominations/winners.py reads the same row). The
proposal's PDF was frozen at the justering, before the committee met, so it cannot
carry the committee's decision: that is a short document of its own, rendered once when
the decision is recorded and stored with its SHA-256, citing the proposal by its
checksum.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from hashlib import sha256

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import AuditAction, AuditEntry, Effort, PrizeYear, in_swedish
from trygghetspris.people import display_name, join_names

from . import awards
from .documents import render
from .errors import CommitteeError
from .models import CommitteeDecision, CommitteeWinner, Decision

TEMPLATE = "jury/pdf/committee_decision.html"


def committee_decides(prize_year: PrizeYear) -> bool:
    """Whether the jury's decision of this year is only a proposal to a committee."""
    return prize_year.prize.committee_decides


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


def winner_of_record(*, prize_year: PrizeYear) -> CommitteeDecision | Decision | None:
    """What was decided, as it stands: the committee's decision where one decides (None
    until it is recorded), else the jury's (None until it has decided).

    Either reads its outcome alike (jury/decision_models.py WinnersOfRecord): every
    winner, the first one first (`winners`, `winner_names`), or none and the reason the
    prize is not awarded. Which one stands is the year's rule
    (PrizeYear.outcome_of_record), the one the public pages read too.
    """
    year = (
        PrizeYear.objects.select_related("prize", "decision__effort", "committee_decision__effort")
        .defer("decision__document", "committee_decision__document")
        .prefetch_related(
            "decision__shared_winners__effort", "committee_decision__shared_winners__effort"
        )
        .get(pk=prize_year.pk)
    )
    return year.outcome_of_record


def outcome_blockers(
    *,
    prize_year: PrizeYear,
    proposal: Decision,
    followed_proposal: bool,
    winners: Sequence[Effort],
    not_awarded_reason: str,
    motivation: str,
) -> list[str]:
    """Why this cannot be the committee's decision on the proposal; empty when it can.

    Following the proposal, the outcome is the proposal's: winners or a reason given
    must be the same. Otherwise the committee names its own winners (checked as any set
    of winners is, jury/awards.py) or decides not to award the prize, with its reason,
    and says why it decided otherwise. A decision the same as the proposal followed it.
    """
    winners, reason = list(winners), not_awarded_reason.strip()
    proposed = proposal.winners
    same = {effort.pk for effort in winners} == {effort.pk for effort in proposed}
    if followed_proposal:
        if (winners and not same) or (reason and reason != proposal.not_awarded_reason):
            return [
                _(
                    "The committee followed the proposal, so the outcome is the jury's. Leave "
                    "the winners and the reason not to award empty, or answer that the "
                    "committee decided otherwise."
                )
            ]
        return []
    if winners and reason:
        blockers = [
            _(
                "Give either the winners the committee chose or its reason not to award the "
                "prize, not both."
            )
        ]
    elif reason:
        blockers = (
            []
            if proposal.awarded
            else [
                _(
                    "The jury too proposed not to award the prize. If the committee decided "
                    "so, it followed the proposal."
                )
            ]
        )
    elif not winners:
        blockers = [
            _("Choose the winners the committee chose, or give its reason not to award the prize.")
        ]
    else:
        blockers = awards.winner_set_blockers(prize_year=prize_year, efforts=winners)
        if not blockers and same:
            blockers = [
                _(
                    "“%(proposed)s” is the effort the jury proposed. If the committee chose "
                    "it, it followed the proposal."
                )
                % {"proposed": proposal.winner_names}
                if len(winners) == 1
                else _(
                    "The jury proposed the same winners: %(names)s. If the committee chose "
                    "them, it followed the proposal."
                )
                % {"names": proposal.winner_names}
            ]
    if not motivation.strip():
        blockers.append(
            _("Give the committee's motivation for deciding otherwise than the jury proposed.")
        )
    return blockers


@transaction.atomic
def record_committee_decision(
    *,
    prize_year: PrizeYear,
    body: str,
    decided_on: date,
    paragraph: str,
    case_number: str,
    followed_proposal: bool,
    winners: Sequence[Effort] = (),
    not_awarded_reason: str = "",
    motivation: str = "",
    by,
) -> CommitteeDecision:
    """Record the committee's decision on the jury's justerad proposal, once.

    Following the proposal, its outcome is the proposal's, stored in full: its winners
    (one, or several sharing the prize) or the reason it is not awarded. Otherwise the
    committee names its own winners, the first one first, or its reason not to award,
    and says why (outcome_blockers). The jury's honourable mentions are the jury's own:
    the committee decides on the winners, and the mentions stand as proposed.
    The short PDF/A of the decision is rendered now, with the year locked, and stored.
    """
    prize_year = PrizeYear.objects.locked(prize_year.pk, error=CommitteeError)
    if blockers := recording_blockers(prize_year=prize_year):
        raise CommitteeError(" ".join(blockers))
    proposal = (
        Decision.objects.select_related("effort")
        .prefetch_related("shared_winners__effort", "mentions__effort")
        .get(prize_year=prize_year)
    )
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
    if problems := outcome_blockers(
        prize_year=prize_year,
        proposal=proposal,
        followed_proposal=followed_proposal,
        winners=winners,
        not_awarded_reason=not_awarded_reason,
        motivation=motivation,
    ):
        raise CommitteeError(" ".join(problems))
    if followed_proposal:
        winners, reason = proposal.winners, proposal.not_awarded_reason
    else:
        winners, reason = list(winners), not_awarded_reason.strip()
    committee = CommitteeDecision.objects.create(
        prize_year=prize_year,
        body=body,
        decided_on=decided_on,
        paragraph=paragraph,
        case_number=case_number,
        followed_proposal=followed_proposal,
        effort=winners[0] if winners else None,
        not_awarded_reason=reason,
        motivation=motivation,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    CommitteeWinner.objects.bulk_create(
        CommitteeWinner(decision=committee, effort=effort, position=position)
        for position, effort in enumerate(winners[1:], start=2)
    )
    # Rendered once, with the year locked, from the rows as they are recorded.
    content = render.render_pdf(
        template=TEMPLATE, context=document_context(committee, proposal=proposal)
    )
    committee.document = content
    committee.document_sha256 = sha256(content).hexdigest()
    committee.save(update_fields=["document", "document_sha256"])
    _audit(committee, proposal=proposal, by=by)
    return committee


def _in_words(decision: CommitteeDecision | Decision, *, year: int) -> str:
    """What a decision gives, as the audit trail's sentences say it (in Swedish)."""
    with translation.override("sv"):
        names = [f"”{effort.name}”" for effort in decision.winners]
        if not names:
            return _("not to award the prize of %(year)s, with the reason “%(reason)s”") % {
                "year": year,
                "reason": decision.not_awarded_reason,
            }
        if len(names) == 1:
            return _("that %(name)s wins %(year)s") % {"name": names[0], "year": year}
        return _("that %(names)s share the prize of %(year)s") % {
            "names": join_names(names),
            "year": year,
        }


def _audit(committee: CommitteeDecision, *, proposal: Decision, by) -> None:
    year = committee.prize_year.year
    AuditEntry.record(
        actor=by,
        action=AuditAction.COMMITTEE_DECISION,
        prize_year=committee.prize_year,
        summary=(
            gettext_lazy(
                "%(body)s decided on %(day)s (%(paragraph)s, case number %(case_number)s), "
                "following the jury's proposal, %(outcome)s. Stored as PDF/A, SHA-256 "
                "%(sha256)s."
            )
            if committee.followed_proposal
            else gettext_lazy(
                "%(body)s decided on %(day)s (%(paragraph)s, case number %(case_number)s) "
                "%(outcome)s. It did not follow the jury's proposal %(proposed)s. Stored as "
                "PDF/A, SHA-256 %(sha256)s."
            )
        ),
        params={
            "body": committee.body,
            "day": in_swedish(committee.decided_on),
            "paragraph": committee.paragraph,
            "case_number": committee.case_number,
            "outcome": _in_words(committee, year=year),
            "proposed": _in_words(proposal, year=year),
            "sha256": committee.document_sha256,
        },
        changes={
            "body": committee.body,
            "decided_on": committee.decided_on.isoformat(),
            "paragraph": committee.paragraph,
            "case_number": committee.case_number,
            "followed_proposal": committee.followed_proposal,
            "winners": [effort.pk for effort in committee.winners],
            "not_awarded_reason": committee.not_awarded_reason,
            "proposed": [effort.pk for effort in proposal.winners],
            "motivation": committee.motivation,
            "document_sha256": committee.document_sha256,
        },
    )


def document_context(committee: CommitteeDecision, *, proposal: Decision) -> dict:
    """What the committee's document states: the decision, and the proposal it was on.

    The jury's honourable mentions stand as proposed, but for an effort the committee
    made a winner: that one is named a winner, not also mentioned.
    """
    prize_year = committee.prize_year
    winners = committee.winners
    return {
        "committee": committee,
        "winners": winners,
        "proposal": proposal,
        "proposed": proposal.winners,
        "mentions": [m for m in proposal.mentions.all() if m.effort not in winners],
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
