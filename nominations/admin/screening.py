"""The screening form and filter of the nominations' admin, with the prize's rules on who
may be nominated: their findings as warnings, and setting aside under a rule."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import eligibility, screening
from ..models import (
    Criterion,
    Nomination,
    PrizeYear,
    ScreeningStatus,
)

# The fields of setting a nomination aside under one of its prize's rules.
RULE_FIELDS = ["exclusion_rule", "exclusion_note"]


class ScreeningForm(forms.ModelForm):
    """One verdict with a reason per mandatory criterion of the nomination's year.

    The fields, <key>_status and <key>_reason, depend on the year: the admin makes
    the form for a nomination with for_criteria().
    """

    criteria: list[Criterion] = []
    rules: list[eligibility.Rule] = []

    class Meta:
        model = Nomination
        fields: list[str] = []

    @classmethod
    def for_nomination(cls, nomination: Nomination) -> type["ScreeningForm"]:
        """The year's mandatory criteria, and the prize's rules while it may be set aside."""
        rules = [] if nomination.set_aside_at else exclusion_rules(nomination)
        form = cls.for_criteria(mandatory_criteria(nomination))
        if not rules:
            return form
        attrs: dict = {
            "rules": rules,
            "exclusion_rule": forms.ChoiceField(
                label=_("Set aside under the prize's rule"),
                choices=[("", "---------"), *((rule.value, rule.label) for rule in rules)],
                required=False,
                help_text=_(
                    "Only if the rule applies: the nomination is then kept in the record but "
                    "not assessed. The reason names the rule and what screening found."
                ),
            ),
            "exclusion_note": forms.CharField(
                label=_("Your note on the rule (optional if screening found something)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            ),
        }
        return type("ScreeningForm", (form,), attrs)

    @classmethod
    def for_criteria(cls, criteria: list[Criterion]) -> type["ScreeningForm"]:
        attrs: dict = {"criteria": criteria}
        for criterion in criteria:
            attrs[f"{criterion.key}_status"] = forms.ChoiceField(
                label=criterion.localized_title,
                choices=ScreeningStatus.choices,
                help_text=criterion.localized_explanation,
            )
            attrs[f"{criterion.key}_reason"] = forms.CharField(
                label=_("Reason (%(criterion)s)")
                % {"criterion": criterion.localized_title.lower()},
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            )
        return type("ScreeningForm", (cls,), attrs)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for criterion, status, reason in self.instance.screening():
            if f"{criterion.key}_status" in self.fields:
                self.fields[f"{criterion.key}_status"].initial = status
                self.fields[f"{criterion.key}_reason"].initial = reason

    def clean(self) -> dict:
        cleaned = super().clean()
        for criterion in self.criteria:
            status, reason = f"{criterion.key}_status", f"{criterion.key}_reason"
            if (
                cleaned.get(status) == ScreeningStatus.FAILED
                and not cleaned.get(reason, "").strip()
            ):
                self.add_error(
                    reason, _("Give a reason when the nomination does not meet the criterion.")
                )
        return cleaned

    def verdicts_changed(self) -> bool:
        return bool(set(self.changed_data) - set(RULE_FIELDS))

    def verdicts(self) -> dict[str, tuple[str, str]]:
        """The verdicts as screen_nomination takes them: key → (status, reason)."""
        return {
            c.key: (self.cleaned_data[f"{c.key}_status"], self.cleaned_data[f"{c.key}_reason"])
            for c in self.criteria
        }


def screening_field_names(nomination: Nomination) -> list[str]:
    """The screening form's fields for the nomination, the prize's rules first."""
    criteria = mandatory_criteria(nomination)
    verdicts = [f"{c.key}_{part}" for c in criteria for part in ("status", "reason")]
    rules = RULE_FIELDS if exclusion_rules(nomination) and not nomination.set_aside_at else []
    return ["exclusion_findings", *verdicts, *rules]


def mandatory_criteria(nomination: Nomination) -> list[Criterion]:
    return [c for c in nomination.prize_year.ordered_criteria() if c.is_mandatory]


def exclusion_rules(nomination: Nomination) -> list[eligibility.Rule]:
    return eligibility.rules(prize=nomination.prize_year.prize)


def screening_column() -> Callable[[Nomination], str]:
    """The list's screening column, with a warning where the prize's rules found something.

    Made for each page of the list, so that each year's facts (its jury, last year's
    winner) are read once for the page, not once for each nomination.
    """
    facts: dict[int, eligibility.YearFacts] = {}

    @admin.display(description=gettext_lazy("screening"))
    def screening(obj: Nomination) -> str:
        summary = screening_summary(obj)
        if obj.set_aside_at or obj.withdrawn_at:
            return summary
        if obj.prize_year_id not in facts:
            facts[obj.prize_year_id] = eligibility.year_facts(prize_year=obj.prize_year)
        found = eligibility.exclusion_findings(nomination=obj, facts=facts[obj.prize_year_id])
        if not found:
            return summary
        rules = list(dict.fromkeys(finding.title for finding in found))
        return format_html(
            '{}<br><span aria-hidden="true">⚠</span> {}',
            summary,
            _("check: %(rules)s") % {"rules": "; ".join(rules)},
        )

    return screening


class EligibilityScreeningMixin:
    """The nominations' admin: the rules' findings shown, verdicts and setting aside saved."""

    def get_list_display(self, request: HttpRequest):
        return [
            screening_column() if name == "screening" else name
            for name in super().get_list_display(request)
        ]

    @admin.display(description=gettext_lazy("who may be nominated"))
    def exclusion_findings(self, obj: Nomination) -> str:
        rules = exclusion_rules(obj)
        if not rules:
            return _("The prize has no rules about who may be nominated.")
        findings = eligibility.exclusion_findings(nomination=obj)
        if not findings:
            return _("Screening found nothing under the prize's rules: %(rules)s.") % {
                "rules": "; ".join(str(rule.label) for rule in rules)
            }
        # Warnings to weigh, each with the rule it comes from: never a verdict on its own.
        return format_html(
            '<ul class="messagelist">{}</ul>',
            format_html_join(
                "",
                '<li class="warning"><strong>{}:</strong> {}</li>',
                ((f.title[:1].upper() + f.title[1:], f.reason) for f in findings),
            ),
        )

    def save_model(self, request: HttpRequest, obj: Nomination, form, change: bool) -> None:
        if not isinstance(form, ScreeningForm) or not form.changed_data:
            return
        try:
            if form.verdicts_changed():
                screening.screen_nomination(
                    nomination=obj, verdicts=form.verdicts(), by=request.user
                )
            if form.cleaned_data.get("exclusion_rule"):
                eligibility.set_aside_under_rule(
                    nomination=obj,
                    rule=form.cleaned_data["exclusion_rule"],
                    note=form.cleaned_data["exclusion_note"],
                    by=request.user,
                )
        except screening.ScreeningError as error:
            # The year moved on while the form was open, or the rule was not shown to
            # apply: what was not saved stays as it was.
            self.message_user(request, str(error), messages.ERROR)


def screening_summary(nomination: Nomination) -> str:
    """Where screening stands, as a symbol and words: the states differ without colour.

    "Not screened" and "does not meet" must never look alike; the symbol is only a
    visual aid, so screen readers hear the words alone.
    """
    rows = nomination.screening()
    statuses = [status for _criterion, status, _reason in rows]
    failed = [
        c.localized_title.lower() for c, status, _r in rows if status == ScreeningStatus.FAILED
    ]
    if nomination.withdrawn_at:
        symbol, text = "↩", _("withdrawn by the nominator")
    elif nomination.set_aside_at:
        symbol, text = "–", _("set aside")
    elif failed:
        symbol, text = "✗", _("does not meet: %(criteria)s") % {"criteria": ", ".join(failed)}
    elif statuses and all(s == ScreeningStatus.PASSED for s in statuses):
        symbol, text = "✓", _("eligible for the jury")
    elif all(s == ScreeningStatus.PENDING for s in statuses):
        symbol, text = "○", _("not screened")
    else:
        symbol, text = "◐", _("partly screened")
    return format_html('<span aria-hidden="true">{}</span> {}', symbol, text)


class SetAsideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: sent twice, or meant for another year. The nomination stays in the "
            "record but is neither screened further nor assessed by the jury."
        ),
    )


def registration_year(data) -> PrizeYear | None:
    """The year whose questions the registration form asks: as chosen, else the current.

    The form sends the year with the answers, so the answers are read against the
    questions of the year they were typed for.
    """
    chosen = data.get("prize_year", "") if data is not None else ""
    year = None
    if isinstance(chosen, str) and chosen.isdigit():
        year = PrizeYear.objects.with_window().filter(pk=chosen).first()
    return year or PrizeYear.objects.current()


class ScreeningStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("screening")
    parameter_name = "screening"

    def lookups(self, request, model_admin):
        return [
            ("unscreened", _("not fully screened")),
            ("eligible", _("eligible for the jury")),
            ("rejected", _("not eligible")),
            ("set_aside", _("set aside")),
            ("withdrawn", _("withdrawn by the nominator")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "eligible":
            return queryset.eligible()
        if self.value() == "rejected":
            return queryset.rejected()
        if self.value() == "unscreened":
            return queryset.unscreened()
        if self.value() == "set_aside":
            return queryset.set_aside()
        if self.value() == "withdrawn":
            return queryset.withdrawn()
        return queryset
