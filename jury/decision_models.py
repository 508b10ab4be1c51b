"""The votes and the records that complete the jury's decision: reservations, honourable
mentions and the other winners of a shared prize; and how a decision of record reads its
winners.

Models of their own module because jury/models.py is at its bound; jury/models.py imports
them, so they are `jury.models.Vote`, `jury.models.Reservation` and so on like every
other model of the app.
The rules that write these rows are in jury/justering.py (reservations) and jury/awards.py
(mentions, a shared prize).
"""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import PrizeCategory
from trygghetspris.people import join_names


class WinnersOfRecord:
    """How a decision reads its outcome, alike for the jury's Decision and the committee's
    CommitteeDecision (jury/document_models.py): `effort` is the first winner, None when
    the prize is not awarded (then `not_awarded_reason` says why), and `shared_winners`
    the further winners of a shared prize, in order. Prefetch `shared_winners__effort`
    where many are read.
    """

    @property
    def awarded(self) -> bool:
        return self.effort_id is not None

    @property
    def winners(self) -> list:
        """The winning efforts, the first one first; none when the prize is not awarded."""
        shared = [row.effort for row in self.shared_winners.all()]
        return [self.effort, *shared] if self.effort_id else []

    @property
    def winner_names(self) -> str:
        """Every winner's name; in a year with categories, each after its category's."""
        if by_category := self.winners_by_category:
            return "; ".join(
                f"{category.name}: {join_names([effort.name for effort in efforts]) or '–'}"
                for category, efforts in by_category
            )
        return join_names([effort.name for effort in self.winners])

    @property
    def is_shared(self) -> bool:
        """Several winners of one prize; a winner in each category is not a prize shared."""
        return len(self.winners) > 1 and not self.winners_by_category

    @cached_property
    def winners_by_category(self) -> list[tuple[PrizeCategory, list]]:
        """In a year with categories, each category with its winners (jury/ballots.py);
        empty in a year without, whose winners are one list."""
        categories = list(self.prize_year.categories.all())
        winners = self.winners
        return [(c, [e for e in winners if e.category_id == c.pk]) for c in categories]


class Vote(models.Model):
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("juror"),
    )
    prize_year = models.ForeignKey(
        "nominations.PrizeYear",
        on_delete=models.PROTECT,
        related_name="votes",
        verbose_name=_("prize year"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="votes",
        verbose_name=_("effort"),
    )
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)
    # The effort's category in a year with categories: one vote per juror in each.
    category = models.ForeignKey(
        "nominations.PrizeCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "prize_year"],
                condition=models.Q(category__isnull=True),
                name="vote_once_per_year",
            ),
            models.UniqueConstraint(
                fields=["juror", "prize_year", "category"],
                condition=models.Q(category__isnull=False),
                name="vote_once_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.effort}"


class Reservation(models.Model):
    """A juror's recorded dissent from the decision, printed under their name."""

    decision = models.ForeignKey(
        "jury.Decision",
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("decision"),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("juror"),
    )
    text = models.TextField(_("reservation"))
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "juror"], name="reservation_once_per_juror")
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.decision}"


class HonourableMention(models.Model):
    """An effort the jury mentions with honour (hedersomnämnande), with its own motivation.

    Part of the decision: recorded by the one who led it before the justering, printed in
    the decision and, once announced, on the public pages beside the winner.
    """

    decision = models.ForeignKey(
        "jury.Decision",
        on_delete=models.PROTECT,
        related_name="mentions",
        verbose_name=_("decision"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("effort"),
    )
    motivation = models.TextField(_("the jury's motivation"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("honourable mention")
        verbose_name_plural = _("honourable mentions")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "effort"], name="mention_once_per_effort"),
            models.CheckConstraint(
                name="mention_has_motivation", condition=~models.Q(motivation="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.effort}"


class SharedWinner(models.Model):
    """Another winner of a prize shared between several (PrizeYear.max_winners).

    The decision's own effort is the first winner; each row here names one more, in the
    order of the vote, so a year with one winner has none and reads as it always did.
    """

    decision = models.ForeignKey(
        "jury.Decision",
        on_delete=models.PROTECT,
        related_name="shared_winners",
        verbose_name=_("decision"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("effort"),
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("shared winner")
        verbose_name_plural = _("shared winners")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "effort"], name="shared_winner_once"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.effort}"
