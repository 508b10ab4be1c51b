"""The administration's screens for the records: the audit trail, the retention rules
and the mail queue."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import outbox, privacy
from ..audit import readable_changes
from ..models import (
    AuditEntry,
    OutgoingMail,
    PrizeYear,
    RecipientStatus,
    RetentionRule,
)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at_display", "actor_name", "action", "prize_year", "summary"]
    list_filter = ["action", "prize_year"]
    search_fields = ["actor_name", "summary"]
    date_hierarchy = "at"
    fields = ["at_display", "actor_name", "action", "prize_year", "summary", "changes_readable"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("when"), ordering="at")
    def at_display(self, obj: AuditEntry) -> str:
        """To the second, in Stockholm time: a registrar orders events that share a minute."""
        return date_format(timezone.localtime(obj.at), "j F Y H:i:s")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        # The export of one year's trail, offered once the list shows one year.
        chosen = request.GET.get("prize_year__id__exact", "")
        year = PrizeYear.objects.filter(pk=chosen).first() if chosen.isdigit() else None
        return super().changelist_view(request, {"export_year": year, **(extra_context or {})})

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
