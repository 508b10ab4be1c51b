"""The year's categories in the admin: an inline of the year, saved through
nominations/categories.py (the rules and the audit entry), editable until they lock with
the criteria; and the effort's category, moved through the same module."""

from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nominations import categories
from nominations.models import PrizeCategory, PrizeYear


class CategoryFormSet(BaseInlineFormSet):
    """The inline's forms; a post without them changes no category.

    The year's change form existed before categories did: a page opened then, or a
    script that posts the year's fields, sends no categories at all, and the year's
    other changes must still be saved (not refused for a missing management form).
    """

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and f"{self.prefix}-TOTAL_FORMS" not in self.data:
            self._non_form_errors = self.error_class([], renderer=self.renderer)


class CategoryInline(admin.TabularInline):
    """A year has no categories (one winner) or two or more, each with its own winner."""

    model = PrizeCategory
    formset = CategoryFormSet
    fields = ["name", "name_en", "description", "description_en", "position"]
    extra = 0
    ordering = ["position", "pk"]

    def _editable(self, obj: PrizeYear | None) -> bool:
        return obj is not None and not obj.criteria_locked()

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and request.user.has_perm("nominations.change_prizeyear")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and request.user.has_perm("nominations.change_prizeyear")

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._editable(obj) and request.user.has_perm("nominations.change_prizeyear")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm("nominations.view_prizeyear")


def save_category_formset(admin_view, request: HttpRequest, form, formset) -> None:
    """Store the inline's changes through the domain rule, or say why not."""
    formset.save(commit=False)
    changed = [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]
    if not changed and not formset.deleted_objects:
        return
    for category in changed:
        category.prize_year = form.instance
    try:
        categories.save_categories(
            prize_year=form.instance,
            changed=changed,
            deleted=formset.deleted_objects,
            by=request.user,
        )
    except categories.CategoryError as error:
        # Refused since the page was loaded, or a set the year cannot run with: the
        # year's other changes stand, and the message says why.
        admin_view.message_user(
            request,
            _("The categories were not saved: %(reason)s") % {"reason": str(error)},
            messages.ERROR,
        )
