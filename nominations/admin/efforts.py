"""The administration's screen for efforts (insatser), the nominations grouped."""

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from .. import categories
from ..models import (
    Effort,
    Nomination,
    PrizeCategory,
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
    list_display = ["name", "prize_year", "category", "nomination_count"]
    list_filter = ["prize_year"]
    search_fields = ["name", "nominations__reference"]
    fields = ["name", "prize_year", "category"]
    readonly_fields = ["prize_year"]
    inlines = [EffortNominationInline]

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "category" in form.base_fields:
            # Only the effort's own year's categories; none in a year without them.
            field = form.base_fields["category"]
            field.queryset = PrizeCategory.objects.filter(
                prize_year=obj.prize_year if obj else None
            )
            field.required = field.queryset.exists()
        return form

    def save_model(self, request: HttpRequest, obj: Effort, form, change: bool) -> None:
        """The name as it is; a move to another category through its rule and audit entry."""
        moved_to = obj.category if "category" in form.changed_data else None
        if moved_to is not None:
            obj.category_id = form.initial.get("category")  # as stored, until moved below
        super().save_model(request, obj, form, change)
        if moved_to is not None:
            try:
                categories.move_effort(effort=obj, category=moved_to, by=request.user)
            except categories.CategoryError as error:
                self.message_user(request, str(error), messages.ERROR)

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
