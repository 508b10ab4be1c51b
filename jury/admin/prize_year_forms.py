"""The forms of the prize year's admin: the year, its criteria, opening the window and scoring."""

import copy
from datetime import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations import orientation
from nominations.models import (
    Criterion,
    PrizeYear,
)

from .. import basis, phases


class OpenWindowForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Nominations close"),
        help_text=gettext_lazy("Stockholm time, for example 2024-09-02 00:00."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_closes_at(self) -> datetime:
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise forms.ValidationError(_("The closing time must be later than now."))
        return closes_at


class ScaleField(forms.CharField):
    """The five labels of a scale as one label per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 5, "cols": 40})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(label) for label in value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)


class CriterionForm(forms.ModelForm):
    scale = ScaleField(
        label=gettext_lazy("Labels of the scale"),
        required=False,
        help_text=gettext_lazy(
            "For an assessment criterion: five lines, the label of 1 first and of 5 last."
        ),
    )
    scale_en = ScaleField(label=gettext_lazy("Labels of the scale in English"), required=False)

    class Meta:
        model = Criterion
        fields = [
            "kind",
            "position",
            "key",
            "answer",
            "title",
            "title_en",
            "explanation",
            "explanation_en",
            "question",
            "question_en",
            "help_text",
            "help_text_en",
            "min_answer_length",
            "scale",
            "scale_en",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2, "cols": 60})
            for name in (
                "explanation",
                "explanation_en",
                "question",
                "question_en",
                "help_text",
                "help_text_en",
            )
        }


def _numbered_steps(labels: list) -> str:
    """ "1 – Svag", "2 – …", one per line; "–" for a criterion without a scale."""
    if not labels:
        return "–"
    return format_html_join(
        mark_safe("<br>"),
        "{} – {}",
        ((number, label) for number, label in enumerate(labels, start=1)),
    )


class CriterionFormSet(forms.BaseInlineFormSet):
    """The year's criteria as a whole: refused as a set the year cannot run with."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.has_changed():
            return
        if self.instance.pk and self.instance.criteria_locked():
            raise forms.ValidationError(orientation.locked_message(self.instance))
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            orientation.check_criteria(kept)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class CriterionInline(admin.StackedInline):
    """The criteria of the committee's orientation; read only once they are locked."""

    model = Criterion
    form = CriterionForm
    formset = CriterionFormSet
    extra = 0
    ordering = ["-kind", "position", "pk"]

    def _editable(self, obj: PrizeYear | None) -> bool:
        return obj is not None and not obj.criteria_locked()

    def get_fields(self, request: HttpRequest, obj=None):
        fields = list(CriterionForm.Meta.fields)
        if self._editable(obj):
            return fields
        # Read only: the scales as their numbered steps, not the JSON they are kept as.
        return [
            {"scale": "scale_steps", "scale_en": "scale_steps_en"}.get(name, name)
            for name in fields
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if self._editable(obj):
            return []
        return ["scale_steps", "scale_steps_en"]

    @admin.display(description=gettext_lazy("Labels of the scale"))
    def scale_steps(self, criterion: Criterion) -> str:
        return _numbered_steps(criterion.scale)

    @admin.display(description=gettext_lazy("Labels of the scale in English"))
    def scale_steps_en(self, criterion: Criterion) -> str:
        return _numbered_steps(criterion.scale_en)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and request.user.has_perm("nominations.change_prizeyear")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and request.user.has_perm("nominations.change_prizeyear")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and request.user.has_perm("nominations.change_prizeyear")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("nominations.view_prizeyear")


class PrizeYearForm(forms.ModelForm):
    """The year's data; the window and the deadlines are checked as the process requires."""

    class Meta:
        model = PrizeYear
        fields = [
            "year",
            "theme",
            "theme_en",
            "description",
            "description_en",
            "orientation_approved_by",
            "orientation_approved_on",
            "orientation_paragraph",
            "orientation_case_number",
            "mandate",
            "prize_amount",
            "case_number",
            "foredragande_name",
            "foredragande_title",
            "opens_at",
            "closes_at",
            "scoring_deadline",
            "vote_deadline",
            "conference_date",
            "conference_place",
            "conflict_rule",
            "historical_winner",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Left out of a form, the year keeps its rule (new years: the whole matter).
        self.fields["conflict_rule"].required = False

    def clean_conflict_rule(self) -> str:
        return self.cleaned_data.get("conflict_rule") or self.instance.conflict_rule

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.closed_at is not None:
            # Said on the form; jury/years.py refuses the save again (jury/closing.py).
            raise forms.ValidationError(self.instance.closed_message())
        if self.errors:
            return cleaned
        try:
            phases.check_deadlines(
                scoring_deadline=cleaned.get("scoring_deadline"),
                vote_deadline=cleaned.get("vote_deadline"),
            )
            if "conflict_rule" in self.changed_data:
                phases.check_conflict_rule(prize_year=self.instance)
            if {"opens_at", "closes_at"} & set(self.changed_data):
                phases.check_window(
                    prize_year=self._as_entered(cleaned),
                    opens_at=cleaned.get("opens_at"),
                    closes_at=cleaned.get("closes_at"),
                )
            if {"foredragande_name", "foredragande_title"} & set(self.changed_data):
                basis.check_foredragande(prize_year=self.instance)
        except (phases.PhaseError, basis.BasisError) as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned

    def _as_entered(self, cleaned: dict) -> PrizeYear:
        """The year with this form's values, so the window is checked against the new
        approval and case numbers entered together with it."""
        year = copy.copy(self.instance)
        for name in YEAR_SETUP_FIELDS:
            if name in cleaned:
                setattr(year, name, cleaned[name])
        # A new year's prize: its windows are the ones this one must not overlap.
        if cleaned.get("prize") is not None:
            year.prize = cleaned["prize"]
        return year


# The committee's decisions that opening the window asks for (PrizeYear.missing_for_opening).
YEAR_SETUP_FIELDS = [
    "case_number",
    "orientation_approved_by",
    "orientation_approved_on",
    "orientation_paragraph",
    "orientation_case_number",
    "mandate",
]


class OpenScoringForm(forms.Form):
    """Only when a deadline is missing: the reason to open scoring without reminders."""

    without_deadlines_because = forms.CharField(
        label=gettext_lazy("Why open scoring without deadlines?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("Kept in the year's audit trail."),
    )
