"""A prize year's categories (kategorier): each with its own shortlist, vote and winner.

A year without categories is one category, as Trygghetspriset has always been; a year
with them (Stockholm's culture prizes: art, music, literature …) asks the nominator
which category the effort is nominated in, and the jury votes in each. The categories
are set before the window opens and then frozen, like the criteria (nominations/
categories.py has the rules that change them).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .texts import fallback_lang, in_language


class PrizeCategory(models.Model):
    prize_year = models.ForeignKey(
        "nominations.PrizeYear",
        on_delete=models.PROTECT,
        related_name="categories",
        verbose_name=_("prize year"),
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the category covers, shown on the call and the form."),
    )
    description_en = models.TextField(_("description in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["prize_year", "name"], name="category_name_once"),
            models.CheckConstraint(name="category_has_name", condition=~models.Q(name="")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return in_language(self.name, self.name_en)

    @property
    def name_lang(self) -> str:
        return fallback_lang(self.name_en)

    @property
    def localized_description(self) -> str:
        return in_language(self.description, self.description_en)
