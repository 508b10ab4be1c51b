"""The prizes and their owners: what each prize is, whose it is, and its rules."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from .. import owners
from ..models import Owner, Prize


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    """The owners' names, contacts and logo, printed on every page and document of their prizes.

    Django's permissions (nominations.add_owner, change_owner) decide who may edit; each
    save is recorded in the audit trail (owners.save_owner). An owner is not deleted:
    the documents of its prizes name it, and the trail refers to it.
    """

    list_display = ["administration", "municipality", "body"]
    fieldsets = [
        (None, {"fields": ["municipality", "administration", "body", "organisation_number"]}),
        (
            gettext_lazy("In English"),
            {"fields": ["municipality_en", "administration_en", "body_en"]},
        ),
        (
            gettext_lazy("Contact"),
            {
                "fields": [
                    "postal_address",
                    "email",
                    "staff_email_domains",
                    "phone",
                    "website",
                    "data_protection_officer",
                    "logo",
                ]
            },
        ),
    ]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Owner, form, change: bool) -> None:
        owners.save_owner(owner=obj, changed=list(form.changed_data), by=request.user)


@admin.register(Prize)
class PrizeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "owner", "decider", "listed"]
    list_select_related = ["owner"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "owner",
                    "purpose",
                    "contact_email",
                    "first_year",
                    "reference_prefix",
                ]
            },
        ),
        (
            gettext_lazy("In English"),
            {
                "fields": [
                    "name_en",
                    "purpose_en",
                    "nominees_en",
                    "ceremony_en",
                    "ceremony_full_en",
                    "chair_title_en",
                ]
            },
        ),
        (gettext_lazy("On the public site"), {"fields": ["listed", "position"]}),
        (
            gettext_lazy("The ceremony and the jury's chair"),
            {
                "fields": ["ceremony", "ceremony_full", "chair_title"],
                "description": gettext_lazy(
                    "How the prize's pages, e-mails and documents name the ceremony where "
                    "the prize is awarded, and the jury's chair. Empty fields read as any "
                    "prize: awarded at the prize ceremony, by a jury with a chair."
                ),
            },
        ),
        (
            gettext_lazy("Who may be nominated"),
            {
                "fields": [
                    "nominees",
                    "self_nomination_allowed",
                    "excludes_jury_members",
                    "excludes_own_staff",
                    "excludes_last_winner",
                ]
            },
        ),
        (gettext_lazy("Who decides"), {"fields": ["decider", "deciding_body"]}),
    ]
