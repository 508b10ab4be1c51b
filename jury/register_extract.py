"""The register extract (GDPR art. 15): everything held about one person.

The person is found by e-mail address, by name or by a nomination's reference, so a
nominator who wrote a letter or phoned, and left no address, is found too.

A Swedish PDF that the person who asked can read, with the same data as JSON
embedded in it for machines. It lives in the jury app because it gathers from both
apps: nominations sent from the address, and an account's jury work.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

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

from nominations.models import (
    AuditAction,
    AuditEntry,
    Nomination,
    NominationVersion,
    Owner,
    Prize,
    PrizeYear,
    RetentionDataKind,
    RetentionRule,
)
from nominations.models.texts import genitive
from nominations.owners import site_prize

from .documents import render
from .documents.responses import pdf_response
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
    name: str = ""
    reference: str = ""
    # Entries made by others that name the person (a screening, an appointment…).
    named_in: list[AuditEntry] = field(default_factory=list)
    # The rules of retention in force today, by kind of data, for "how long it is kept".
    retention: list[tuple[str, RetentionRule | None]] = field(default_factory=list)

    @property
    def searched_for(self) -> str:
        """What the extract was made for, as the PDF says it."""
        return ", ".join(part for part in (self.email, self.name, self.reference) if part)

    @cached_property
    def _jury_prizes(self) -> list[Prize]:
        return _distinct(m.prize_year.prize for a in self.accounts for m in a.memberships)

    @cached_property
    def prizes(self) -> list[Prize]:
        """The prizes the person's data is held for; none found: the installation's prize."""
        found = _distinct([*(n.prize_year.prize for n in self.nominations), *self._jury_prizes])
        return found or [p for p in [site_prize()] if p is not None]

    @property
    def prize_names(self) -> str:
        """ "Trygghetspriset", or "Trygghetspriset och Kulturpriset", as the PDF names them."""
        return _and_list([p.name for p in self.prizes])

    @property
    def prizes_genitive(self) -> str:
        """Whose audit trail: "Trygghetsprisets"."""
        return genitive(self.prize_names)

    @property
    def appointed_by(self) -> str:
        """Whose decision appoints a juror, in the genitive: "socialborgarrådets".

        The chair appoints the members (jury/appointments.py's default_decider), so it is
        the office each prize names for its chair, else the jury's chair.
        """
        titles = [p.chair_title or "juryordföranden" for p in self._jury_prizes or self.prizes]
        return _and_list([genitive(t) for t in dict.fromkeys(titles)], word="eller")

    @property
    def owner(self) -> Owner | None:
        """The controller: the owner of the prizes when they have one, else the installation's.

        None leaves it to render.document_owner, which takes the installation's owner.
        """
        owners = {p.owner_id: p.owner for p in self.prizes}
        return next(iter(owners.values())) if len(owners) == 1 else None


def _distinct(prizes) -> list[Prize]:
    unique = {p.pk: p for p in prizes}
    return sorted(unique.values(), key=lambda p: (p.position, p.name))


def _and_list(words: list[str], *, word: str = "och") -> str:
    """ "A", "A och B", "A, B och C"."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {word} {words[-1]}"


def collect(*, email: str = "", name: str = "", reference: str = "") -> RegisterExtract:
    """Everything held about the person found by any of the three, each optional."""
    email, name, reference = email.strip(), " ".join(name.split()), reference.strip()
    # An address or name given only in a version the nominator later corrected is held too.
    found = Q(pk__in=[])
    if email:
        found |= Q(nominator_email__iexact=email) | Q(versions__nominator_email__iexact=email)
    if name:
        found |= Q(pk__in=_named(name))
    if reference:
        found |= Q(reference__iexact=reference)
    nominations = list(
        Nomination.objects.filter(found)
        .distinct()
        .select_related("prize_year__prize__owner")
        .prefetch_related(
            "organisations", "versions", "answers", "prize_year__criteria", "attachments"
        )
        .order_by("submitted_at")
    )
    accounts = []
    users = get_user_model().objects.none()
    if email:
        users = get_user_model().objects.filter(email__iexact=email)
    if name:
        users = users | get_user_model().objects.filter(
            pk__in=[
                pk
                for pk, first, last in get_user_model().objects.values_list(
                    "pk", "first_name", "last_name"
                )
                if _same_name(f"{first} {last}", name)
            ]
        )
    for user in users.distinct().order_by("pk"):
        accounts.append(
            Account(
                user=user,
                memberships=list(
                    JuryMembership.objects.filter(user=user)
                    .select_related("prize_year__prize__owner")
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
        email=email,
        name=name,
        reference=reference,
        made_at=timezone.now(),
        nominations=nominations,
        accounts=accounts,
        named_in=_named_in(nominations=nominations, accounts=accounts, name=name),
        retention=[
            (kind.label, RetentionRule.objects.in_force(kind=kind)) for kind in RetentionDataKind
        ],
    )


def _same_name(one: str, other: str) -> bool:
    """Names as people write them: any case, any spacing, å, ä and ö included.

    Compared here, not in SQL: SQLite folds the case of ASCII letters only.
    """
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


def _named(name: str) -> list[int]:
    """The nominations whose nominator has the name, now or in an earlier version."""
    rows = [
        *Nomination.objects.exclude(nominator_name="").values_list("pk", "nominator_name"),
        *NominationVersion.objects.exclude(nominator_name="").values_list(
            "nomination_id", "nominator_name"
        ),
    ]
    return sorted({pk for pk, written in rows if _same_name(written, name)})


def _named_in(*, nominations: list[Nomination], accounts: list[Account], name: str) -> list:
    """Audit entries by others that name the person: by name, or a nomination's reference."""
    words = {name} if name else set()
    words |= {n.reference for n in nominations} | {
        n.nominator_name for n in nominations if n.nominator_name
    }
    words |= {a.user.get_full_name() for a in accounts if a.user.get_full_name()}
    if not words:
        return []
    mentions = Q()
    for word in words:
        mentions |= Q(summary__icontains=word)
    own = [a.user.pk for a in accounts]
    return list(AuditEntry.objects.filter(mentions).exclude(actor__in=own).order_by("at", "pk"))


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
        "name": extract.name,
        "reference": extract.reference,
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
        "named_by_others": [
            {
                "at": _stamp(e.at),
                "by": e.actor_name,
                "action": e.action,
                "summary": e.summary,
            }
            for e in extract.named_in
        ],
    }


def extract_pdf(extract: RegisterExtract) -> bytes:
    data = json.dumps(as_json(extract), ensure_ascii=False, indent=2)
    return render.render_pdf(
        template="jury/register_extract.html",
        # The controller is the owner of the installation's prize (render.document_owner):
        # an extract covers every year the person appears in.
        context={"extract": extract, "json_name": JSON_NAME, "owner": extract.owner},
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
    """Find the person by e-mail address, name or a nomination's reference: any of them."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        required=False,
        help_text=gettext_lazy(
            "Nominations sent from the address, and any account with it (jury appointments, "
            "conflicts, scores, votes, audit trail)."
        ),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "First and last name, for a nominator who wrote or phoned without an e-mail address."
        ),
    )
    reference = forms.CharField(
        label=gettext_lazy("Reference of a nomination"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("For example TP2030-ABC123, from the receipt."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not any((cleaned.get(key) or "").strip() for key in ("email", "name", "reference")):
            raise forms.ValidationError(
                _("Give an e-mail address, a name or a reference, so the person can be found.")
            )
        return cleaned


def make_extract(*, email: str, name: str, reference: str, by) -> bytes:
    """The register extract of the person found by any of the three, as PDF, audited.

    The audit entry says how much was found, never whom it was about.
    """
    extract = collect(email=email, name=name, reference=reference)
    content = extract_pdf(extract)
    AuditEntry.record(
        actor=by,
        action=AuditAction.PERSONAL_DATA_EXPORTED,
        summary=gettext_lazy(
            "Made a register extract (nominations: %(nominations)s, accounts: %(accounts)s)."
        ),
        params={"nominations": len(extract.nominations), "accounts": len(extract.accounts)},
    )
    return content


def register_extract_view(request: HttpRequest) -> HttpResponse:
    """The admin page that makes an extract; the admin site wraps it (staff, second factor)."""
    if not request.user.has_perm("nominations.export_personal_data"):
        raise PermissionDenied
    form = PersonalDataForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        content = make_extract(
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            reference=form.cleaned_data["reference"],
            by=request.user,
        )
        response = pdf_response(content, "registerutdrag.pdf")
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
