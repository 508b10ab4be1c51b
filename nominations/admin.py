import io
from datetime import date, datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from . import outbox, privacy, private_link, screening, submission
from .attachments import size_text
from .export import write_nominations_csv
from .forms import StaffNominationForm, readable_post_data
from .models import (
    CONTACT_FIELDS,
    AuditAction,
    AuditEntry,
    Criterion,
    Effort,
    Nomination,
    OutgoingMail,
    PrizeYear,
    RecipientStatus,
    RetentionRule,
    ScreeningStatus,
)

admin.site.site_header = gettext_lazy("Trygghetspriset – administration")
admin.site.site_title = gettext_lazy("Trygghetspriset")
admin.site.index_title = gettext_lazy("The social administration's work with the prize")


class ScreeningForm(forms.ModelForm):
    """One verdict with a reason per mandatory criterion of the nomination's year.

    The fields, <key>_status and <key>_reason, depend on the year: the admin makes
    the form for a nomination with for_criteria().
    """

    criteria: list[Criterion] = []

    class Meta:
        model = Nomination
        fields: list[str] = []

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

    def verdicts(self) -> dict[str, tuple[str, str]]:
        """The verdicts as screen_nomination takes them: key → (status, reason)."""
        return {
            c.key: (self.cleaned_data[f"{c.key}_status"], self.cleaned_data[f"{c.key}_reason"])
            for c in self.criteria
        }


def screening_field_names(criteria: list[Criterion]) -> list[str]:
    return [f"{c.key}_{part}" for c in criteria for part in ("status", "reason")]


def _mandatory(nomination: Nomination) -> list[Criterion]:
    return [c for c in nomination.prize_year.ordered_criteria() if c.is_mandatory]


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


def _registration_year(data) -> PrizeYear | None:
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


CONTENT_FIELDS = [
    "reference",
    "prize_year",
    "submitted_at",
    "channel",
    "registered_by",
    "effort_name",
    "organisation_list",
    "description",
    "district",
    "answer_list",
    "attachment_list",
    "corrected_at",
    "withdrawn_at",
]
NOMINATOR_FIELDS = [*CONTACT_FIELDS, "privacy_acknowledged_at"]
# Shown instead of the screening form to those who may not, or can no longer, screen.
SCREENING_READ_ONLY = ["verdict_list", "screened_by_name", "screened_at"]


def _moment(at: datetime) -> str:
    return date_format(timezone.localtime(at), "DATETIME_FORMAT")


def _content_rows(source, answers, *, contact: bool) -> list[tuple[str, str, str]]:
    """(key, label, value) of a version, or of the nomination as it stands, to compare."""
    organisations = source.organisations
    if not isinstance(organisations, list):  # the nomination's rows, not a version's list
        organisations = [org.name for org in organisations.all()]
    rows = [
        ("effort_name", _("name of the effort"), source.effort_name),
        ("organisations", _("collaborating organisations"), ", ".join(organisations)),
        ("district", _("district"), source.get_district_display()),
        (
            "description",
            Nomination._meta.get_field("description").verbose_name,
            source.description,
        ),
        *(
            (
                f"answer:{criterion.key if criterion else index}",
                criterion.localized_question if criterion else "–",
                text,
            )
            for index, (criterion, text) in enumerate(answers)
        ),
    ]
    if contact:
        rows += [
            (name, Nomination._meta.get_field(name).verbose_name, getattr(source, name) or "–")
            for name in CONTACT_FIELDS
        ]
    return rows


def earlier_versions_html(nomination: Nomination, *, contact: bool) -> str:
    """What the nominator sent before each correction, as received: read only, oldest first.

    Each answer the correction that replaced the version changed is marked, so that a
    reader sees at once what the nominator corrected. Contact details only when asked
    for: not every viewer of nominations may see them.
    """
    versions = list(nomination.versions.order_by("number"))
    if not versions:
        return "–"
    contents = [_content_rows(v, v.answers_in_order(), contact=contact) for v in versions]
    contents.append(_content_rows(nomination, nomination.answers_in_order(), contact=contact))
    blocks = []
    for version, rows, following in zip(versions, contents, contents[1:], strict=False):
        after = {key: value for key, _label, value in following}
        changed = {key for key, _label, value in rows if after.get(key) != value}
        blocks.append(
            format_html(
                "<h3>{}</h3><p>{}</p><dl>{}</dl>",
                _("Version %(number)s, received %(received)s, replaced %(replaced)s")
                % {
                    "number": version.number,
                    "received": _moment(version.received_at),
                    "replaced": _moment(version.replaced_at),
                },
                ngettext(
                    "The correction changed %(count)s answer, marked “changed”.",
                    "The correction changed %(count)s answers, marked “changed”.",
                    len(changed),
                )
                % {"count": len(changed)},
                format_html_join(
                    "",
                    "<dt>{}{}</dt><dd{}>{}</dd>",
                    (
                        (
                            capfirst(label),
                            format_html(
                                ' <strong class="changed">({})</strong>',
                                pgettext("an answer in an earlier version", "changed"),
                            )
                            if key in changed
                            else "",
                            mark_safe(' class="changed"') if key in changed else "",
                            linebreaksbr(value),
                        )
                        for key, label, value in rows
                    ),
                ),
            )
        )
    return format_html_join("", '<div class="earlier-version">{}</div>', ((b,) for b in blocks))


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    form = ScreeningForm
    # Narrow enough for a 1280 px screen beside the admin's menu and filters: the year
    # alone, and the screening of every mandatory criterion in one column.
    list_display = [
        "reference",
        "effort_name",
        "year",
        "district",
        "screening",
        "grouped_into",
    ]
    list_filter = ["prize_year", ScreeningStateFilter, "district", "channel"]
    list_select_related = ["prize_year", "effort"]
    search_fields = ["reference", "effort_name", "effort__name", "organisations__name"]
    actions = [
        "export_csv",
        "export_csv_with_contact_details",
        "group_efforts",
        "separate_effort",
        "set_aside",
        "close_private_link",
    ]
    fieldsets = [
        (gettext_lazy("The nomination"), {"fields": CONTENT_FIELDS}),
        (gettext_lazy("Effort assessed by the jury"), {"fields": ["effort_link"]}),
        # The screening fieldset is added per nomination: see get_fieldsets.
    ]
    nominator_fieldset = (gettext_lazy("Nominator (personal data)"), {"fields": NOMINATOR_FIELDS})

    @admin.display(description=gettext_lazy("year, arrived"), ordering="prize_year__year")
    def year(self, obj: Nomination) -> str:
        """The prize year, then when and how the nomination reached the city.

        One column, so that the list still fits a 1280 px screen beside the filters.
        """
        moment = timezone.localtime(obj.submitted_at)
        return format_html(
            '{}<br><span class="arrived">{} {}</span>',
            obj.prize_year.year,
            date_format(moment, "j b Y H:i"),
            obj.get_channel_display(),
        )

    @admin.display(description=gettext_lazy("screening"))
    def screening(self, obj: Nomination) -> str:
        return screening_summary(obj)

    @admin.display(description=gettext_lazy("grouped into effort"), ordering="effort__name")
    def grouped_into(self, obj: Nomination) -> str:
        # An effort of its own bears the nomination's name: repeating it only takes room.
        return obj.effort.name if obj.grouped else "–"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Whether another nomination shares the effort, in the list's one query.
        others = Nomination.objects.filter(effort=OuterRef("effort")).exclude(pk=OuterRef("pk"))
        # The year's criteria and the verdicts, for the screening column: two queries
        # for the whole page.
        return (
            super()
            .get_queryset(request)
            .annotate(grouped=Exists(others))
            .prefetch_related("verdicts", "prize_year__criteria")
        )

    @admin.display(description=gettext_lazy("collaborating organisations"))
    def organisation_list(self, obj: Nomination) -> str:
        return ", ".join(org.name for org in obj.organisations.all())

    @admin.display(description=gettext_lazy("answers to the criteria"))
    def answer_list(self, obj: Nomination) -> str:
        rows = obj.answers_in_order()
        if not rows:
            return "–"
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}</dd>",
                ((c.localized_question, linebreaksbr(text)) for c, text in rows),
            ),
        )

    @admin.display(description=gettext_lazy("attached files"))
    def attachment_list(self, obj: Nomination) -> str:
        # Links to the jury app's streaming view, which checks the permission again.
        files = list(obj.attachments.all())
        if not files:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (
                        format_html(
                            "{} ({})",
                            a.original_name,
                            _("removed on %(day)s under “%(rule)s”")
                            % {"day": _moment(a.removed_at), "rule": a.removed_under},
                        )
                        if a.removed_at
                        else format_html(
                            '<a href="{}">{}</a> ({}, {}{})',
                            reverse("jury:attachment", args=[a.pk]),
                            a.original_name,
                            a.get_content_type_display(),
                            size_text(a.size),
                            ngettext(", %(count)s page", ", %(count)s pages", a.page_count)
                            % {"count": a.page_count}
                            if a.page_count
                            else "",
                        ),
                    )
                    for a in files
                ),
            ),
        )

    @admin.display(description=gettext_lazy("verdicts"))
    def verdict_list(self, obj: Nomination) -> str:
        rows = obj.screening()
        if not rows:
            return "–"
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "",
                "<dt>{}</dt><dd>{}{}</dd>",
                (
                    (
                        c.localized_title,
                        ScreeningStatus(status).label,
                        format_html("<br>{}", linebreaksbr(reason)) if reason else "",
                    )
                    for c, status, reason in rows
                ),
            ),
        )

    @admin.display(description=gettext_lazy("effort"))
    def effort_link(self, obj: Nomination) -> str:
        others = obj.effort.nominations.exclude(pk=obj.pk).values_list("reference", flat=True)
        if not others:
            return _("An effort of its own")
        return _("“%(name)s”, together with %(references)s") % {
            "name": obj.effort.name,
            "references": ", ".join(others),
        }

    # The register extract (admin:nominations_nomination_personal_data) is served by
    # the jury app, which can read both apps: see trygghetspris/admin_site.py.

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        """Register a nomination that arrived by letter, phone, e-mail or in person.

        The public form's checks, through the same submit_nomination; the moment it
        arrived counts for the window. Needs add_nomination.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = readable_post_data(request) if request.method == "POST" else None
        prize_year = _registration_year(data if data is not None else request.GET)
        form = StaffNominationForm(
            data,
            criteria=prize_year.ordered_criteria() if prize_year else [],
            prize_year=prize_year,
        )
        for field in form.fields.values():
            # The admin's own widths, so that long names and texts fit.
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["class"] = "vLargeTextField"
            elif isinstance(field.widget, (forms.TextInput, forms.EmailInput)):
                field.widget.attrs["class"] = "vTextField"
        if request.method == "POST" and form.is_valid():
            try:
                nomination = submission.submit_nomination(
                    prize_year=form.cleaned_data["prize_year"],
                    fields=form.nomination_fields(),
                    organisations=form.cleaned_data["organisations"],
                    answers=form.answers(),
                    at=form.cleaned_data["received_at"],
                    channel=form.cleaned_data["channel"],
                    registered_by=request.user,
                )
            except submission.WindowClosed:
                form.add_error(
                    None,
                    _(
                        "The prize year changed while you were typing: it no longer takes "
                        "this nomination. Check the prize year and the date it arrived."
                    ),
                )
            else:
                self.message_user(
                    request,
                    (
                        _("Registered %(reference)s. The nominator was e-mailed a receipt.")
                        if nomination.nominator_email
                        else _(
                            "Registered %(reference)s. No e-mail address was given, so no "
                            "receipt was sent: tell the nominator the reference another way."
                        )
                    )
                    % {"reference": nomination.reference},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:nominations_nomination_change", args=[nomination.pk])
                )
        criteria = form.criteria
        groups = [
            (_("How the nomination arrived"), ["prize_year", "channel", "received_at"]),
            (_("The effort"), ["effort_name", "description", "district"]),
            (
                _("Mandatory criteria"),
                [*form.organisation_names]
                + [c.key for c in criteria if c.is_mandatory and c.asks_for_text],
            ),
            (
                _("Assessment criteria"),
                [c.key for c in criteria if not c.is_mandatory and c.asks_for_text],
            ),
            (
                _("Nominator (personal data)"),
                ["nominator_name", "nominator_email", "nominator_phone"],
            ),
        ]
        return TemplateResponse(
            request,
            "admin/nominations/nomination/register.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Register a nomination that arrived another way"),
                "form": form,
                "prize_year": prize_year,
                # The questions are those of one year: another year's are a link away.
                "other_years": PrizeYear.objects.with_window()
                .exclude(pk=prize_year.pk if prize_year else None)
                .order_by("-year"),
                "groups": [(title, [form[name] for name in names]) for title, names in groups],
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
        readonly = [
            *CONTENT_FIELDS,
            *NOMINATOR_FIELDS,
            "effort_link",
            "earlier_versions",
            "earlier_versions_with_contact",
            *SCREENING_READ_ONLY,
        ]
        return readonly

    def may_screen(self, request: HttpRequest, obj: Nomination | None) -> bool:
        """The screening form, rather than the verdicts read only, for this nomination."""
        return (
            obj is not None
            and self.has_screen_permission(request)
            and obj.prize_year.screening_open
            and obj.withdrawn_at is None
        )

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        if self.may_screen(request, obj):
            kwargs["form"] = ScreeningForm.for_criteria(_mandatory(obj))
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=gettext_lazy("screened by"))
    def screened_by_name(self, obj: Nomination) -> str:
        # The full name, as the audit trail and the rest of the admin name people.
        user = obj.screened_by
        return (user.get_full_name() or user.get_username()) if user else "–"

    @admin.display(description=gettext_lazy("as received before each correction"))
    def earlier_versions(self, obj: Nomination) -> str:
        return earlier_versions_html(obj, contact=False)

    @admin.display(description=gettext_lazy("as received before each correction"))
    def earlier_versions_with_contact(self, obj: Nomination) -> str:
        return earlier_versions_html(obj, contact=True)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        # Contact details only for those allowed to see them, not every viewer of nominations.
        contact = self.has_export_contact_details_permission(request)
        fieldsets = list(self.fieldsets)
        screening_fields = (
            [*screening_field_names(_mandatory(obj)), "screened_by_name", "screened_at"]
            if self.may_screen(request, obj)
            else SCREENING_READ_ONLY
        )
        fieldsets.append(
            (
                gettext_lazy("Screening against the mandatory criteria"),
                {"fields": screening_fields},
            )
        )
        if obj is not None and obj.versions.exists():
            # What arrived first stays readable: a correction is a new version of a record.
            versions = "earlier_versions_with_contact" if contact else "earlier_versions"
            fieldsets.insert(
                1,
                (
                    gettext_lazy("Earlier versions, before the nominator's corrections"),
                    {"fields": [versions]},
                ),
            )
        if contact:
            fieldsets.append(self.nominator_fieldset)
        return fieldsets

    def save_model(self, request: HttpRequest, obj: Nomination, form, change: bool) -> None:
        if not isinstance(form, ScreeningForm) or not form.changed_data:
            return
        try:
            screening.screen_nomination(nomination=obj, verdicts=form.verdicts(), by=request.user)
        except screening.ScreeningError as error:
            # The year moved on while the form was open: the verdicts stay as they were.
            self.message_user(request, str(error), messages.ERROR)

    def _csv(self, request: HttpRequest, queryset: QuerySet, *, contact: bool) -> HttpResponse:
        queryset = queryset.select_related("prize_year", "effort").prefetch_related(
            "organisations", "answers", "verdicts", "prize_year__criteria", "attachments"
        )
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
                gettext_lazy("Exported %(count)s nominations with the nominators' contact details.")
                if contact
                else gettext_lazy("Exported %(count)s nominations without contact details.")
            ),
            params={"count": count},
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

    @admin.action(
        description=gettext_lazy("Close the nominator's private link"), permissions=["screen"]
    )
    def close_private_link(self, request: HttpRequest, queryset: QuerySet) -> None:
        for nomination in queryset:
            try:
                private_link.close_link(nomination=nomination, by=request.user)
            except private_link.LinkAlreadyClosed:
                self.message_user(
                    request,
                    _("The link to %(reference)s was already closed.")
                    % {"reference": nomination.reference},
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "The link to %(reference)s is closed. The nominator can no longer "
                        "read or change the nomination through it."
                    )
                    % {"reference": nomination.reference},
                    messages.SUCCESS,
                )

    @admin.action(
        description=gettext_lazy("Set aside with a reason (kept in the record)"),
        permissions=["screen"],
    )
    def set_aside(self, request: HttpRequest, queryset: QuerySet):
        form = SetAsideForm(request.POST if "confirm" in request.POST else None)
        if "confirm" in request.POST and form.is_valid():
            for nomination in queryset:
                try:
                    screening.set_aside(
                        nomination=nomination, reason=form.cleaned_data["reason"], by=request.user
                    )
                except screening.ScreeningError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self.message_user(
                        request,
                        _("%(reference)s is set aside.") % {"reference": nomination.reference},
                        messages.SUCCESS,
                    )
            return None
        return TemplateResponse(
            request,
            "admin/nominations/nomination/set_aside.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Set nominations aside"),
                "form": form,
                "nominations": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class EffortNominationInline(admin.TabularInline):
    model = Nomination
    fields = ["reference", "effort_name", "screening"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("screening"))
    def screening(self, obj: Nomination) -> str:
        return screening_summary(obj)


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


# What the keys in AuditEntry.changes stand for: a model field gives its label and
# its choices; the rest are named here. The trail holds entries of both apps.
CHANGE_FIELDS = {
    "role": ("jury", "JuryMembership", "role"),
    "ends_on": ("jury", "JuryMembership", "ends_on"),
    "ended_at": ("jury", "JuryMembership", "ended_at"),
    "channel": ("nominations", "Nomination", "channel"),
    "received_at": ("nominations", "Nomination", "submitted_at"),
    "data_kind": ("nominations", "RetentionRule", "data_kind"),
    "decided_on": ("nominations", "RetentionRule", "decided_on"),
    "period_days": ("nominations", "RetentionRule", "period_days"),
    "reference": ("nominations", "RetentionRule", "reference"),
    "opens_at": ("nominations", "PrizeYear", "opens_at"),
    "closes_at": ("nominations", "PrizeYear", "closes_at"),
    "prize_amount": ("nominations", "PrizeYear", "prize_amount"),
    "conference_date": ("nominations", "PrizeYear", "conference_date"),
    "scoring_deadline": ("nominations", "PrizeYear", "scoring_deadline"),
    "vote_deadline": ("nominations", "PrizeYear", "vote_deadline"),
    "jury_phase": ("nominations", "PrizeYear", "jury_phase"),
    "case_number": ("nominations", "PrizeYear", "case_number"),
}
CHANGE_LABELS = {
    "before": gettext_lazy("before"),
    "after": gettext_lazy("after"),
    "count": gettext_lazy("number"),
    "years": gettext_lazy("prize years"),
    "year": gettext_lazy("prize year"),
    "window": gettext_lazy("nomination window"),
    "user": gettext_lazy("account"),
    "nomination": gettext_lazy("nomination"),
    "nominations": gettext_lazy("nominations"),
    "effort": gettext_lazy("effort (number)"),
    "efforts": gettext_lazy("efforts (numbers)"),
    "reasons": gettext_lazy("reasons"),
    "awarded_on": gettext_lazy("prize awarded"),
    "contact_details": gettext_lazy("with contact details"),
    "fields": gettext_lazy("fields"),
    "scores": gettext_lazy("scores"),
    "votes": gettext_lazy("votes"),
    "conflicts": gettext_lazy("conflicts of interest"),
    "version": gettext_lazy("earlier version kept"),
    "screening_reset": gettext_lazy("sent back to screening"),
    "criteria": gettext_lazy("criteria"),
    "added": gettext_lazy("added"),
    "changed": gettext_lazy("changed"),
    "removed": gettext_lazy("removed"),
}


def _change_field(key: str):
    where = CHANGE_FIELDS.get(key)
    if where is None:
        return None
    try:
        return apps.get_model(where[0], where[1])._meta.get_field(where[2])
    except (LookupError, FieldDoesNotExist):
        return None


def _criterion_named(key: str) -> Criterion | None:
    """The latest criterion with this key: screening's entries name criteria by key."""
    return Criterion.objects.filter(key=key).order_by("-prize_year__year").first()


def _change_label(key: str) -> str:
    field = _change_field(key)
    if field is not None:
        return str(field.verbose_name)
    if key in CHANGE_LABELS:
        return str(CHANGE_LABELS[key])
    criterion = _criterion_named(key)
    return criterion.localized_title if criterion else key.replace("_", " ")


def _change_value(key: str, value) -> str:
    """One value of an audit entry's changes, as a person reads it (Stockholm time)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "; ".join(f"{label}: {text}" for label, text in _ordered_lines(value))
    if isinstance(value, list):
        if key == "fields":
            value = [_change_label_of_nomination_field(name) for name in value]
        return ", ".join(_change_value(key, item) for item in value)
    field = _change_field(key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is None and value in ScreeningStatus.values and _criterion_named(key):
        # A verdict of screening, under the criterion's key.
        return str(ScreeningStatus(value).label)
    if isinstance(value, str):
        try:
            if len(value) > 10 and "T" in value:
                return date_format(
                    timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT"
                )
            if len(value) == 10:
                return date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            pass
    return str(value)


def _change_label_of_nomination_field(name: str) -> str:
    try:
        field = Nomination._meta.get_field(name)
    except FieldDoesNotExist:
        # An answer to a criterion, named by the criterion's key.
        criterion = _criterion_named(name)
        return criterion.localized_title if criterion else name
    if field.auto_created and not field.concrete:
        # A relation such as the organisations, named by the related model.
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


# PostgreSQL's jsonb keeps keys in its own order, so the display sets one: "before"
# ahead of "after", everything else by its label.
_FIRST_KEYS = {"before": 0, "after": 1}


def _ordered_lines(changes: dict) -> list[tuple[str, str]]:
    lines = [(key, _change_label(key), _change_value(key, value)) for key, value in changes.items()]
    lines.sort(key=lambda line: (_FIRST_KEYS.get(line[0], 2), str(line[1])))
    return [(label, text) for _key, label, text in lines]


def readable_changes(changes: dict) -> list[tuple[str, str]]:
    """An audit entry's changes as (what, value) lines, "before" and "after" as their own."""
    return _ordered_lines(changes)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "prize_year", "summary"]
    list_filter = ["action", "prize_year"]
    search_fields = ["actor_name", "summary"]
    date_hierarchy = "at"
    fields = ["at", "actor_name", "action", "prize_year", "summary", "changes_readable"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("changes"))
    def changes_readable(self, obj: AuditEntry) -> str:
        lines = readable_changes(obj.changes or {})
        if not lines:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}: {}</li>", ((label, value) for label, value in lines)),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class RetentionRuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = ["data_kind", "reference", "decided_on", "period_days"]
        widgets = {"decided_on": forms.DateInput(attrs={"type": "date"})}


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The archive authority's decisions on removal: recorded and read, never changed.

    A rule is a record itself; a new decision is recorded as a new rule, and the
    latest decided one is in force.
    """

    form = RetentionRuleForm
    list_display = [
        "data_kind",
        "reference",
        "decided_on",
        "period_days",
        "in_force",
        "applies",
        "recorded_by",
    ]
    list_select_related = ["recorded_by"]

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return RetentionRuleForm.Meta.fields
        return [*RetentionRuleForm.Meta.fields, "recorded_at", "recorded_by"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["recorded_at", "recorded_by"] if obj else []

    @admin.display(boolean=True, description=gettext_lazy("in force"))
    def in_force(self, obj: RetentionRule) -> bool:
        return RetentionRule.objects.in_force(kind=obj.data_kind) == obj

    @admin.display(description=gettext_lazy("applies"))
    def applies(self, obj: RetentionRule) -> str:
        """From when the rule applies: a rule never applies before its own date."""
        today = timezone.localdate()
        when = {"date": date_format(obj.decided_on, "j F Y")}
        if obj.decided_on > today:
            return _("from %(date)s (not yet in force)") % when
        if RetentionRule.objects.in_force(kind=obj.data_kind, on=today) == obj:
            return _("in force since %(date)s") % when
        return _("from %(date)s, replaced by a later rule") % when

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RetentionRule, form, change: bool) -> None:
        data = form.cleaned_data
        rule = privacy.record_retention_rule(
            data_kind=data["data_kind"],
            reference=data["reference"],
            decided_on=data["decided_on"],
            period_days=data["period_days"],
            by=request.user,
        )
        # The admin goes on to log and redirect with this object.
        obj.pk, obj.recorded_at, obj.recorded_by = rule.pk, rule.recorded_at, rule.recorded_by


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The mail queue (outbox.py) as staff see it: what waits, what failed and why.

    The text is never shown: a password mail's link would let its reader in.
    """

    list_display = [
        "queued_at",
        "kind",
        "subject",
        "to",
        "status",
        "attempts",
        "next_attempt_at",
        "reason",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject"]
    date_hierarchy = "queued_at"
    fields = [
        "kind",
        "subject",
        "to",
        "status",
        "queued_at",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "reason",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=gettext_lazy("to"))
    def to(self, obj: OutgoingMail) -> str:
        # Cleared once sent (outbox.py): the records the mail came from hold the address.
        # Each with the mail server's answer, once it has given one.
        shown = []
        for position, address in enumerate(obj.recipients):
            outcome = obj.outcome(position)
            if outcome.get("status") == RecipientStatus.ACCEPTED:
                shown.append(_("%(address)s (accepted by the mail server)") % {"address": address})
            elif outcome.get("status") == RecipientStatus.REFUSED:
                shown.append(
                    _("%(address)s (not accepted: %(answer)s)")
                    % {"address": address, "answer": outcome.get("answer", "")}
                )
            else:
                shown.append(address)
        return ", ".join(shown) or "–"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.resend_outgoingmail")

    @admin.action(description=gettext_lazy("Send again"), permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        queued = 0
        for mail in queryset:
            try:
                outbox.send_again(mail=mail, by=request.user)
            except outbox.MailError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                queued += 1
        if queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)s e-mail is queued to be sent again.",
                    "%(count)s e-mails are queued to be sent again.",
                    queued,
                )
                % {"count": queued},
                messages.SUCCESS,
            )
