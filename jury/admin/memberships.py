"""The administration's screen for the jury's appointments (jury memberships)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from trygghetspris.people import display_name

from .. import appointments
from ..models import JuryMembership
from ..signin import devices


class AccountChoiceField(forms.ModelChoiceField):
    """Accounts as people know them: full name and e-mail address, not the user name."""

    def label_from_instance(self, obj) -> str:
        name = display_name(obj)
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
            "Empty means the day after the year's prize ceremony, when the prize is handed out."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    decided_by = AccountChoiceField(
        label=gettext_lazy("Appointed by"),
        queryset=_accounts(include_staff=True),
        required=False,
        help_text=gettext_lazy(
            "Empty means the chair of the year's jury, who appoints the members. For the "
            "chair it is the chair themself, by office."
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
        if prize_year and role:
            refusals = appointments.appointment_refusals(
                prize_year=prize_year,
                user=user,
                role=role,
                replaces=cleaned.get("replaces"),
                decided_by=cleaned.get("decided_by"),
            )
            for field, message in refusals.items():
                self.add_error(field, message)
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
        name = display_name(obj.decided_by)
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
                            "name": display_name(user),
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
            name = display_name(user)
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
