"""The prizes and their owners: what each prize is, whose it is, and its rules."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from ..models import Owner, Prize


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    list_display = ["administration", "municipality", "body"]
    fieldsets = [
        (None, {"fields": ["municipality", "administration", "body"]}),
        (gettext_lazy("In English"), {"fields": ["administration_en", "body_en"]}),
        (
            gettext_lazy("Contact"),
            {"fields": ["postal_address", "email", "phone", "website", "logo"]},
        ),
    ]


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
        (gettext_lazy("In English"), {"fields": ["name_en", "purpose_en"]}),
        (gettext_lazy("On the public site"), {"fields": ["listed", "position"]}),
        (
            gettext_lazy("Who may be nominated"),
            {
                "fields": [
                    "self_nomination_allowed",
                    "excludes_jury_members",
                    "excludes_own_staff",
                    "excludes_last_winner",
                ]
            },
        ),
        (gettext_lazy("Who decides"), {"fields": ["decider", "deciding_body"]}),
    ]
