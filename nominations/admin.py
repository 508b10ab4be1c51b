import io
import json
from collections.abc import Callable
from datetime import date, datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jury import pdf
from jury.models import Decision
from jury.scoring import JuryError, close_scoring, open_scoring

from . import announcement, privacy, screening, window
from .export import write_nominations_csv
from .models import (
    CONTACT_FIELDS,
    AuditAction,
    AuditEntry,
    Effort,
    Nomination,
    PrizeYear,
    ScreeningStatus,
)

admin.site.site_header = gettext_lazy("Trygghetspriset – administration")
admin.site.site_title = gettext_lazy("Trygghetspriset")
admin.site.index_title = gettext_lazy("The social administration's work with the prize")


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


@admin.register(PrizeYear)
class PrizeYearAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "theme",
        "window_state_display",
        "opens_at",
        "closes_at",
        "jury_phase",
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
        "announce_winner",
    ]
    fieldsets = [
        (None, {"fields": ["year", "theme", "description", "prize_amount"]}),
        (gettext_lazy("Nomination window"), {"fields": ["opens_at", "closes_at"]}),
        (gettext_lazy("Conference"), {"fields": ["conference_date"]}),
        (gettext_lazy("History"), {"fields": ["historical_winner"], "classes": ["collapse"]}),
    ]

    @admin.display(description=gettext_lazy("nominations"))
    def window_state_display(self, obj: PrizeYear) -> str:
        return {
            "none": "–",
            "upcoming": _("not yet open"),
            "open": _("open"),
            "closed": _("closed"),
        }[obj.window_state()]

    def get_urls(self):
        own = [
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
        ]
        return own + super().get_urls()

    def _document_year(self, request: HttpRequest, object_id: int) -> PrizeYear:
        prize_year = get_object_or_404(PrizeYear, pk=object_id)
        # The documents quote nominations, so reading them takes that permission too.
        if not (
            self.has_view_permission(request, prize_year)
            and request.user.has_perm("nominations.view_nomination")
        ):
            raise PermissionDenied
        return prize_year

    def decision_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        prize_year = self._document_year(request, object_id)
        decision = get_object_or_404(Decision, prize_year=prize_year)
        return pdf.pdf_response(
            pdf.decision_pdf(decision=decision), f"beslut-trygghetspriset-{prize_year.year}.pdf"
        )

    def dossier_document(self, request: HttpRequest, object_id: int) -> HttpResponse:
        prize_year = self._document_year(request, object_id)
        return pdf.pdf_response(
            pdf.dossier_pdf(prize_year=prize_year),
            f"underlag-trygghetspriset-{prize_year.year}.pdf",
        )

    def has_change_window_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.change_window")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Setting a window opens nominations to the public; that takes change_window.
        if not self.has_change_window_permission(request):
            return ["opens_at", "closes_at"]
        return []

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A new year starts as a copy of the previous one, its dates a year later."""
        initial = super().get_changeform_initial_data(request)
        source = None
        if request.GET.get("copy_from", "").isdigit():
            source = PrizeYear.objects.filter(pk=request.GET["copy_from"]).first()
        source = source or PrizeYear.objects.with_window().order_by("-year").first()
        if source is None:
            return initial
        return {
            "year": source.year + 1,
            "theme": source.theme,
            "description": source.description,
            "prize_amount": source.prize_amount,
            "opens_at": _next_year(source.opens_at),
            "closes_at": _next_year(source.closes_at),
            "conference_date": _next_year(source.conference_date),
            **initial,
        }

    def save_model(self, request: HttpRequest, obj: PrizeYear, form, change: bool) -> None:
        before = window.window_of(PrizeYear.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change:
            window.record_window_edit(prize_year=obj, before=before, by=request.user)
        else:
            AuditEntry.record(
                actor=request.user,
                action=AuditAction.PRIZE_YEAR_CREATED,
                prize_year=obj,
                summary=_("Created the prize year %(year)s, “%(theme)s”.")
                % {"year": obj.year, "theme": obj.theme},
                changes={"window": window.window_of(obj), "prize_amount": obj.prize_amount},
            )

    def _attempt(self, request: HttpRequest, operation: Callable[[], str]) -> None:
        """Run an operation that returns its success message or refuses with a reason."""
        try:
            message = operation()
        except (window.WindowError, JuryError, announcement.AnnouncementError) as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)

    def _single(self, request: HttpRequest, queryset: QuerySet) -> PrizeYear | None:
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one prize year."), messages.ERROR)
            return None
        return queryset.get()

    def _confirmation(self, request, prize_year, action: str, title: str, form=None):
        return TemplateResponse(
            request,
            "admin/nominations/prizeyear/confirm_window.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "prize_year": prize_year,
                "action": action,
                "form": form,
                "now": timezone.now(),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

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
        if "confirm" in request.POST and form.is_valid():

            def open_now() -> str:
                window.open_nominations(
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
            form,
        )

    @admin.action(description=gettext_lazy("Close nominations now"), permissions=["change_window"])
    def close_nominations_now(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        if "confirm" not in request.POST:
            return self._confirmation(
                request,
                prize_year,
                "close_nominations_now",
                _("Close nominations for %(year)s now?") % {"year": prize_year.year},
            )

        def close_now() -> str:
            window.close_nominations(prize_year=prize_year, by=request.user)
            return _("Nominations for %(year)s are closed.") % {"year": prize_year.year}

        self._attempt(request, close_now)
        return None

    def _jury_phase(self, request: HttpRequest, queryset: QuerySet, change) -> None:
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return

        def move_on() -> str:
            changed = change(prize_year=prize_year, by=request.user)
            return _("The jury's work for %(year)s is now at “%(phase)s”.") % {
                "year": changed.year,
                "phase": changed.get_jury_phase_display(),
            }

        self._attempt(request, move_on)

    @admin.action(description=gettext_lazy("Open the jury's scoring"), permissions=["change"])
    def open_jury_scoring(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._jury_phase(request, queryset, open_scoring)

    @admin.action(description=gettext_lazy("Close the jury's scoring"), permissions=["change"])
    def close_jury_scoring(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._jury_phase(request, queryset, close_scoring)

    @admin.action(
        description=gettext_lazy("Announce the winner on the public pages"),
        permissions=["change"],
    )
    def announce_winner(self, request: HttpRequest, queryset: QuerySet) -> None:
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return

        def announce() -> str:
            announcement.announce_winner(prize_year=prize_year, by=request.user)
            return _("The winner of %(year)s is now shown on the public pages.") % {
                "year": prize_year.year
            }

        self._attempt(request, announce)

    @admin.action(description=gettext_lazy("Create next year as a copy"), permissions=["add"])
    def copy_to_next_year(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        url = reverse("admin:nominations_prizeyear_add")
        return HttpResponseRedirect(f"{url}?copy_from={prize_year.pk}")


class ScreeningForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = [
            "collaboration_status",
            "collaboration_reason",
            "added_value_status",
            "added_value_reason",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        for status, reason in (
            ("collaboration_status", "collaboration_reason"),
            ("added_value_status", "added_value_reason"),
        ):
            if (
                cleaned.get(status) == ScreeningStatus.FAILED
                and not cleaned.get(reason, "").strip()
            ):
                self.add_error(
                    reason, _("Give a reason when the nomination does not meet the criterion.")
                )
        return cleaned


class PersonalDataForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        help_text=gettext_lazy(
            "Everything held about the person: nominations sent from the address, and any "
            "account with it (jury appointments, conflicts, scores, votes, audit trail)."
        ),
    )


class ScreeningStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("screening")
    parameter_name = "screening"

    def lookups(self, request, model_admin):
        return [
            ("unscreened", _("not fully screened")),
            ("eligible", _("eligible for the jury")),
            ("rejected", _("not eligible")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "eligible":
            return queryset.eligible()
        if self.value() == "rejected":
            return queryset.rejected()
        if self.value() == "unscreened":
            return queryset.unscreened()
        return queryset


CONTENT_FIELDS = [
    "reference",
    "prize_year",
    "submitted_at",
    "effort_name",
    "organisation_list",
    "description",
    "district",
    "added_value",
    "innovation",
    "inspiration",
    "results",
]
NOMINATOR_FIELDS = [*CONTACT_FIELDS, "privacy_acknowledged_at"]
SCREENING_FIELDS = ScreeningForm.Meta.fields


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    form = ScreeningForm
    list_display = [
        "reference",
        "effort_name",
        "prize_year",
        "district",
        "collaboration_status",
        "added_value_status",
        "eligible",
        "effort",
    ]
    list_filter = ["prize_year", ScreeningStateFilter, "district"]
    list_select_related = ["prize_year", "effort"]
    search_fields = ["reference", "effort_name", "effort__name", "organisations__name"]
    actions = ["export_csv", "export_csv_with_contact_details", "group_efforts", "separate_effort"]
    fieldsets = [
        (gettext_lazy("The nomination"), {"fields": CONTENT_FIELDS}),
        (gettext_lazy("Effort assessed by the jury"), {"fields": ["effort_link"]}),
        (
            gettext_lazy("Screening against the mandatory criteria"),
            {"fields": [*SCREENING_FIELDS, "screened_by", "screened_at"]},
        ),
    ]
    nominator_fieldset = (gettext_lazy("Nominator (personal data)"), {"fields": NOMINATOR_FIELDS})

    @admin.display(boolean=True, description=gettext_lazy("eligible"))
    def eligible(self, obj: Nomination) -> bool:
        return obj.is_eligible

    @admin.display(description=gettext_lazy("collaborating organisations"))
    def organisation_list(self, obj: Nomination) -> str:
        return ", ".join(org.name for org in obj.organisations.all())

    @admin.display(description=gettext_lazy("effort"))
    def effort_link(self, obj: Nomination) -> str:
        others = obj.effort.nominations.exclude(pk=obj.pk).values_list("reference", flat=True)
        if not others:
            return _("An effort of its own")
        return _("“%(name)s”, together with %(references)s") % {
            "name": obj.effort.name,
            "references": ", ".join(others),
        }

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Nominations come from the public form only.
        return False

    def get_urls(self):
        own = [
            path(
                "registerutdrag/",
                self.admin_site.admin_view(self.personal_data),
                name="nominations_nomination_personal_data",
            )
        ]
        return own + super().get_urls()

    def personal_data(self, request: HttpRequest) -> HttpResponse:
        """A register extract (GDPR art. 15) of everything held about one e-mail address."""
        if not request.user.has_perm("nominations.export_personal_data"):
            raise PermissionDenied
        form = PersonalDataForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            extract = privacy.personal_data_for(email=email)
            AuditEntry.record(
                actor=request.user,
                action=AuditAction.PERSONAL_DATA_EXPORTED,
                summary=_(
                    "Exported a register extract: %(nominations)s nominations, "
                    "%(accounts)s accounts."
                )
                % {
                    "nominations": len(extract["nominations"]),
                    "accounts": len(extract["accounts"]),
                },
            )
            response = HttpResponse(
                json.dumps(extract, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="registerutdrag.json"'
            return response
        return TemplateResponse(
            request,
            "admin/nominations/nomination/personal_data.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Register extract for one person"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    def has_screen_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.screen_nomination")

    def has_export_nominations_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.export_nominations")

    def has_export_contact_details_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.export_contact_details")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = [*CONTENT_FIELDS, *NOMINATOR_FIELDS, "effort_link", "screened_by", "screened_at"]
        if not self.has_screen_permission(request) or (obj and not obj.prize_year.screening_open):
            readonly += SCREENING_FIELDS
        return readonly

    def get_fieldsets(self, request: HttpRequest, obj=None):
        # Contact details only for those allowed to see them, not every viewer of nominations.
        if self.has_export_contact_details_permission(request):
            return [*self.fieldsets, self.nominator_fieldset]
        return self.fieldsets

    def save_model(self, request: HttpRequest, obj: Nomination, form, change: bool) -> None:
        if not set(form.changed_data) & set(SCREENING_FIELDS):
            return
        screening.screen_nomination(
            nomination=obj,
            collaboration=obj.collaboration_status,
            collaboration_reason=obj.collaboration_reason,
            added_value=obj.added_value_status,
            added_value_reason=obj.added_value_reason,
            by=request.user,
        )

    def _csv(self, request: HttpRequest, queryset: QuerySet, *, contact: bool) -> HttpResponse:
        queryset = queryset.select_related("prize_year", "effort").prefetch_related("organisations")
        years = sorted({n.prize_year.year for n in queryset})
        buffer = io.StringIO()
        count = write_nominations_csv(
            nominations=queryset.order_by("submitted_at"),
            include_contact_details=contact,
            out=buffer,
        )
        AuditEntry.record(
            actor=request.user,
            action=AuditAction.EXPORTED,
            prize_year=PrizeYear.objects.get(year=years[0]) if len(years) == 1 else None,
            summary=(
                _("Exported %(count)s nominations with the nominators' contact details.")
                if contact
                else _("Exported %(count)s nominations without contact details.")
            )
            % {"count": count},
            changes={"count": count, "contact_details": contact, "years": years},
        )
        # A byte-order mark, so that Excel reads the file as UTF-8 (å, ä, ö).
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        name = "nomineringar-" + "-".join(map(str, years)) + ("-kontakt" if contact else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    @admin.action(
        description=gettext_lazy("Export as CSV (without contact details)"),
        permissions=["export_nominations"],
    )
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._csv(request, queryset, contact=False)

    @admin.action(
        description=gettext_lazy("Export as CSV with the nominators' contact details"),
        permissions=["export_contact_details"],
    )
    def export_csv_with_contact_details(self, request: HttpRequest, queryset: QuerySet):
        return self._csv(request, queryset, contact=True)

    @admin.action(
        description=gettext_lazy("Group as one effort for the jury"), permissions=["screen"]
    )
    def group_efforts(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            effort = screening.group_as_one_effort(nominations=list(queryset), by=request.user)
        except screening.ScreeningError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("The nominations are now one effort, “%(name)s”.") % {"name": effort.name},
                messages.SUCCESS,
            )

    @admin.action(
        description=gettext_lazy("Separate into efforts of their own"), permissions=["screen"]
    )
    def separate_effort(self, request: HttpRequest, queryset: QuerySet) -> None:
        for nomination in queryset:
            try:
                screening.separate_nomination(nomination=nomination, by=request.user)
            except screening.ScreeningError as error:
                self.message_user(request, str(error), messages.WARNING)


class EffortNominationInline(admin.TabularInline):
    model = Nomination
    fields = ["reference", "effort_name", "collaboration_status", "added_value_status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Effort)
class EffortAdmin(admin.ModelAdmin):
    list_display = ["name", "prize_year", "nomination_count"]
    list_filter = ["prize_year"]
    search_fields = ["name", "nominations__reference"]
    fields = ["name", "prize_year"]
    readonly_fields = ["prize_year"]
    inlines = [EffortNominationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(nomination_total=Count("nominations"))

    @admin.display(description=gettext_lazy("nominations"), ordering="nomination_total")
    def nomination_count(self, obj: Effort) -> int:
        return obj.nomination_total

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Efforts arise from nominations and are grouped from the nomination list.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "prize_year", "summary"]
    list_filter = ["action", "prize_year"]
    search_fields = ["actor_name", "summary"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
