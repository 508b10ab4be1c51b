from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import appointments
from .models import JuryMembership, JuryRole


class AppointmentForm(forms.ModelForm):
    """Appoint an existing account, or create one from a name and e-mail address."""

    user = forms.ModelChoiceField(
        label=gettext_lazy("Existing account"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        help_text=gettext_lazy("Or leave empty and give the new member's name and e-mail below."),
    )
    first_name = forms.CharField(label=gettext_lazy("First name"), required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False)
    ends_on = forms.DateField(
        label=gettext_lazy("Appointed until"),
        required=False,
        help_text=gettext_lazy("Members serve for one year; empty means 31 December of the year."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = JuryMembership
        fields = ["prize_year", "role", "ends_on"]

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
        return cleaned


class ChangeAppointmentForm(forms.ModelForm):
    class Meta:
        model = JuryMembership
        fields = ["role", "ends_on"]
        widgets = {"ends_on": forms.DateInput(attrs={"type": "date"})}


@admin.register(JuryMembership)
class JuryMembershipAdmin(admin.ModelAdmin):
    list_display = ["display_name", "email", "role", "prize_year", "ends_on", "active"]
    list_filter = ["prize_year", "role"]
    list_select_related = ["user", "prize_year"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "user__username"]

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
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj=None):
        if obj:
            return ["member", "prize_year", "role", "ends_on"]
        return ["prize_year", "role", "user", "first_name", "last_name", "email", "ends_on"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ["member", "prize_year"] if obj else []

    @admin.display(description=gettext_lazy("member"))
    def member(self, obj: JuryMembership) -> str:
        return f"{obj.display_name} <{obj.user.email}>"

    def save_model(self, request: HttpRequest, obj: JuryMembership, form, change: bool) -> None:
        try:
            if change:
                appointments.change_appointment(
                    membership=obj, role=obj.role, ends_on=obj.ends_on, by=request.user
                )
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
            )
        except appointments.AppointmentError as error:
            # Only a simultaneous appointment gets here; the form checked the rest.
            self.message_user(request, str(error), messages.ERROR)
            return
        # The admin goes on to log and redirect with this object.
        obj.pk, obj.user, obj.ends_on = membership.pk, membership.user, membership.ends_on
        appointments.send_invitation(membership=membership)

    def response_add(self, request: HttpRequest, obj: JuryMembership, post_url_continue=None):
        if obj.pk is None:  # the appointment was refused in save_model
            return HttpResponseRedirect(reverse("admin:jury_jurymembership_changelist"))
        return super().response_add(request, obj, post_url_continue)

    def log_addition(self, request: HttpRequest, obj: JuryMembership, message):
        if obj.pk is not None:
            return super().log_addition(request, obj, message)
        return None

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not appointments.may_remove(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: JuryMembership) -> None:
        appointments.remove(membership=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for membership in queryset:
            try:
                appointments.remove(membership=membership, by=request.user)
            except appointments.AppointmentError as error:
                self.message_user(request, f"{membership}: {error}", messages.ERROR)
