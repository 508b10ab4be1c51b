from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.models import Device

from nominations.models import Criterion, PrizeYear
from trygghetspris.people import display_name

from .decision_models import WinnersOfRecord


class JuryRole(models.TextChoices):
    # The office that chairs the jury is the prize's: JuryMembership.get_role_display.
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")


class JuryMembershipQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> JuryMembershipQuerySet:
        """Appointments in force: members serve for one year, until ends_on, unless ended."""
        return self.filter(ends_on__gte=on or timezone.localdate(), ended_at__isnull=True)

    def not_ended(self) -> JuryMembershipQuerySet:
        """The year's jury as appointed, less those whose appointment was ended early."""
        return self.filter(ended_at__isnull=True)


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
    appointed_at = models.DateTimeField(
        _("entered into the system"), default=timezone.now, editable=False
    )
    # Who typed the appointment in; the one who decided it is decided_by.
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )
    # The committee paper: the social commissioner chairs the jury and appoints its
    # members, so the record names the chair, not the clerk who entered it.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    decided_on = models.DateField(_("appointed on"), null=True, blank=True)
    decision_reference = models.CharField(
        _("reference of the appointment"),
        max_length=200,
        blank=True,
        help_text=_("For example the case number or the letter of appointment."),
    )
    # Ending an appointment keeps what the juror did in the record (arkivlagen);
    # the membership row is never deleted once the juror has acted.
    ended_at = models.DateTimeField(_("appointment ended"), null=True, blank=True, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("ended by"),
    )

    # An ersättare appointed for the rest of the year in place of a juror who takes no
    # part (jäv, an ended appointment): recorded as such in the appointment and decision.
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    # The member the administration names to lead when the chair cannot: when the
    # chair's own impartiality is questioned, or the chair takes no part.
    deputy = models.BooleanField(_("leads in the chair's place"), default=False, editable=False)

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
            models.UniqueConstraint(
                fields=["prize_year"],
                condition=models.Q(deputy=True),
                name="jury_one_deputy_per_year",
            ),
            models.CheckConstraint(
                name="jury_deputy_is_member", condition=~models.Q(deputy=True, role="chair")
            ),
        ]

    def __str__(self) -> str:
        # The chair's role has its own parentheses: no brackets around it.
        return f"{self.display_name}, {self.get_role_display()}, {self.prize_year.year}"

    def get_role_display(self) -> str:
        """The chair with the office the prize names: "ordförande (socialborgarrådet)"."""
        return self.prize_year.prize.chair_label if self.role == "chair" else JuryRole.MEMBER.label

    @property
    def display_name(self) -> str:
        return display_name(self.user)

    def is_active(self, on: date | None = None) -> bool:
        return self.ended_at is None and self.ends_on >= (on or timezone.localdate())

    def in_office(self, at: datetime) -> bool:
        """Appointed at that moment: not yet ended, and its last day not passed."""
        return (self.ended_at is None or self.ended_at > at) and self.ends_on >= timezone.localdate(
            at
        )

    @staticmethod
    def default_end(prize_year: PrizeYear) -> date:
        """The day after the conference, when the prize has been handed out.

        Without a conference date, the day after the last day for voting, and failing
        both, 31 December of the prize year.
        """
        if prize_year.conference_date:
            return prize_year.conference_date + timedelta(days=1)
        if prize_year.vote_deadline:
            return prize_year.vote_deadline + timedelta(days=1)
        return date(prize_year.year, 12, 31)

    @staticmethod
    def early_end_warnings(prize_year: PrizeYear, ends_on: date) -> list[str]:
        """An appointment that ends before the jury's work is done locks the juror out."""
        warnings = []
        for day, what in (
            (prize_year.vote_deadline, _("the last day for voting")),
            (prize_year.conference_date, prize_year.prize.localized_ceremony),
        ):
            if day and ends_on < day:
                warnings.append(
                    _(
                        "The appointment ends on %(ends)s, before %(what)s (%(day)s). From "
                        "then on the juror cannot reach the jury's pages."
                    )
                    % {
                        "ends": date_format(ends_on, "j F Y"),
                        "what": what,
                        "day": date_format(day, "j F Y"),
                    }
                )
        return warnings


class ConflictQuestion(models.Model):
    """Someone else questions a juror's impartiality; the jury rules (förvaltningslagen 18 §)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("not yet ruled on")
        DISQUALIFIED = "disqualified", _("disqualified (jävig)")
        NOT_DISQUALIFIED = "not_disqualified", _("not disqualified")

    prize_year = models.ForeignKey(
        PrizeYear,
        on_delete=models.PROTECT,
        related_name="conflict_questions",
        verbose_name=_("prize year"),
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conflict_questions",
        verbose_name=_("juror concerned"),
    )
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        related_name="conflict_questions",
        verbose_name=_("effort"),
    )
    raised_by = models.CharField(
        _("raised by"),
        max_length=200,
        help_text=_("Who raised the question, for example “a tip to the administration”."),
    )
    question = models.TextField(_("the question"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    outcome = models.CharField(
        _("ruling"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    ruling_reasons = models.TextField(_("reasons for the ruling"), blank=True)
    ruled_at = models.DateTimeField(_("ruled"), null=True, blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruled by"),
    )

    class Meta:
        verbose_name = _("question of conflict of interest")
        verbose_name_plural = _("questions of conflict of interest")
        ordering = ["recorded_at", "pk"]
        constraints = [
            # A ruling is a decision of the body: it always gives its reasons.
            models.CheckConstraint(
                name="conflict_ruling_has_reasons",
                condition=models.Q(outcome="pending")
                | (~models.Q(ruling_reasons="") & models.Q(ruled_at__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.effort}: {self.get_outcome_display()}"


class RulingVote(models.Model):
    """One juror's vote, with reasons, on whether another juror is jävig.

    The jury rules on a questioned juror (by analogy with kommunallagen 6 kap. 30 §
    and förvaltningslagen 18 §): the other jurors who take part vote, the one who
    leads the jury has the casting vote, and the questioned juror takes no part.
    """

    question = models.ForeignKey(
        ConflictQuestion, on_delete=models.PROTECT, related_name="votes", verbose_name=_("question")
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ruling_votes",
        verbose_name=_("juror"),
    )
    disqualified = models.BooleanField(_("finds the juror disqualified"))
    reasons = models.TextField(_("reasons"))
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        verbose_name = _("vote on a question of conflict of interest")
        verbose_name_plural = _("votes on questions of conflict of interest")
        ordering = ["cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "juror"], name="ruling_vote_once"),
            models.CheckConstraint(name="ruling_vote_has_reasons", condition=~models.Q(reasons="")),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.question_id}: {self.disqualified}"


class ConflictDeclarationQuerySet(models.QuerySet):
    def in_force(self) -> ConflictDeclarationQuerySet:
        """Declarations that exclude the juror: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class ConflictDeclaration(models.Model):
    """A juror's conflict of interest (jäv, förvaltningslagen 16–18 §§).

    Declared by the juror, or the result of the chair's ruling that the juror is
    jävig; either way the juror is excluded from the effort in the same way.
    """

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
    ruling = models.OneToOneField(
        ConflictQuestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declaration",
        verbose_name=_("ruling"),
    )
    # A declaration made by mistake may be withdrawn while scoring is open; it stays
    # in the record, marked withdrawn, so the chair sees both.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = ConflictDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "effort"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="conflict_once_per_effort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.effort}"


class Score(models.Model):
    """A juror's score of an effort: one value per assessment criterion, and a comment.

    One per juror and effort (database constraint); the values are ScoreValue rows,
    one for each of the year's assessment criteria.
    """

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
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("scored"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["juror", "effort"], name="score_once_per_effort"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} – {self.effort}: {self.total}"

    @property
    def total(self) -> int:
        """The sum over the criteria; reads prefetched values if the caller prefetched them."""
        return sum(value.value for value in self.values.all())

    def values_in_order(self) -> list[ScoreValue]:
        """The values in the order of the criteria; prefetch "values__criterion" for lists."""
        return sorted(self.values.all(), key=lambda value: Criterion.sort_key(value.criterion))

    def value_by_criterion(self) -> dict[int, int]:
        return {value.criterion_id: value.value for value in self.values.all()}


SCALE_MIN, SCALE_MAX = 1, 5


class ScoreValue(models.Model):
    """One juror's value for one assessment criterion of an effort, 1 to 5."""

    score = models.ForeignKey(
        Score, on_delete=models.CASCADE, related_name="values", verbose_name=_("score")
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="score_values",
        verbose_name=_("criterion"),
    )
    value = models.PositiveSmallIntegerField(_("value"))

    class Meta:
        verbose_name = _("score for a criterion")
        verbose_name_plural = _("scores for the criteria")
        ordering = ["score", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["score", "criterion"], name="score_value_once_per_criterion"
            ),
            models.CheckConstraint(
                name="score_value_on_scale",
                condition=models.Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Decision(WinnersOfRecord, models.Model):
    """The jury's decision on the year's winner, the basis of the decision PDF.

    Once the chair and the justerare have both checked it, the PDF is rendered
    once and stored; from then on the stored bytes are the record.
    """

    prize_year = models.OneToOneField(
        PrizeYear, on_delete=models.PROTECT, related_name="decision", verbose_name=_("prize year")
    )
    # None when the jury decided not to award the prize this year, with its reason.
    effort = models.ForeignKey(
        "nominations.Effort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winning effort"),
    )
    not_awarded_reason = models.TextField(_("why the prize is not awarded"), blank=True)
    motivation = models.TextField(_("the jury's motivation"), blank=True)
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
    place = models.CharField(_("place of the decision"), max_length=100, default="Stockholm")
    justerare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checker (justerare)"),
    )
    chair_checked_at = models.DateTimeField(_("checked by the chair"), null=True, blank=True)
    justerare_checked_at = models.DateTimeField(
        _("checked by the justerare"), null=True, blank=True
    )
    document = models.BinaryField(_("the checked decision (PDF)"), null=True, editable=False)
    document_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # The stored document and its checksum exist together, and only once checked.
            models.CheckConstraint(
                name="decision_document_only_when_checked",
                condition=models.Q(document__isnull=True, document_sha256="")
                | models.Q(
                    document__isnull=False,
                    chair_checked_at__isnull=False,
                    justerare_checked_at__isnull=False,
                )
                & ~models.Q(document_sha256=""),
            ),
            # A winner with the jury's motivation, or no winner and the reason why.
            models.CheckConstraint(
                name="decision_winner_or_reason",
                condition=models.Q(effort__isnull=False, not_awarded_reason="")
                & ~models.Q(motivation="")
                | models.Q(effort__isnull=True) & ~models.Q(not_awarded_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prize_year.year}: {self.effort or '–'}"

    @property
    def is_checked(self) -> bool:
        """Justerad: both the chair and the justerare have checked it; it is frozen."""
        return self.document is not None


class ReminderKind(models.TextChoices):
    # As in "a reminder about the scoring / the vote"; "vote" alone is already the ballot.
    SCORING = "scoring", pgettext_lazy("reminder about", "the scoring")
    VOTE = "vote", pgettext_lazy("reminder about", "the vote")


class ReminderStage(models.TextChoices):
    BEFORE = "before", _("a few days before the deadline")
    DUE = "due", _("on the day of the deadline")
    MANUAL = "manual", _("sent by the chair")


class ReminderSent(models.Model):
    """One reminder e-mailed to one juror: the daily job never sends the same one twice."""

    membership = models.ForeignKey(
        JuryMembership,
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("jury member"),
    )
    kind = models.CharField(_("about"), max_length=10, choices=ReminderKind.choices)
    stage = models.CharField(_("when"), max_length=10, choices=ReminderStage.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            # Scheduled reminders are kept unique by the database, so two runs of the
            # job at once still send each reminder once; the chair's may repeat.
            models.UniqueConstraint(
                fields=["membership", "kind", "stage", "deadline"],
                condition=~models.Q(stage="manual"),
                name="reminder_once_per_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} – {self.get_kind_display()} ({self.get_stage_display()})"


class CityLoginDevice(Device):
    """The city's identity provider, as the second factor of a login made through it.

    The provider checks the work credential with its own second factor, so a login
    through it is as strong as password and code (jury/signin/city.py). django-otp's
    OTPMiddleware verifies a session from the device named in it; a device of our own
    lets the provider's login count with no change to how every page asks
    request.user.is_verified(), and OTPMiddleware's own checks (the device belongs to
    the user and is confirmed) still apply. It holds no secret and accepts no typed
    code: only the provider's callback names it in a session.
    """

    class Meta:
        verbose_name = _("city sign-in")
        verbose_name_plural = _("city sign-ins")

    def verify_token(self, token) -> bool:
        return False


class DocumentKind(models.TextChoices):
    DOSSIER = "dossier", _("assessment dossier")
    # Only the draft: the checked decision is stored once on Decision.document.
    DECISION = "decision", _("decision, draft")


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for its turn")
    READING = "reading", _("reading the efforts")
    LAYOUT = "layout", _("laying out the pages")
    WRITING = "writing", _("writing the PDF file")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class RenderFailure(models.TextChoices):
    CHANGED = "changed", _("what it shows changed while it waited")
    UNAVAILABLE = "unavailable", _("there is no draft to render")
    ERROR = "error", _("the rendering stopped with an error")


class RenderedDocument(models.Model):
    """A jury document rendered by the worker, for the content it shows (its content key).

    A derived copy, not a record: it can be rendered again from the rows at any time,
    so a copy whose content is no longer current is deleted (jury/documents.py). The
    checked decision is a record and lives on Decision.document, never here.
    """

    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    prize_year = models.ForeignKey(
        PrizeYear, on_delete=models.CASCADE, related_name="+", verbose_name=_("prize year")
    )
    # SHA-256 of everything the document shows (jury/documents.py: shown_content).
    content_key = models.CharField(_("content key"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.QUEUED
    )
    # Which render task may work on it: a retry counts up, so a late task of an
    # earlier try finds nothing to do.
    attempt = models.PositiveSmallIntegerField(_("try"), default=1)
    efforts_done = models.PositiveIntegerField(_("efforts read"), default=0)
    efforts_total = models.PositiveIntegerField(_("efforts"), default=0)
    pages_done = models.PositiveIntegerField(_("pages laid out"), default=0)
    content = models.BinaryField(_("PDF"), null=True, editable=False)
    failure = models.CharField(
        _("why it failed"), max_length=12, choices=RenderFailure.choices, blank=True
    )
    # The error's type and message, for the administration: never nomination text.
    reason = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            # However many requests come at once, one render per document and content.
            models.UniqueConstraint(
                fields=["kind", "prize_year", "content_key"],
                name="rendered_document_once_per_content",
            ),
            models.CheckConstraint(
                name="rendered_document_content_only_when_done",
                condition=models.Q(status=RenderStatus.DONE, content__isnull=False)
                | (~models.Q(status=RenderStatus.DONE) & models.Q(content__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.prize_year_id} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status == RenderStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == RenderStatus.FAILED


# The records behind the documents, and those that complete the decision (reservations,
# mentions, shared winners), have modules of their own (this one is at its bound).
from .decision_models import (  # noqa: E402, F401
    HonourableMention,
    Reservation,
    SharedWinner,
    Vote,
)
from .document_models import (  # noqa: E402, F401
    BasisDocument,
    BasisKind,
    CommitteeDecision,
    CommitteeWinner,
    DossierRevision,
    FrozenDocumentError,
)
