"""The administration's screen for efforts (insatser), the nominations grouped."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from ..models import (
    Effort,
    Nomination,
)
from .screening import screening_summary


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

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # An effort's name is part of a closed year's record (jury/closing.py): read only.
        if obj is not None and obj.prize_year.closed_at is not None:
            return False
        return super().has_change_permission(request, obj)
