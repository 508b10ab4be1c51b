"""The questions the nomination form asks only for some prizes: whether the nominator
takes part in the effort (where self-nomination is not allowed, nominations/eligibility.py)
and which category the effort is nominated in (a year with categories,
nominations/categories.py).

Their own module because nominations/forms.py is at its bound.
"""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import PrizeCategory

SELF_NOMINATED = "self_nominated"
CATEGORY = "category"


def self_nomination_field() -> forms.Field:
    return forms.TypedChoiceField(
        label=_("Do you take part in the effort you are nominating?"),
        choices=[
            ("yes", pgettext_lazy("an answer", "Yes")),
            ("no", pgettext_lazy("an answer", "No")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "For example, if you work in the effort or are a member of one of the "
            "organisations that run it. The prize does not allow you to nominate an "
            "effort you take part in yourself."
        ),
        error_messages={"required": _("Answer whether you take part in the effort.")},
    )


class CategoryChoiceField(forms.ModelChoiceField):
    """The year's categories as radio buttons, each with what it covers."""

    widget = forms.RadioSelect

    def label_from_instance(self, obj: PrizeCategory) -> str:
        description = obj.localized_description
        return f"{obj.localized_name} – {description}" if description else obj.localized_name


def category_field(categories: Sequence[PrizeCategory]) -> forms.Field:
    """Which of the year's categories the effort is nominated in; only those are valid."""
    return CategoryChoiceField(
        queryset=PrizeCategory.objects.filter(pk__in=[c.pk for c in categories]),
        label=_("Category"),
        empty_label=None,
        help_text=_("Choose the category the effort fits best. The jury chooses a winner in each."),
        error_messages={
            "required": _("Choose the category you nominate the effort in."),
            "invalid_choice": _("Choose one of the year's categories."),
        },
    )


def insert_before(fields: dict, before: str, name: str, field: forms.Field) -> dict:
    """The form's fields with one more, placed before another (or last)."""
    items = list(fields.items())
    at = next((i for i, (key, _field) in enumerate(items) if key == before), len(items))
    return dict([*items[:at], (name, field), *items[at:]])
