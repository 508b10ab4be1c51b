"""The administration's screen for the prize year.

The prize-year admin lives in the app on top, because it drives the whole year: the
window, the jury's phases, the documents and the announcement. Every action only
presents a confirmation and dispatches to jury/phases.py; saving a year goes through
jury/years.py.
"""

import tempfile
from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations import orientation
from nominations.models import (
    JuryPhase,
    PrizeCategory,
    PrizeYear,
    WindowState,
)

from .. import closing, committee, phases, years
from ..archive import package as archive
from ..errors import JuryError
from ..forms import AnnounceForm
from ..models import BasisDocument
from ..overview import year_overview
from ..scoring import jury_progress, unscored_efforts
from .prize_year_categories import CategoryInline, save_category_formset
from .prize_year_committee import PrizeYearCommitteeMixin
from .prize_year_documents import PrizeYearDocumentsMixin
from .prize_year_forms import (
    CriterionFormSet,
    CriterionInline,
    OpenScoringForm,
    OpenWindowForm,
    PrizeYearForm,
)


@admin.register(PrizeYear)
class PrizeYearAdmin(PrizeYearCommitteeMixin, PrizeYearDocumentsMixin, admin.ModelAdmin):
    form = PrizeYearForm
    list_display = [
        "year",
        "prize",
        "theme",
        "window_state_display",
        "opens_at",
        "last_open_display",
        "stage_display",
        "announced_at",
    ]
    list_display_links = ["year", "theme"]
    list_filter = ["prize"]
    list_select_related = ["prize"]
    search_fields = ["theme", "historical_winner"]
    actions = [
        "open_nominations_now",
        "close_nominations_now",
        "copy_to_next_year",
        "open_jury_scoring",
        "close_jury_scoring",
        "reopen_jury_scoring",
        "record_committee_decision",
        "announce_winner",
        "close_year",
        "download_archive_package",
    ]
    inlines = [CriterionInline]
    fieldsets = [
        (
            None,
            {"fields": ["prize", "year", "theme", "description", "prize_amount", "max_winners"]},
        ),
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
                    "The committee (nämnd) approves the orientation of the prize each year: "
                    "the theme, and the criteria below that every nomination must meet and "
                    "that the jury scores. Give the texts in Swedish, and in English for "
                    "the English pages."
                ),
            },
        ),
        (
            gettext_lazy("Who presents the matter"),
            {
                "fields": ["foredragande_name", "foredragande_title"],
                "description": gettext_lazy(
                    "The decision names who in the administration prepared the matter for "
                    "the jury (föredragande). The decision cannot be checked without it."
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
                "<int:object_id>/beslutsunderlag/<slug:kind>.pdf",
                self.admin_site.admin_view(self.basis_document),
                name="nominations_prizeyear_basis_pdf",
            ),
            path(
                "<int:object_id>/granskningslogg.<slug:format>",
                self.admin_site.admin_view(self.audit_trail_export),
                name="nominations_prizeyear_audit_export",
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

    def has_change_window_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nominations.change_window")

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        # The basis of the decision and the audit trail's export, linked from the year.
        basis_documents = (
            BasisDocument.objects.stored()
            .filter(prize_year_id=object_id)
            .defer("content", "source_html")
            if str(object_id).isdigit()
            else []
        )
        return super().change_view(
            request,
            object_id,
            form_url,
            {"basis_documents": basis_documents, **(extra_context or {})},
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Setting a window opens nominations to the public; that takes change_window.
        # Once the jury has started, the window is part of the record of the year.
        # A year stays with the prize it was created for: its records name it.
        fixed = ["prize", "criteria_state"] if obj else ["criteria_state"]
        if not self.has_change_window_permission(request) or (
            obj and obj.jury_phase != JuryPhase.PREPARATION
        ):
            return [*fixed, "opens_at", "closes_at"]
        return fixed

    def get_inlines(self, request: HttpRequest, obj=None):
        # A new year gets its criteria as a copy when it is saved (save_model).
        return [CriterionInline, CategoryInline] if obj is not None else []

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        """A new year starts as a copy of the previous one, its dates a year later."""
        initial = super().get_changeform_initial_data(request)
        source = years.copy_source(chosen=request.GET.get("copy_from"))
        prize_id = initial.get("prize")
        return {**years.initial_values(source=source, prize_id=prize_id), **initial}

    def save_model(self, request: HttpRequest, obj: PrizeYear, form, change: bool) -> None:
        """Plain fields are saved as they are; the window and deadlines go through phases."""
        source = None
        if not change:
            source = years.copy_source(
                chosen=request.GET.get("copy_from"), year=obj.year, prize=obj.prize
            )
        year = years.save_year(prize_year=obj, copy_from=source, by=request.user)
        if year.opens_at and (missing := year.missing_english()):
            self.message_user(request, self._english_warning(missing), messages.WARNING)

    @staticmethod
    def _english_warning(missing: list[str]) -> str:
        return _(
            "The English texts are empty for %(missing)s. The English pages show the Swedish "
            "text there until you fill them in."
        ) % {"missing": ", ".join(missing)}

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is PrizeCategory:
            return save_category_formset(self, request, form, formset)
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
                if not committee.winner_of_record(prize_year=prize_year).awarded:
                    return _(
                        "The public history now shows that the prize of %(year)s is not awarded."
                    ) % {"year": prize_year.year}
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
            # One winner, several sharing, or not awarded: what the announcement shows.
            outcome=committee.winner_of_record(prize_year=prize_year),
        )

    @admin.action(description=gettext_lazy("Close the year (ad acta)"), permissions=["change"])
    def close_year(self, request: HttpRequest, queryset: QuerySet):
        """Close an announced year once nothing is pending; the page says first what is."""

        def close(prize_year: PrizeYear) -> str:
            closing.close_year(prize_year=prize_year, by=request.user)
            return _("The prize year %(year)s is closed. Its records no longer change.") % {
                "year": prize_year.year
            }

        return self._confirmed_step(
            request,
            queryset,
            "close_year",
            _("Close the prize year %(year)s?"),
            close,
            confirm_label=_("Yes, close the year"),
            blockers=lambda year: closing.closing_blockers(prize_year=year),
        )

    @admin.action(
        description=gettext_lazy("Download the archive package (E-ARK)"), permissions=["archive"]
    )
    def download_archive_package(self, request: HttpRequest, queryset: QuerySet):
        """The closed year's E-ARK SIP as one ZIP file, as `manage.py archive_year` makes it."""
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        if reason := archive.refusal(prize_year):
            self.message_user(request, reason, messages.ERROR)
            return None
        target = tempfile.TemporaryFile()
        name = archive.zip_for_download(prize_year=prize_year, target=target, by=request.user)
        target.seek(0)
        return FileResponse(target, as_attachment=True, filename=name)

    def has_archive_permission(self, request: HttpRequest) -> bool:
        # The package holds every nomination, contact details included until removed.
        return self.has_change_permission(request) and request.user.has_perm(
            "nominations.export_contact_details"
        )

    @admin.action(description=gettext_lazy("Create next year as a copy"), permissions=["add"])
    def copy_to_next_year(self, request: HttpRequest, queryset: QuerySet):
        prize_year = self._single(request, queryset)
        if prize_year is None:
            return None
        url = reverse("admin:nominations_prizeyear_add")
        return HttpResponseRedirect(f"{url}?copy_from={prize_year.pk}")
