"""The register extract (GDPR art. 15): everything held about one e-mail address.

A Swedish PDF that the person who asked can read, with the same data as JSON
embedded in it for machines. It lives in the jury app because it gathers from both
apps: nominations sent from the address, and an account's jury work.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import Attachment

from nominations.models import AuditAction, AuditEntry, Nomination, PrizeYear

from . import pdf
from .models import (
    ConflictDeclaration,
    ConflictQuestion,
    JuryMembership,
    Reservation,
    Score,
    Vote,
)
from .participation import Juror, Participation, participation

JSON_NAME = "registerutdrag.json"
# PDF/A-3 is the archival variant that may carry an attachment that is not itself a PDF.
VARIANT = "pdf/a-3b"


@dataclass
class Account:
    user: object
    memberships: list[JuryMembership] = field(default_factory=list)
    conflicts: list[ConflictDeclaration] = field(default_factory=list)
    conflict_questions: list[ConflictQuestion] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    reservations: list[Reservation] = field(default_factory=list)
    audit_entries: list[AuditEntry] = field(default_factory=list)


@dataclass
class RegisterExtract:
    email: str
    made_at: datetime
    nominations: list[Nomination]
    accounts: list[Account]


def collect(*, email: str) -> RegisterExtract:
    # An address given only in a version the nominator later corrected is held too.
    nominations = list(
        Nomination.objects.filter(
            Q(nominator_email__iexact=email) | Q(versions__nominator_email__iexact=email)
        )
        .distinct()
        .select_related("prize_year")
        .prefetch_related(
            "organisations", "versions", "answers", "prize_year__criteria", "attachments"
        )
        .order_by("submitted_at")
    )
    accounts = []
    for user in get_user_model().objects.filter(email__iexact=email).order_by("pk"):
        accounts.append(
            Account(
                user=user,
                memberships=list(
                    JuryMembership.objects.filter(user=user)
                    .select_related("prize_year")
                    .order_by("prize_year__year")
                ),
                conflicts=list(
                    ConflictDeclaration.objects.filter(juror=user)
                    .select_related("effort__prize_year")
                    .order_by("declared_at")
                ),
                conflict_questions=list(
                    ConflictQuestion.objects.filter(juror=user)
                    .select_related("effort", "prize_year")
                    .order_by("recorded_at")
                ),
                scores=list(
                    Score.objects.filter(juror=user)
                    .select_related("effort__prize_year")
                    .prefetch_related("values__criterion")
                    .order_by("updated_at")
                ),
                votes=list(
                    Vote.objects.filter(juror=user)
                    .select_related("effort", "prize_year")
                    .order_by("cast_at")
                ),
                reservations=list(
                    Reservation.objects.filter(juror=user)
                    .select_related("decision__prize_year")
                    .order_by("entered_at")
                ),
                audit_entries=list(AuditEntry.objects.filter(actor=user).order_by("at", "pk")),
            )
        )
    _mark_counting(accounts)
    return RegisterExtract(
        email=email, made_at=timezone.now(), nominations=nominations, accounts=accounts
    )


def _mark_counting(accounts: list) -> None:
    """Each score and vote says whether the year's count counts it, and if not why.

    A score or vote given before a conflict of interest or an ended appointment stays in
    the record, not counted (jury/participation.py): the extract shows both.
    """
    counts: dict[int, Participation] = {}

    def juror(prize_year: PrizeYear, user_id: int) -> Juror | None:
        if prize_year.pk not in counts:
            counts[prize_year.pk] = participation(prize_year=prize_year)
        return counts[prize_year.pk].juror(user_id)

    for account in accounts:
        for score in account.scores:
            found = juror(score.effort.prize_year, score.juror_id)
            score.not_counted = found.why_not_scoring(score.effort_id) if found else None
        for vote in account.votes:
            found = juror(vote.prize_year, vote.juror_id)
            vote.not_counted = found.exclusions[0] if found and not found.takes_part else None


def _stamp(moment) -> str | None:
    return moment.isoformat() if moment else None


def as_json(extract: RegisterExtract) -> dict:
    """The same data for machines: stable English keys, ISO 8601 times with their offset."""
    return {
        "email": extract.email,
        "extracted_at": _stamp(extract.made_at),
        "nominations": [
            {
                "reference": n.reference,
                "prize_year": n.prize_year.year,
                "submitted_at": _stamp(n.submitted_at),
                "channel": n.channel,
                "nominator_name": n.nominator_name,
                "nominator_email": n.nominator_email,
                "nominator_phone": n.nominator_phone,
                "privacy_information_shown_at": _stamp(n.privacy_acknowledged_at),
                "contact_removed_at": _stamp(n.contact_removed_at),
                "effort_name": n.effort_name,
                "description": n.description,
                "answers": [
                    {"criterion": c.key, "question": c.question, "text": text}
                    for c, text in n.answers_in_order()
                ],
                "district": n.district,
                "organisations": [o.name for o in n.organisations.all()],
                # The files as records: what arrived, and whether a retention rule has
                # since removed the file (the row stays, saying so).
                "attachments": [
                    {
                        "name": a.original_name,
                        "content_type": a.content_type,
                        "size": a.size,
                        "pages": a.page_count,
                        "width": a.width,
                        "height": a.height,
                        "sha256": a.sha256,
                        "received_at": _stamp(a.created_at),
                        "removed_at": _stamp(a.removed_at),
                        "removed_under": a.removed_under or None,
                    }
                    for a in n.attachments.all()
                ],
                "corrected_at": _stamp(n.corrected_at),
                "withdrawn_at": _stamp(n.withdrawn_at),
                "earlier_versions": [
                    {
                        "version": v.number,
                        "received_at": _stamp(v.received_at),
                        "replaced_at": _stamp(v.replaced_at),
                        "nominator_name": v.nominator_name,
                        "nominator_email": v.nominator_email,
                        "nominator_phone": v.nominator_phone,
                        "effort_name": v.effort_name,
                        "description": v.description,
                        "answers": v.answers,
                        "district": v.district,
                        "organisations": v.organisations,
                    }
                    for v in n.versions.all()
                ],
            }
            for n in extract.nominations
        ],
        "accounts": [
            {
                "username": a.user.get_username(),
                "first_name": a.user.first_name,
                "last_name": a.user.last_name,
                "email": a.user.email,
                "date_joined": _stamp(a.user.date_joined),
                "last_login": _stamp(a.user.last_login),
                "jury_memberships": [
                    {
                        "prize_year": m.prize_year.year,
                        "role": m.role,
                        "ends_on": m.ends_on.isoformat(),
                        "appointed_at": _stamp(m.appointed_at),
                        "ended_at": _stamp(m.ended_at),
                    }
                    for m in a.memberships
                ],
                "conflicts_of_interest": [
                    {
                        "prize_year": c.effort.prize_year.year,
                        "effort": c.effort.name,
                        "reason": c.reason,
                        "declared_at": _stamp(c.declared_at),
                        "withdrawn_at": _stamp(c.withdrawn_at),
                    }
                    for c in a.conflicts
                ],
                "conflict_questions": [
                    {
                        "prize_year": q.prize_year.year,
                        "effort": q.effort.name,
                        "question": q.question,
                        "outcome": q.outcome,
                        "ruling_reasons": q.ruling_reasons,
                        "ruled_at": _stamp(q.ruled_at),
                    }
                    for q in a.conflict_questions
                ],
                "scores": [
                    {
                        "prize_year": s.effort.prize_year.year,
                        "effort": s.effort.name,
                        "values": [
                            {
                                "criterion": v.criterion.key,
                                "title": v.criterion.title,
                                "value": v.value,
                            }
                            for v in s.values_in_order()
                        ],
                        "comment": s.comment,
                        "scored_at": _stamp(s.updated_at),
                        "counted": s.not_counted is None,
                    }
                    for s in a.scores
                ],
                "votes": [
                    {
                        "prize_year": v.prize_year.year,
                        "effort": v.effort.name,
                        "cast_at": _stamp(v.cast_at),
                        "counted": v.not_counted is None,
                    }
                    for v in a.votes
                ],
                "reservations": [
                    {
                        "prize_year": r.decision.prize_year.year,
                        "text": r.text,
                        "entered_at": _stamp(r.entered_at),
                    }
                    for r in a.reservations
                ],
                "audit_trail": [
                    {"at": _stamp(e.at), "action": e.action, "summary": e.summary}
                    for e in a.audit_entries
                ],
            }
            for a in extract.accounts
        ],
    }


def extract_pdf(extract: RegisterExtract) -> bytes:
    data = json.dumps(as_json(extract), ensure_ascii=False, indent=2)
    return pdf.render_pdf(
        template="jury/register_extract.html",
        context={"extract": extract, "json_name": JSON_NAME},
        variant=VARIANT,
        attachments=[
            Attachment(
                string=data,
                name=JSON_NAME,
                description="Registerutdraget som JSON, för datorprogram",
                relationship="Data",
            )
        ],
    )


class PersonalDataForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy(
            "Everything held about the person: nominations sent from the address, and any "
            "account with it (jury appointments, conflicts, scores, votes, audit trail)."
        ),
    )


def register_extract_view(request: HttpRequest) -> HttpResponse:
    """The admin page that makes an extract; the admin site wraps it (staff, second factor)."""
    if not request.user.has_perm("nominations.export_personal_data"):
        raise PermissionDenied
    form = PersonalDataForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        extract = collect(email=form.cleaned_data["email"])
        content = extract_pdf(extract)
        AuditEntry.record(
            actor=request.user,
            action=AuditAction.PERSONAL_DATA_EXPORTED,
            summary=gettext_lazy(
                "Made a register extract (nominations: %(nominations)s, accounts: %(accounts)s)."
            ),
            params={
                "nominations": len(extract.nominations),
                "accounts": len(extract.accounts),
            },
        )
        response = pdf.pdf_response(content, "registerutdrag.pdf")
        response["Content-Disposition"] = 'attachment; filename="registerutdrag.pdf"'
        return response
    return TemplateResponse(
        request,
        "admin/nominations/nomination/personal_data.html",
        {
            **admin.site.each_context(request),
            "title": _("Register extract for one person"),
            "form": form,
            "opts": Nomination._meta,
        },
    )
