"""The committee's decision on the jury's proposal, in the prize year's admin.

A part of jury/admin/prize_year.py (mixed into PrizeYearAdmin), kept apart so that each
admin module stays within its bound. The action asks for the references of the
committee's minutes and what it decided (following the proposal, or its own winners, or
not to award the prize) through a form that asks jury/committee.py what stands in the
way, and hands them to it; the view serves the stored PDF of the committee's decision.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.models import Effort, PrizeYear

from .. import awards, committee
from ..documents.responses import pdf_response
from ..models import CommitteeDecision, Decision

FOLLOWED = "followed"
NOT_FOLLOWED = "not_followed"


class CommitteeDecisionForm(forms.Form):
    """The committee's decision as its minutes have it; jury/committee.py checks it again."""

    body = forms.CharField(
        label=gettext_lazy("Deciding committee"),
        max_length=150,
        help_text=gettext_lazy("For example Kulturnämnden."),
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    paragraph = forms.CharField(
        label=gettext_lazy("Paragraph (§) in the minutes"),
        max_length=30,
        help_text=gettext_lazy("For example § 12."),
    )
    case_number = forms.CharField(
        label=gettext_lazy("Case number (diarienummer)"),
        max_length=60,
        help_text=gettext_lazy("The committee's case number, for example KUN 2026/123."),
    )
    followed_proposal = forms.ChoiceField(
        label=gettext_lazy("Did the committee follow the jury's proposal?"),
        choices=[
            (FOLLOWED, gettext_lazy("Yes, it decided according to the proposal")),
            (NOT_FOLLOWED, gettext_lazy("No, it decided otherwise")),
        ],
        widget=forms.RadioSelect,
    )
    winners = forms.ModelMultipleChoiceField(
        label=gettext_lazy("The winners the committee chose"),
        queryset=Effort.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Only when the committee decided otherwise: one effort, or several sharing the prize."
        ),
    )
    not_awarded_reason = forms.CharField(
        label=gettext_lazy("The committee's reason not to award the prize"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text=gettext_lazy(
            "Only when the committee decided otherwise, not to award the prize this year. It "
            "is shown to the public."
        ),
    )
    motivation = forms.CharField(
        label=gettext_lazy("The committee's motivation"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        required=False,
        help_text=gettext_lazy(
            "Required when the committee decided otherwise than the jury proposed; it is then "
            "shown to the public."
        ),
    )

    def __init__(self, *args, prize_year: PrizeYear, proposal: Decision | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.prize_year = prize_year
        self.proposal = proposal
        self.fields["winners"].queryset = awards.eligible_efforts(prize_year=prize_year)

    def clean_body(self) -> str:
        return self.cleaned_data["body"].strip()

    def clean_decided_on(self) -> date:
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the decision cannot be later than today."))
        if self.proposal and decided_on < timezone.localdate(self.proposal.decided_at):
            raise forms.ValidationError(
                _("The committee cannot have decided before the jury's proposal (%(day)s).")
                % {"day": date_format(timezone.localdate(self.proposal.decided_at), "DATE_FORMAT")}
            )
        return decided_on

    def clean(self) -> dict:
        data = super().clean()
        data["followed"] = data.get("followed_proposal") == FOLLOWED
        data["winners"] = list(data.get("winners") or [])
        if self.proposal is None or not data.get("followed_proposal"):
            return data
        # The committee's own rules (jury/committee.py), asked here so that the form keeps
        # what was entered; they are asked again, on the locked year, when it is recorded.
        for message in committee.outcome_blockers(
            prize_year=self.prize_year,
            proposal=self.proposal,
            followed_proposal=data["followed"],
            winners=data["winners"],
            not_awarded_reason=data.get("not_awarded_reason", ""),
            motivation=data.get("motivation", ""),
        ):
            self.add_error(None, message)
        return data


class PrizeYearCommitteeMixin:
    def get_urls(self):
        own = [
            path(
                "<int:object_id>/namndens-beslut.pdf",
                self.admin_site.admin_view(self.committee_decision_document),
                name="nominations_prizeyear_committee_decision_pdf",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        # The year's page links to the committee's decision once it is recorded.
        recorded = str(object_id).isdigit() and (
            CommitteeDecision.objects.filter(prize_year_id=object_id).exists()
        )
        return super().change_view(
            request, object_id, form_url, {"committee_decision": recorded, **(extra_context or {})}
        )

    def committee_decision_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The stored PDF of the committee's decision, byte for byte."""
        prize_year = self._document_year(request, object_id)
        content = committee.committee_document(prize_year=prize_year)
        if content is None:
            raise Http404("no committee's decision recorded")
        return pdf_response(content, committee.filename(prize_year))

    @admin.action(
        description=gettext_lazy("Record the committee's decision on the jury's proposal"),
        permissions=["change"],
    )
    def record_committee_decision(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        blockers = committee.recording_blockers(prize_year=prize_year)
        proposal = (
            Decision.objects.filter(prize_year=prize_year)
            .select_related("effort")
            .prefetch_related("shared_winners__effort")
            .first()
        )
        form = CommitteeDecisionForm(
            request.POST if "confirm" in request.POST else None,
            prize_year=prize_year,
            proposal=proposal,
            initial={"body": prize_year.prize.deciding_body},
        )
        if "confirm" in request.POST and not blockers and form.is_valid():
            data = form.cleaned_data

            def record() -> str:
                decision = committee.record_committee_decision(
                    prize_year=prize_year,
                    body=data["body"],
                    decided_on=data["decided_on"],
                    paragraph=data["paragraph"],
                    case_number=data["case_number"],
                    followed_proposal=data["followed"],
                    winners=data["winners"],
                    not_awarded_reason=data["not_awarded_reason"],
                    motivation=data["motivation"],
                    by=request.user,
                )
                params = {
                    "body": decision.body,
                    "year": prize_year.year,
                    "winner": decision.winner_names,
                }
                if not decision.awarded:
                    return (
                        _(
                            "The decision of %(body)s on %(year)s is recorded: the prize is not "
                            "awarded. It can now be announced."
                        )
                        % params
                    )
                return (
                    _(
                        "The decision of %(body)s on %(year)s is recorded: “%(winner)s” wins. The "
                        "winner can now be announced."
                    )
                    % params
                )

            self._attempt(request, record)
            return None
        return self._confirmation(
            request,
            prize_year,
            "record_committee_decision",
            _("Record the committee's decision on the jury's proposal for %(year)s")
            % {"year": prize_year.year},
            form=None if blockers else form,
            blockers=blockers,
            proposal=proposal,
            confirm_label=_("Record the decision"),
        )
