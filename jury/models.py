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


SCALE = [
    (1, _("1 – not at all")),
    (2, _("2 – to a small extent")),
    (3, _("3 – to some extent")),
    (4, _("4 – to a large extent")),
    (5, _("5 – to a very large extent")),
]


class ConflictDeclaration(models.Model):
    """A juror's declared conflict of interest (jäv, förvaltningslagen 16–18 §§)."""

    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("juror"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="conflict_declarations",
        verbose_name=_("effort"),
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["juror", "effort"], name="conflict_once_per_effort")
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.effort}"


class Score(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("juror"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("effort"),
    )
    innovation = models.PositiveSmallIntegerField(_("innovative and novel"), choices=SCALE)
    inspiration = models.PositiveSmallIntegerField(_("can inspire others"), choices=SCALE)
    results = models.PositiveSmallIntegerField(_("shows good results"), choices=SCALE)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("scored"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["juror", "effort"], name="score_once_per_effort"),
            *(
                models.CheckConstraint(
                    name=f"score_{field}_on_scale",
                    condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                )
                for field in ("innovation", "inspiration", "results")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.effort}: {self.total}"

    @property
    def total(self) -> int:
        return self.innovation + self.inspiration + self.results


class Vote(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("juror"),
    )
    prize_year = models.ForeignKey(
        PrizeYear, on_delete=models.PROTECT, related_name="votes", verbose_name=_("prize year")
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="votes",
        verbose_name=_("effort"),
    )
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["juror", "prize_year"], name="vote_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.effort}"


class Decision(models.Model):
    """The jury's decision on the year's winner, the basis of the decision PDF."""

    prize_year = models.OneToOneField(
        PrizeYear, on_delete=models.PROTECT, related_name="decision", verbose_name=_("prize year")
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("winning effort"),
    )
    motivation = models.TextField(_("the jury's motivation"))
    # {"<effort id>": votes}, frozen as counted when the vote closed.
    tally = models.JSONField(_("tally"))
    casting_vote = models.BooleanField(_("decided by the chair's casting vote"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.prize_year.year}: {self.effort}"
