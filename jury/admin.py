"""The administration's screens for the prize year and its jury.

The prize-year admin lives here, in the app on top, because it drives the whole
year: the window, the jury's phases, the documents and the announcement. Every
action only presents a confirmation and dispatches to jury/phases.py.
"""

import copy
from collections.abc import Callable
from datetime import date, datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from nominations import orientation
from nominations.models import (
    AuditAction,
    AuditEntry,
    Criterion,
    JuryPhase,
    PrizeYear,
    WindowState,
)

from . import appointments, phases
from .documents.responses import document_response, download_url_name, progress_page
from .forms import AnnounceForm
from .models import Decision, DocumentKind, JuryMembership, JuryRole, RenderedDocument
from .overview import year_overview
from .scoring import JuryError, jury_progress, unscored_efforts
from .signin import devices


def _next_year(moment: date | datetime | None):
    if moment is None:
        return None
    if isinstance(moment, datetime):
        # The same wall-clock time in Stockholm a year later, whatever daylight saving does.
        moment = timezone.localtime(moment)
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


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
        except phases.PhaseError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned

    def _as_entered(self, cleaned: dict) -> PrizeYear:
        """The year with this form's values, so the window is checked against the new
        approval and case numbers entered together with it."""
        year = copy.copy(self.instance)
        for name in YEAR_SETUP_FIELDS:
            if name in cleaned:
                setattr(year, name, cleaned[name])
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


@admin.register(PrizeYear)
class PrizeYearAdmin(admin.ModelAdmin):
    form = PrizeYearForm
    list_display = [
        "year",
        "theme",
        "window_state_display",
        "opens_at",
        "last_open_display",
        "stage_display",
        "announced_at",
    ]
    list_display_links = ["year", "theme"]
    search_fields = ["theme", "historical_winner"]
    actions = [
        "open_nominations_now",
        "close_nominations_now",
        "copy_to_next_year",
        "open_jury_scoring",
        "close_jury_scoring",
        "reopen_jury_scoring",
        "announce_winner",
    ]
    inlines = [CriterionInline]
    fieldsets = [
        (None, {"fields": ["year", "theme", "description", "prize_amount"]}),
        (
            gettext_lazy("The committee's decisions"),
            {
                "fields": [
                    "case_number",
                    "orientation_approved_by",
                    "orientation_approved_on",
                    "orientation_paragraph",
                    "orientation_case_number",
                    "mandate",
                ],
                "description": gettext_lazy(
                    "Nominations can open only when the approval of the orientation (body, "
                    "date and case number) and the year's own case number are recorded. The "
                    "decision of record cites the approval and the jury's mandate."
                ),
            },
        ),
        (
            gettext_lazy("The committee's orientation"),
            {
                "fields": [
                    "theme_en",
                    "description_en",
                    "criteria_state",
                ],
                "description": gettext_lazy(
                    "Socialnämnden approves the orientation of the prize each year: the "
                    "theme, and the criteria below that every nomination must meet and "
                    "that the jury scores. Give the texts in Swedish, and in English for "
                    "the English pages."
                ),
            },
        ),
        (gettext_lazy("Nomination window"), {"fields": ["opens_at", "closes_at"]}),
        (
            gettext_lazy("The jury's deadlines"),
            {"fields": ["scoring_deadline", "vote_deadline", "conflict_rule"]},
        ),
        (gettext_lazy("Conference"), {"fields": ["conference_date", "conference_place"]}),
        (gettext_lazy("History"), {"fields": ["historical_winner"], "classes": ["collapse"]}),
    ]

    @admin.display(description=gettext_lazy("criteria"))
    def criteria_state(self, obj: PrizeYear | None) -> str:
        """Whether the criteria below can still change, and why not once they cannot."""
        if obj is None or obj.pk is None:
            return _(
                "A new year starts with the criteria of the previous year (or of the year "
                "it is copied from). You can change them once the year is saved, until "
                "its nomination window opens."
            )
        if obj.criteria_locked():
            return orientation.locked_message(obj)
        return _(
            "The criteria can be changed until the nomination window opens. From then on "
            "they are locked."
        )

    @admin.display(description=gettext_lazy("open until"), ordering="closes_at")
    def last_open_display(self, obj: PrizeYear) -> str:
        """The closing as every other page says it: a window ending at midnight, "23:59"."""
        moment = obj.last_open_minute
        return date_format(moment, "j F Y H:i") if moment else "–"

    @admin.display(description=gettext_lazy("the jury's work"), ordering="jury_phase")
    def stage_display(self, obj: PrizeYear) -> str:
        """A year of the historical record, or announced, is finished, not in preparation."""
        if obj.is_finished:
            return _("finished: the prize is awarded")
        if obj.ended_outside():
            return _("finished: the conference is held, no decision recorded here")
        return obj.get_jury_phase_display()

    @admin.display(description=gettext_lazy("nominations"))
    def window_state_display(self, obj: PrizeYear) -> str:
        state = obj.window_state()
        return "–" if state == WindowState.NONE else state.label

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/arets-gang/",
                self.admin_site.admin_view(self.overview),
                name="nominations_prizeyear_overview",
            ),
            path(
                "<int:object_id>/beslut.pdf",
                self.admin_site.admin_view(self.decision_document),
                name="nominations_prizeyear_decision_pdf",
            ),
            path(
                "<int:object_id>/underlag.pdf",
                self.admin_site.admin_view(self.dossier_document),
                name="nominations_prizeyear_dossier_pdf",
            ),
            path(
                "<int:object_id>/dokument/<int:document_id>/",
                self.admin_site.admin_view(self.document_progress),
                name="nominations_prizeyear_document",
            ),
        ]
        return own + super().get_urls()

    def overview(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Årets gång: every step of the year, who took it and when, and what comes next."""
        prize_year = get_object_or_404(PrizeYear, pk=object_id)
        if not self.has_view_permission(request, prize_year):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/nominations/prizeyear/overview.html",
            {
                **self.admin_site.each_context(request),
                "title": _("The year at a glance: %(year)s") % {"year": prize_year.year},
                "overview": year_overview(prize_year=prize_year),
                # What the committee's decisions still lack before the window may open.
                "opening_blockers": phases.opening_blockers(prize_year=prize_year)
                if prize_year.window_state() in (WindowState.NONE, WindowState.UPCOMING)
                else [],
                "original": prize_year,
                "opts": self.model._meta,
            },
        )

    def _document_year(self, request: HttpRequest, object_id: int) -> PrizeYear:
        prize_year = get_object_or_404(PrizeYear, pk=object_id)
        # The documents quote nominations, so reading them takes that permission too.
        if not (
            self.has_view_permission(request, prize_year)
            and request.user.has_perm("nominations.view_nomination")
        ):
            raise PermissionDenied
        return prize_year

    @staticmethod
    def _progress_url(document: RenderedDocument) -> str:
        return reverse(
            "admin:nominations_prizeyear_document", args=[document.prize_year_id, document.pk]
        )

    def decision_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        prize_year = self._document_year(request, object_id)
        get_object_or_404(Decision.objects.only("pk"), prize_year=prize_year)
        return document_response(
            request,
            kind=DocumentKind.DECISION,
            prize_year=prize_year,
            progress_url=self._progress_url,
        )

    def dossier_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        prize_year = self._document_year(request, object_id)
        return document_response(
            request,
            kind=DocumentKind.DOSSIER,
            prize_year=prize_year,
            progress_url=self._progress_url,
        )

    def document_progress(
        self, request: HttpRequest, object_id: int, document_id: int
    ) -> HttpResponse:
        """The progress page of a document's render, for the administration."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        prize_year = self._document_year(request, object_id)
        return progress_page(
            request,
            prize_year=prize_year,
            document_id=document_id,
            download_url=lambda kind: reverse(
                f"admin:nominations_prizeyear_{download_url_name(kind)}", args=[prize_year.pk]
            ),
            progress_url=self._progress_url,
            template="admin/nominations/prizeyear/document.html",
            context={
                **self.admin_site.each_context(request),
                "original": prize_year,
                "opts": self.model._meta,
            },
        )

    def has_change_window_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.change_window")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Setting a window opens nominations to the public; that takes change_window.
        # Once the jury has started, the window is part of the record of the year.
        if not self.has_change_window_permission(request) or (
            obj and obj.jury_phase != JuryPhase.PREPARATION
        ):
            return ["criteria_state", "opens_at", "closes_at"]
        return ["criteria_state"]

    def get_inlines(self, request: HttpRequest, obj=None):
        # A new year gets its criteria as a copy when it is saved (save_model).
        return [CriterionInline] if obj is not None else []

    def _copy_source(self, request: HttpRequest, year: int | None = None) -> PrizeYear | None:
        """The year a new one copies: the one chosen with "copy", else the latest before."""
        chosen = request.GET.get("copy_from", "")
        if chosen.isdigit():
            source = PrizeYear.objects.filter(pk=chosen).first()
            if source is not None:
                return source
        years = PrizeYear.objects.with_window()
        if year is not None:
            years = years.filter(year__lt=year)
        return years.order_by("-year").first()

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A new year starts as a copy of the previous one, its dates a year later."""
        initial = super().get_changeform_initial_data(request)
        source = self._copy_source(request)
        if source is None:
            return initial
        return {
            "year": source.year + 1,
            "theme": source.theme,
            "theme_en": source.theme_en,
            "description": source.description,
            "description_en": source.description_en,
            "prize_amount": source.prize_amount,
            # The mandate carries over; the approval and the case numbers are new each year.
            "orientation_approved_by": source.orientation_approved_by,
            "mandate": source.mandate,
            "opens_at": _next_year(source.opens_at),
            "closes_at": _next_year(source.closes_at),
            "conference_date": _next_year(source.conference_date),
            "scoring_deadline": _next_year(source.scoring_deadline),
            "vote_deadline": _next_year(source.vote_deadline),
            **initial,
        }

    def save_model(self, request: HttpRequest, obj: PrizeYear, form, change: bool) -> None:
        """Plain fields are saved as they are; the window and deadlines go through phases."""
        with transaction.atomic():
            saved = PrizeYear.objects.get(pk=obj.pk) if change else None
            window = (obj.opens_at, obj.closes_at)
            deadlines = (obj.scoring_deadline, obj.vote_deadline)
            if saved:
                obj.opens_at, obj.closes_at = saved.opens_at, saved.closes_at
                obj.scoring_deadline, obj.vote_deadline = (
                    saved.scoring_deadline,
                    saved.vote_deadline,
                )
            else:
                obj.opens_at = obj.closes_at = obj.scoring_deadline = obj.vote_deadline = None
            super().save_model(request, obj, form, change)
            if not change:
                AuditEntry.record(
                    actor=request.user,
                    action=AuditAction.PRIZE_YEAR_CREATED,
                    prize_year=obj,
                    summary=gettext_lazy("Created the prize year %(year)s, “%(theme)s”."),
                    params={"year": obj.year, "theme": obj.theme},
                    changes={"prize_amount": obj.prize_amount},
                )
                # Before the window is set: a year whose window is already open would
                # have locked criteria.
                source = self._copy_source(request, obj.year)
                if source is not None and source.criteria.exists():
                    orientation.copy_orientation(source=source, target=obj, by=request.user)
            phases.record_committee_decisions(prize_year=obj, before=saved, by=request.user)
            year = phases.change_window(
                prize_year=obj, opens_at=window[0], closes_at=window[1], by=request.user
            )
            year = phases.set_deadlines(
                prize_year=year,
                scoring_deadline=deadlines[0],
                vote_deadline=deadlines[1],
                by=request.user,
            )
            obj.opens_at, obj.closes_at = year.opens_at, year.closes_at
        if year.opens_at and (missing := year.missing_english()):
            self.message_user(request, self._english_warning(missing), messages.WARNING)

    @staticmethod
    def _english_warning(missing: list[str]) -> str:
        return _(
            "The English texts are empty for %(missing)s. The English pages show the Swedish "
            "text there until you fill them in."
        ) % {"missing": ", ".join(missing)}

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if not isinstance(formset, CriterionFormSet):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        changed = [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]
        if not changed and not formset.deleted_objects:
            return None
        try:
            orientation.save_criteria(
                prize_year=form.instance,
                changed=changed,
                deleted=formset.deleted_objects,
                by=request.user,
            )
        except (orientation.OrientationError, ValidationError) as error:
            # Locked or refused since the page was loaded: the year's other changes stand.
            message = error.messages if isinstance(error, ValidationError) else [str(error)]
            for text in message:
                self.message_user(
                    request,
                    _("The criteria were not saved: %(reason)s") % {"reason": text},
                    messages.ERROR,
                )
        return None

    def _attempt(self, request: HttpRequest, operation: Callable[[], str]) -> None:
        """Run an operation that returns its success message or refuses with a reason."""
        try:
            message = operation()
        except (phases.PhaseError, JuryError) as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)

    def _single(self, request: HttpRequest, queryset: QuerySet) -> PrizeYear | None:
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one prize year."), messages.ERROR)
            return None
        return queryset.get()

    def _confirmation(self, request, prize_year, action: str, title: str, **context):
        return TemplateResponse(
            request,
            "admin/nominations/prizeyear/confirm_step.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "prize_year": prize_year,
                "action": action,
                "now": timezone.now(),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                **context,
            },
        )

    def _confirmed_step(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        action: str,
        title: str,
        step: Callable[[PrizeYear], str],
        confirm_label: str,
        **context,
    ):
        """Show what will happen; on "yes", take the step and report it."""
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        if "confirm" not in request.POST:
            return self._confirmation(
                request,
                prize_year,
                action,
                title % {"year": prize_year.year},
                confirm_label=confirm_label,
                **{
                    key: value(prize_year) if callable(value) else value
                    for key, value in context.items()
                },
            )
        self._attempt(request, lambda: step(prize_year))
        return None

    @admin.action(description=gettext_lazy("Open nominations now"), permissions=["change_window"])
    def open_nominations_now(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        initial_close = prize_year.closes_at if prize_year.window_state() == "upcoming" else None
        form = (
            OpenWindowForm(request.POST)
            if "confirm" in request.POST
            else OpenWindowForm(initial={"closes_at": initial_close})
        )
        # Said before the date is asked for; open_nominations refuses them again.
        blockers = phases.opening_blockers(prize_year=prize_year)
        if "confirm" in request.POST and form.is_valid():

            def open_now() -> str:
                phases.open_nominations(
                    prize_year=prize_year, closes_at=form.cleaned_data["closes_at"], by=request.user
                )
                return _("Nominations for %(year)s are open.") % {"year": prize_year.year}

            self._attempt(request, open_now)
            return None
        return self._confirmation(
            request,
            prize_year,
            "open_nominations_now",
            _("Open nominations for %(year)s now?") % {"year": prize_year.year},
            form=None if blockers else form,
            blockers=blockers,
            fix_url=reverse("admin:nominations_prizeyear_change", args=[prize_year.pk]),
            english_missing=prize_year.missing_english(),
            confirm_label=_("Yes, open nominations now"),
        )

    @admin.action(description=gettext_lazy("Close nominations now"), permissions=["change_window"])
    def close_nominations_now(self, request: HttpRequest, queryset: QuerySet):
        def close_now(prize_year: PrizeYear) -> str:
            phases.close_nominations(prize_year=prize_year, by=request.user)
            return _("Nominations for %(year)s are closed.") % {"year": prize_year.year}

        return self._confirmed_step(
            request,
            queryset,
            "close_nominations_now",
            _("Close nominations for %(year)s now?"),
            close_now,
            confirm_label=_("Yes, close nominations now"),
            blockers=lambda year: phases.closing_blockers(prize_year=year),
        )

    def _phase_message(self, prize_year: PrizeYear) -> str:
        return _("The jury's work for %(year)s is now at “%(phase)s”.") % {
            "year": prize_year.year,
            "phase": prize_year.get_jury_phase_display(),
        }

    @admin.action(description=gettext_lazy("Open the jury's scoring"), permissions=["change"])
    def open_jury_scoring(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        missing = phases.missing_deadlines(prize_year)
        form = OpenScoringForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and (not missing or form.is_valid()):

            def open_now() -> str:
                year = phases.open_scoring(
                    prize_year=prize_year,
                    by=request.user,
                    without_deadlines_because=(
                        form.cleaned_data["without_deadlines_because"] if missing else ""
                    ),
                )
                return self._phase_message(year)

            self._attempt(request, open_now)
            return None
        blockers = phases.opening_scoring_blockers(prize_year=prize_year)
        return self._confirmation(
            request,
            prize_year,
            "open_jury_scoring",
            _("Open the jury's scoring for %(year)s?") % {"year": prize_year.year},
            confirm_label=_("Yes, open scoring"),
            blockers=blockers,
            missing_deadlines=missing,
            form=form if missing and not blockers else None,
            fix_url=reverse("admin:nominations_prizeyear_change", args=[prize_year.pk]),
        )

    @admin.action(description=gettext_lazy("Close the jury's scoring"), permissions=["change"])
    def close_jury_scoring(self, request: HttpRequest, queryset: QuerySet):
        year = queryset.first() if queryset.count() == 1 else None
        return self._confirmed_step(
            request,
            queryset,
            "close_jury_scoring",
            _("Close the jury's scoring for %(year)s?"),
            lambda prize_year: self._phase_message(
                phases.close_scoring(prize_year=prize_year, by=request.user)
            ),
            confirm_label=_("Yes, close scoring"),
            blockers=lambda prize_year: phases.closing_scoring_blockers(prize_year=prize_year),
            behind=[row for row in jury_progress(prize_year=year) if row.left] if year else [],
            unscored=list(unscored_efforts(prize_year=year)) if year else [],
        )

    @admin.action(description=gettext_lazy("Reopen the jury's scoring"), permissions=["change"])
    def reopen_jury_scoring(self, request: HttpRequest, queryset: QuerySet):
        return self._confirmed_step(
            request,
            queryset,
            "reopen_jury_scoring",
            _("Reopen the jury's scoring for %(year)s?"),
            lambda prize_year: self._phase_message(
                phases.reopen_scoring(prize_year=prize_year, by=request.user)
            ),
            confirm_label=_("Yes, reopen scoring"),
            blockers=lambda prize_year: phases.reopening_blockers(prize_year=prize_year),
        )

    @admin.action(
        description=gettext_lazy("Announce the winner on the public pages"),
        permissions=["change"],
    )
    def announce_winner(self, request: HttpRequest, queryset: QuerySet):
        """Publish the checked decision; before the conference, only with a reason."""
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        form = AnnounceForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():

            def announce() -> str:
                phases.announce_winner(
                    prize_year=prize_year, by=request.user, reason=form.cleaned_data["reason"]
                )
                return _("The winner of %(year)s is now shown on the public pages.") % {
                    "year": prize_year.year
                }

            self._attempt(request, announce)
            return None
        early = phases.announced_early(prize_year)
        if not early:
            del form.fields["reason"]
        return self._confirmation(
            request,
            prize_year,
            "announce_winner",
            _("Announce the winner of %(year)s on the public pages?") % {"year": prize_year.year},
            form=form if early else None,
            early=early,
            blockers=phases.announcement_blockers(prize_year=prize_year),
            confirm_label=_("Yes, announce the winner"),
            decision=Decision.objects.filter(prize_year=prize_year)
            .select_related("effort")
            .first(),
        )

    @admin.action(description=gettext_lazy("Create next year as a copy"), permissions=["add"])
    def copy_to_next_year(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        url = reverse("admin:nominations_prizeyear_add")
        return HttpResponseRedirect(f"{url}?copy_from={prize_year.pk}")


class AccountChoiceField(forms.ModelChoiceField):
    """Accounts as people know them: full name and e-mail address, not the user name."""

    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} <{obj.email}>" if obj.email else name


def _accounts(*, include_staff: bool) -> QuerySet:
    accounts = get_user_model().objects.filter(is_active=True)
    if not include_staff:
        # Staff run the prize; they are offered as jurors only when asked for.
        accounts = accounts.filter(is_staff=False, is_superuser=False)
    return accounts.order_by("last_name", "first_name", "email")


class AppointmentForm(forms.ModelForm):
    """Appoint an existing account, or create one from a name and e-mail address.

    The appointment is the chair's decision (the committee paper); whoever types it
    in is recorded separately.
    """

    # Set by the admin from the address (?personal=alla) to offer staff accounts too.
    include_staff = False

    user = AccountChoiceField(
        label=gettext_lazy("Existing account"),
        queryset=_accounts(include_staff=False),
        required=False,
        help_text=gettext_lazy("Or leave empty and give the new member's name and e-mail below."),
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False)
    replaces = forms.ModelChoiceField(
        label=gettext_lazy("Replacement (ersättare) for"),
        queryset=JuryMembership.objects.select_related("user", "prize_year"),
        required=False,
        help_text=gettext_lazy(
            "When the new member stands in for a juror who takes no part (a conflict of "
            "interest, an ended appointment), for the rest of the year."
        ),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Appointed until"),
        required=False,
        help_text=gettext_lazy(
            "Empty means the day after the year's safety conference, when the prize is handed out."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decided_by = AccountChoiceField(
        label=gettext_lazy("Appointed by"),
        queryset=_accounts(include_staff=True),
        required=False,
        help_text=gettext_lazy(
            "Empty means the chair of the year's jury, who appoints the members. For the "
            "chair it is the social commissioner themself."
        ),
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Appointed on"),
        initial=timezone.localdate,
        help_text=gettext_lazy("The day the appointment was decided."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decision_reference = forms.CharField(
        label=gettext_lazy("Reference of the appointment"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Optional: for example the case number or the letter."),
    )

    class Meta:
        model = JuryMembership
        fields = ["prize_year", "role", "ends_on"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.include_staff:
            self.fields["user"].queryset = _accounts(include_staff=True)
        else:
            self.fields["user"].help_text = format_html(
                '{} <a href="?personal=alla">{}</a>',
                _(
                    "Or leave empty and give the new member's name and e-mail below. Staff "
                    "accounts are not shown."
                ),
                _("Show staff accounts too"),
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        user, email = cleaned.get("user"), cleaned.get("email")
        if not user:
            if not (email and cleaned.get("first_name") and cleaned.get("last_name")):
                raise forms.ValidationError(
                    _("Choose an existing account, or give first name, last name and e-mail.")
                )
            user = get_user_model().objects.filter(email__iexact=email).first()
        prize_year, role = cleaned.get("prize_year"), cleaned.get("role")
        replaces = cleaned.get("replaces")
        if prize_year and replaces and replaces.prize_year_id != prize_year.pk:
            self.add_error("replaces", _("A replacement stands in for a juror of the same year."))
        if prize_year and user and prize_year.jury_memberships.filter(user=user).exists():
            raise forms.ValidationError(
                _("%(name)s is already on the jury for %(year)s.")
                % {"name": user.get_full_name() or user.get_username(), "year": prize_year.year}
            )
        if (
            prize_year
            and role == JuryRole.CHAIR
            and prize_year.jury_memberships.filter(role=JuryRole.CHAIR).exists()
        ):
            self.add_error("role", _("The jury of this year already has a chair."))
        if prize_year and role and not cleaned.get("decided_by"):
            decider = appointments.default_decider(prize_year=prize_year, user=user, role=role)
            if decider is None and role != JuryRole.CHAIR:
                self.add_error(
                    "decided_by",
                    _(
                        "The jury of %(year)s has no chair yet, and the chair appoints the "
                        "members. Appoint the chair first, or choose who decided."
                    )
                    % {"year": prize_year.year},
                )
        return cleaned


class ChangeAppointmentForm(forms.ModelForm):
    class Meta:
        model = JuryMembership
        fields = ["role", "ends_on"]
        widgets = {"ends_on": forms.DateInput(attrs={"type": "date"})}


@admin.register(JuryMembership)
class JuryMembershipAdmin(admin.ModelAdmin):
    list_display = ["display_name", "email", "role", "prize_year", "ends_on", "ended_at", "active"]
    list_filter = ["prize_year", "role"]
    list_select_related = ["user", "prize_year"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "user__username"]
    actions = ["end_appointments", "reset_two_factor", "name_deputy"]

    @admin.display(description=gettext_lazy("name"), ordering="user__last_name")
    def display_name(self, obj: JuryMembership) -> str:
        return obj.display_name

    @admin.display(description=gettext_lazy("e-mail"))
    def email(self, obj: JuryMembership) -> str:
        return obj.user.email

    @admin.display(boolean=True, description=gettext_lazy("in force"))
    def active(self, obj: JuryMembership) -> bool:
        return obj.is_active()

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        kwargs["form"] = ChangeAppointmentForm if obj else AppointmentForm
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class of this request's own (get_form makes one per call).
        form.include_staff = request.GET.get("personal") == "alla"
        return form

    # Who decided the appointment and who entered it, for the record.
    RECORD_FIELDS = ["decided", "entered"]

    # An ended appointment is a record of who sat on the jury: shown, no longer changed.
    ENDED_FIELDS = [
        "member",
        "prize_year",
        "role",
        "ends_on",
        *RECORD_FIELDS,
        "ended_at",
        "ended_by",
    ]

    def get_fields(self, request: HttpRequest, obj=None):
        if obj and obj.ended_at:
            return self.ENDED_FIELDS
        if obj:
            return ["member", "prize_year", "role", "ends_on", *self.RECORD_FIELDS]
        return [
            "prize_year",
            "role",
            "user",
            "first_name",
            "last_name",
            "email",
            "decided_by",
            "decided_on",
            "decision_reference",
            "ends_on",
            "replaces",
        ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj and obj.ended_at:
            return self.ENDED_FIELDS
        return ["member", "prize_year", *self.RECORD_FIELDS] if obj else []

    @admin.display(description=gettext_lazy("appointed by"))
    def decided(self, obj: JuryMembership) -> str:
        if obj.decided_by is None:
            return "–"
        name = obj.decided_by.get_full_name() or obj.decided_by.get_username()
        day = date_format(obj.decided_on, "j F Y") if obj.decided_on else "–"
        text = f"{name}, {day}"
        return f"{text} ({obj.decision_reference})" if obj.decision_reference else text

    @admin.display(description=gettext_lazy("entered by"))
    def entered(self, obj: JuryMembership) -> str:
        who = obj.appointed_by.get_full_name() if obj.appointed_by else ""
        return f"{who or '–'}, {date_format(timezone.localtime(obj.appointed_at), 'j F Y H:i')}"

    def _warn_early_end(self, request: HttpRequest, membership: JuryMembership) -> None:
        for warning in JuryMembership.early_end_warnings(membership.prize_year, membership.ends_on):
            self.message_user(request, warning, messages.WARNING)

    @admin.display(description=gettext_lazy("member"))
    def member(self, obj: JuryMembership) -> str:
        return f"{obj.display_name} <{obj.user.email}>"

    def save_model(self, request: HttpRequest, obj: JuryMembership, form, change: bool) -> None:
        try:
            if change:
                appointments.change_appointment(
                    membership=obj, role=obj.role, ends_on=obj.ends_on, by=request.user
                )
                self._warn_early_end(request, obj)
                return
            data = form.cleaned_data
            user = data["user"] or appointments.find_or_create_user(
                email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
            )
            membership = appointments.appoint(
                prize_year=data["prize_year"],
                user=user,
                role=data["role"],
                ends_on=data["ends_on"],
                by=request.user,
                replaces=data.get("replaces"),
                decided_by=data["decided_by"],
                decided_on=data["decided_on"],
                decision_reference=data["decision_reference"],
            )
        except appointments.AppointmentError as error:
            # Only a simultaneous appointment gets here; the form checked the rest.
            self.message_user(request, str(error), messages.ERROR)
            return
        # The admin goes on to log and redirect with this object.
        obj.pk, obj.user, obj.ends_on = membership.pk, membership.user, membership.ends_on
        appointments.send_invitation(membership=membership)
        self._warn_early_end(request, membership)

    def response_add(self, request: HttpRequest, obj: JuryMembership, post_url_continue=None):
        if obj.pk is None:  # the appointment was refused in save_model
            return HttpResponseRedirect(reverse("admin:jury_jurymembership_changelist"))
        return super().response_add(request, obj, post_url_continue)

    def log_addition(self, request: HttpRequest, obj: JuryMembership, message):
        if obj.pk is not None:
            return super().log_addition(request, obj, message)
        return None

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Only a member who has done nothing may be deleted; the others' appointments end.
        if obj is not None and (not appointments.may_remove(obj) or appointments.has_acted(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def has_end_permission(self, request: HttpRequest) -> bool:
        """Ending an appointment takes the right to remove jury members."""
        return super().has_delete_permission(request)

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/avsluta/",
                self.admin_site.admin_view(self.end_view),
                name="jury_jurymembership_end",
            )
        ]
        return own + super().get_urls()

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        membership = self.get_object(request, object_id)
        may_end = bool(
            membership
            and membership.ended_at is None
            and appointments.may_remove(membership)
            and self.has_end_permission(request)
        )
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "may_end": may_end}
        )

    def delete_view(self, request: HttpRequest, object_id, extra_context=None):
        membership = self.get_object(request, object_id)
        if (
            membership is not None
            and appointments.may_remove(membership)
            and appointments.has_acted(membership)
        ):
            # What the juror did is part of the record: offer to end the appointment instead.
            return HttpResponseRedirect(
                reverse("admin:jury_jurymembership_end", args=[membership.pk])
            )
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request: HttpRequest):
        """Refuse a bulk delete that includes members who acted, and say what to do."""
        kept = [m for m in objs if not appointments.may_remove(m) or appointments.has_acted(m)]
        if not kept:
            return super().get_deleted_objects(objs, request)
        reasons = [
            (
                _(
                    "%(name)s has scored, declared a conflict of interest or voted: choose "
                    "the action “End the appointment” instead."
                )
                if appointments.may_remove(m)
                else _("%(name)s: the winner is decided; the jury can no longer change.")
            )
            % {"name": m.display_name}
            for m in kept
        ]
        to_delete, model_count, _perms, _protected = super().get_deleted_objects(
            [m for m in objs if m not in kept], request
        )
        return to_delete, model_count, set(), reasons

    def delete_model(self, request: HttpRequest, obj: JuryMembership) -> None:
        appointments.remove(membership=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for membership in queryset:
            try:
                ended = appointments.remove(membership=membership, by=request.user)
            except appointments.AppointmentError as error:
                self.message_user(request, f"{membership}: {error}", messages.ERROR)
            else:
                if ended is not None:
                    self.message_user(request, self._ended_message(ended), messages.WARNING)

    @staticmethod
    def _ended_message(membership: JuryMembership) -> str:
        return _(
            "The appointment of %(name)s has ended. Their scores, conflicts of interest and "
            "votes stay in the record."
        ) % {"name": membership.display_name}

    def _end_confirmation(self, request: HttpRequest, memberships: list, *, action: bool):
        # Said before the "yes": end_appointment refuses these again.
        blockers = [
            _("%(name)s: the winner is decided; the jury can no longer change.")
            % {"name": m.display_name}
            for m in memberships
            if not appointments.may_remove(m)
        ] + [
            _("The appointment of %(name)s has already ended.") % {"name": m.display_name}
            for m in memberships
            if m.ended_at is not None and appointments.may_remove(m)
        ]
        return TemplateResponse(
            request,
            "admin/jury/jurymembership/end_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("End the appointment?"),
                "blockers": blockers,
                "all_blocked": len(blockers) == len(memberships),
                "rows": [(m, appointments.work_of(m)) for m in memberships],
                "action": action,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def _end(self, request: HttpRequest, membership: JuryMembership) -> bool:
        try:
            ended = appointments.end_appointment(membership=membership, by=request.user)
        except appointments.AppointmentError as error:
            self.message_user(request, f"{membership.display_name}: {error}", messages.ERROR)
            return False
        self.message_user(request, self._ended_message(ended), messages.SUCCESS)
        return True

    def end_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """End one appointment after a confirmation: what the juror did stays."""
        if not self.has_end_permission(request):
            raise PermissionDenied
        membership = get_object_or_404(
            JuryMembership.objects.select_related("user", "prize_year"), pk=object_id
        )
        if membership.ended_at is not None:
            self.message_user(
                request,
                _("The appointment of %(name)s has already ended.")
                % {"name": membership.display_name},
                messages.INFO,
            )
            return HttpResponseRedirect(
                reverse("admin:jury_jurymembership_change", args=[membership.pk])
            )
        if request.method == "POST":
            self._end(request, membership)
            return HttpResponseRedirect(reverse("admin:jury_jurymembership_changelist"))
        return self._end_confirmation(request, [membership], action=False)

    @admin.action(
        description=gettext_lazy("Name to lead in the chair's place"), permissions=["change"]
    )
    def name_deputy(self, request: HttpRequest, queryset: QuerySet) -> None:
        """The member who leads when the chair is questioned or takes no part."""
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one member."), messages.ERROR)
            return
        try:
            membership = appointments.name_deputy(membership=queryset.get(), by=request.user)
        except appointments.AppointmentError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            _("%(name)s leads the jury when the chair is questioned or takes no part.")
            % {"name": membership.display_name},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("End the appointment"), permissions=["end"])
    def end_appointments(self, request: HttpRequest, queryset: QuerySet):
        memberships = list(queryset.select_related("user", "prize_year"))
        if "confirm" not in request.POST:
            return self._end_confirmation(request, memberships, action=True)
        for membership in memberships:
            self._end(request, membership)
        return None

    @admin.action(description=gettext_lazy("Reset two-step verification"), permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet):
        """For a juror who lost the phone and the backup codes: the next login sets up anew."""
        # A juror of several years is one account, reset once.
        users = list({m.user_id: m.user for m in queryset.select_related("user")}.values())
        if "confirm" not in request.POST:
            return TemplateResponse(
                request,
                "admin/jury/jurymembership/reset_two_factor_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Reset two-step verification?"),
                    "rows": [
                        {
                            "user": user,
                            "name": user.get_full_name() or user.get_username(),
                            "has_app": devices.confirmed_authenticator(user) is not None,
                            "codes_left": devices.backup_codes_left(user),
                            "may_reset": devices.may_reset(user=user, by=request.user),
                        }
                        for user in users
                    ],
                    "memberships": queryset,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for user in users:
            name = user.get_full_name() or user.get_username()
            try:
                removed = devices.reset_two_factor(user=user, by=request.user)
            except PermissionDenied:
                self.message_user(
                    request,
                    _(
                        "%(name)s can use the administration, so only a superuser may reset "
                        "their two-step verification."
                    )
                    % {"name": name},
                    messages.ERROR,
                )
                continue
            if removed:
                self.message_user(
                    request,
                    _(
                        "The two-step verification of %(name)s is reset. At the next login "
                        "they set up the app again and get new backup codes."
                    )
                    % {"name": name},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("%(name)s has not set up two-step verification yet: nothing to reset.")
                    % {"name": name},
                    messages.INFO,
                )
        return None


# django-otp registers its devices in the admin, where a superuser could read a juror's
# backup codes or authenticator key and log in as them. Staff reset a juror's two-step
# login with the action on the jury members instead (jury/devices.py).
for _model in (StaticDevice, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
# The task queue's raw rows hold each e-mail's arguments; staff follow the mail through
# "Utgående mejl" (nominations.outbox), which never shows a text or a link.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
