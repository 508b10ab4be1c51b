from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import PrizeYear


class JuryRole(models.TextChoices):
    CHAIR = "chair", _("chair (the social commissioner)")
    MEMBER = "member", _("member")


class JuryMembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> JuryMembershipQuerySet:
        """Appointments in force: members serve for one year, until ends_on."""
        return self.filter(ends_on__gte=on or timezone.localdate())


class JuryMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_memberships",
        verbose_name=_("user"),
    )
    prize_year = models.ForeignKey(
        PrizeYear,
        on_delete=models.PROTECT,
        related_name="jury_memberships",
        verbose_name=_("prize year"),
    )
    role = models.CharField(_("role"), max_length=10, choices=JuryRole.choices)
    ends_on = models.DateField(
        _("appointed until"), help_text=_("The appointment ends after this day.")
    )
    appointed_at = models.DateTimeField(_("appointed"), default=timezone.now, editable=False)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("appointed by"),
    )

    objects = JuryMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["prize_year", "role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "prize_year"], name="jury_membership_once_per_year"
            ),
            models.UniqueConstraint(
                fields=["prize_year"],
                condition=models.Q(role="chair"),
                name="jury_one_chair_per_year",
                violation_error_message=_("The jury of this year already has a chair."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display()}, {self.prize_year.year})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def is_active(self, on: date | None = None) -> bool:
        return self.ends_on >= (on or timezone.localdate())

    @staticmethod
    def default_end(prize_year: PrizeYear) -> date:
        return date(prize_year.year, 12, 31)
