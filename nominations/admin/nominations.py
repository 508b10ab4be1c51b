"""The administration's screen for nominations: registering, screening, corrections."""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
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

from trygghetspris.people import display_name

from .. import private_link, screening, submission
from ..attachments import size_text
from ..export import export_nominations
from ..fields import readable_post_data
from ..forms import StaffNominationForm
from ..models import (
    CONTACT_FIELDS,
    Nomination,
    PrizeYear,
    ScreeningStatus,
)
from .screening import (
    EligibilityScreeningMixin,
    ScreeningForm,
    ScreeningStateFilter,
    SetAsideForm,
    registration_year,
    screening_field_names,
    screening_summary,
)

CONTENT_FIELDS = [
    "reference",
    "prize_year",
    "submitted_at",
    "channel",
    "registered_by",
    "effort_name",
    "category",
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
SCREENING_READ_ONLY = ["exclusion_findings", "verdict_list", "screened_by_name", "screened_at"]


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
class NominationAdmin(EligibilityScreeningMixin, admin.ModelAdmin):
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
        # The year's criteria and the verdicts, for the screening column, and what the
        # prize's rules read: a query each for the whole page.
        return (
            super()
            .get_queryset(request)
            .annotate(grouped=Exists(others))
            .prefetch_related("verdicts", "prize_year__criteria", "organisations", "answers")
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
        prize_year = registration_year(data if data is not None else request.GET)
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
                [n for n in form.fields if n == "self_nominated" or n in CONTACT_FIELDS],
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
            kwargs["form"] = ScreeningForm.for_nomination(obj)
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=gettext_lazy("screened by"))
    def screened_by_name(self, obj: Nomination) -> str:
        # The full name, as the audit trail and the rest of the admin name people.
        user = obj.screened_by
        return display_name(user) if user else "–"

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
            [*screening_field_names(obj), "screened_by_name", "screened_at"]
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

    def _csv(self, request: HttpRequest, queryset: QuerySet, *, contact: bool) -> HttpResponse:
        name, text = export_nominations(
            nominations=queryset, include_contact_details=contact, by=request.user
        )
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
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
