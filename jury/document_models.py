"""The records behind the jury's documents: the frozen basis of the decision
(beslutsunderlag), kept as it was, the count of changes a year's dossier shows, and the
committee's decision on the jury's proposal where a committee decides, with its winners.

Models of their own module because jury/models.py is at its bound; jury/models.py imports
them, so they are `jury.models.BasisDocument` and so on like every other model of the app.
The rules that make and read these rows are in jury/basis.py, jury/documents/revision.py
and jury/committee.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import PrizeYear

from .decision_models import WinnersOfRecord


class BasisKind(models.TextChoices):
    DOSSIER = "dossier", _("assessment dossier as the jury had it")
    SCORES = "scores", _("summary of the scores")


class FrozenDocumentError(Exception):
    """A stored document of the basis was asked to change or go: it never does."""


class BasisDocumentQuerySet(models.QuerySet):
    def stored(self) -> BasisDocumentQuerySet:
        """Those whose PDF is made and stored with its checksum."""
        return self.filter(content__isnull=False)

    def delete(self):
        if self.filter(content__isnull=False).exists():
            raise FrozenDocumentError("a stored document of the basis is never deleted")
        return super().delete()


class BasisDocument(models.Model):
    """One document of the basis of the year's decision, frozen when the vote opened.

    `source_html` is what the document shows, written in the transaction that opened
    the vote, so later changes to nominations, scores or jäv cannot reach it; the
    documents worker then lays it out once as PDF/A into `content` with its SHA-256.
    From then on the row never changes: save() refuses, and so does the database
    (a trigger, in the migration that made the table), and it is never deleted.
    """

    prize_year = models.ForeignKey(
        PrizeYear,
        on_delete=models.PROTECT,
        related_name="basis_documents",
        verbose_name=_("prize year"),
    )
    kind = models.CharField(_("document"), max_length=10, choices=BasisKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # The moment the vote opened: the state the document shows.
    created_at = models.DateTimeField(_("frozen"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vote opened by"),
    )
    # The document's HTML as of created_at: attached images named by their SHA-256, our
    # static files by "static:", so that it depends on nothing that may change.
    source_html = models.TextField(_("content as frozen"), editable=False)
    content = models.BinaryField(_("PDF"), null=True, editable=False)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    stored_at = models.DateTimeField(_("stored"), null=True, blank=True)
    # The last render's error, for the administration, until one succeeds.
    failure = models.TextField(_("error"), blank=True)

    objects = BasisDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document of the basis of the decision")
        verbose_name_plural = _("basis of the decision")
        ordering = ["prize_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["prize_year", "kind"], name="basis_once_per_kind"),
            # The PDF, its checksum and when it was stored exist together.
            models.CheckConstraint(
                name="basis_stored_with_checksum",
                condition=models.Q(content__isnull=True, sha256="", stored_at__isnull=True)
                | (models.Q(content__isnull=False, stored_at__isnull=False) & ~models.Q(sha256="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.prize_year.year})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and (
            BasisDocument.objects.filter(pk=self.pk, content__isnull=False).exists()
        ):
            raise FrozenDocumentError("a stored document of the basis never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if BasisDocument.objects.filter(pk=self.pk, content__isnull=False).exists():
            raise FrozenDocumentError("a stored document of the basis is never deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_stored(self) -> bool:
        return self.sha256 != ""

    def filename(self) -> str:
        stem = "underlag" if self.kind == BasisKind.DOSSIER else "poangsammanstallning"
        return f"beslutsunderlag-{stem}-{self.prize_year.prize.slug}-{self.prize_year.year}.pdf"


class DossierRevision(models.Model):
    """How often what a year's dossier shows has changed: counted by triggers only.

    jury/documents/revision.py says which changes count and how the key is made.
    """

    # No foreign key: a trigger may count a change as the year's last rows are deleted.
    year_id = models.BigIntegerField(primary_key=True)
    revision = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year_id}: {self.revision}"


class CommitteeDecision(WinnersOfRecord, models.Model):
    """The committee's decision on the jury's proposal: the decision of record.

    Only for a prize where the jury proposes and a committee (nämnd) decides
    (Prize.decider). The jury's Decision stays as it is, justerad and stored, as the
    proposal; this row says what the committee decided on it, with the references of
    its own minutes (body, date, paragraph, case number). Written once through
    jury/committee.py, with its short PDF/A rendered and stored then.

    Its outcome is stored in full even where it follows the proposal, read as the jury's
    decision is (WinnersOfRecord): `effort` the first winner and CommitteeWinner rows
    the others of a shared prize, or no winner and the reason the prize is not awarded.
    """

    prize_year = models.OneToOneField(
        PrizeYear,
        on_delete=models.PROTECT,
        related_name="committee_decision",
        verbose_name=_("prize year"),
    )
    body = models.CharField(_("deciding committee"), max_length=150)
    decided_on = models.DateField(_("date of the committee's decision"))
    paragraph = models.CharField(_("paragraph (§) in the minutes"), max_length=30)
    case_number = models.CharField(_("case number (diarienummer)"), max_length=60)
    followed_proposal = models.BooleanField(_("followed the jury's proposal"))
    # The first winner of record: the proposal's when the committee followed it; None when
    # the prize is not awarded, with the reason (the proposal's, or the committee's own).
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winning effort"),
    )
    not_awarded_reason = models.TextField(_("why the prize is not awarded"), blank=True)
    # Why the committee decided otherwise than proposed; it may say why when following too.
    motivation = models.TextField(_("the committee's motivation"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    document = models.BinaryField(_("the committee's decision (PDF)"), null=True, editable=False)
    document_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("committee's decision")
        verbose_name_plural = _("committees' decisions")
        constraints = [
            models.CheckConstraint(
                name="committee_document_with_checksum",
                condition=models.Q(document__isnull=True, document_sha256="")
                | (models.Q(document__isnull=False) & ~models.Q(document_sha256="")),
            ),
            # Where the committee decided otherwise than proposed, it says why.
            models.CheckConstraint(
                name="committee_motivates_another_winner",
                condition=models.Q(followed_proposal=True) | ~models.Q(motivation=""),
            ),
            # A winner and no reason, or no winner and the reason why (the further winners
            # of a shared prize are CommitteeWinner rows, written only with a first one).
            models.CheckConstraint(
                name="committee_winner_or_reason",
                condition=models.Q(effort__isnull=False, not_awarded_reason="")
                | models.Q(effort__isnull=True) & ~models.Q(not_awarded_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.decided_on:%Y-%m-%d} {self.paragraph}"


class CommitteeWinner(models.Model):
    """Another winner of a prize the committee decided to share (PrizeYear.max_winners).

    As SharedWinner is for the jury's decision: the committee's own effort is the first
    winner, each row names one more, so a committee's decision on one winner has none.
    """

    decision = models.ForeignKey(
        CommitteeDecision,
        on_delete=models.PROTECT,
        related_name="shared_winners",
        verbose_name=_("committee's decision"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("effort"),
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("winner decided by the committee")
        verbose_name_plural = _("winners decided by the committee")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "effort"], name="committee_winner_once"),
            # The first winner is the decision's own effort.
            models.CheckConstraint(
                name="committee_winner_after_first", condition=models.Q(position__gte=2)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.effort}"
