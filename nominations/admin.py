from django.contrib import admin

from .models import Nomination, Organisation, PrizeYear


@admin.register(PrizeYear)
class PrizeYearAdmin(admin.ModelAdmin):
    list_display = ["year", "theme", "opens_at", "closes_at", "conference_date"]
    search_fields = ["theme", "historical_winner"]


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["reference", "effort_name", "prize_year", "district", "submitted_at"]
    list_filter = ["prize_year", "district"]
    search_fields = ["reference", "effort_name", "organisations__name"]
    readonly_fields = ["reference", "submitted_at", "privacy_acknowledged_at"]
    inlines = [OrganisationInline]
