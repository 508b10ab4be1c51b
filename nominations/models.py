from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Stockholm's thirteen district administrations (stadsdelsområden) since 2020,
# plus a choice for efforts that span the city.
DISTRICTS = [
    ("bromma", "Bromma"),
    ("enskede-arsta-vantor", "Enskede-Årsta-Vantör"),
    ("farsta", "Farsta"),
    ("hagersten-alvsjo", "Hägersten-Älvsjö"),
    ("hasselby-vallingby", "Hässelby-Vällingby"),
    ("kungsholmen", "Kungsholmen"),
    ("norrmalm", "Norrmalm"),
    ("rinkeby-kista", "Rinkeby-Kista"),
    ("skarpnack", "Skarpnäck"),
    ("skarholmen", "Skärholmen"),
    ("spanga-tensta", "Spånga-Tensta"),
    ("sodermalm", "Södermalm"),
    ("ostermalm", "Östermalm"),
    ("citywide", _("Several districts or the whole city")),
]

# Unambiguous characters only, since people read the reference aloud on the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class JuryPhase(models.TextChoices):
    """Where the jury's work stands; moved on by the chair or the administration."""

    PREPARATION = "preparation", _("preparation")
    SCORING = "scoring", _("scoring open")
    DELIBERATION = "deliberation", _("scoring closed")
    VOTING = "voting", _("vote open")
    DECIDED = "decided", _("winner decided")


class PrizeYearQuerySet(models.QuerySet):
    def with_window(self) -> PrizeYearQuerySet:
        """Years run in this system; the years before it have no nomination window."""
        return self.filter(opens_at__isnull=False)

    def current(self, at: datetime | None = None) -> PrizeYear | None:
        """The year the public nominates for: the one open now, else the latest with a window.

        A next year created early, with its window a year ahead, must not hide the
        window that is open today.
        """
        at = at or timezone.now()
        years = self.with_window().order_by("-year")
        return years.filter(opens_at__lte=at, closes_at__gt=at).first() or years.first()

    def history(self) -> PrizeYearQuerySet:
        return self.select_related("decision__effort").order_by("-year")


class PrizeYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("theme"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the prize rewards this year, shown on the public home page."),
    )
    prize_amount = models.PositiveIntegerField(_("prize sum (SEK)"), default=50_000)
    opens_at = models.DateTimeField(_("nominations open"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("nominations close"),
        null=True,
        blank=True,
        help_text=_("The first instant at which nominations are no longer accepted."),
    )
    conference_date = models.DateField(_("date of the safety conference"), null=True, blank=True)
    jury_phase = models.CharField(
        _("jury phase"),
        max_length=20,
        choices=JuryPhase.choices,
        default=JuryPhase.PREPARATION,
        editable=False,
    )
    # The jury's decision stays internal until the prize is handed out.
    announced_at = models.DateTimeField(
        _("winner announced"), null=True, blank=True, editable=False
    )
    historical_winner = models.CharField(
        _("winner (historical record)"),
        max_length=300,
        blank=True,
        help_text=_("For years decided before this system; later winners come from the decision."),
    )

    objects = PrizeYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("prize year")
        verbose_name_plural = _("prize years")
        ordering = ["-year"]
        permissions = [("change_window", _("Can open and close nominations"))]
        constraints = [
            models.CheckConstraint(
                name="prize_year_window_complete_and_ordered",
                condition=(
                    models.Q(opens_at__isnull=True, closes_at__isnull=True)
                    | models.Q(
                        opens_at__isnull=False,
                        closes_at__isnull=False,
                        opens_at__lt=models.F("closes_at"),
                    )
                ),
                violation_error_message=_(
                    "Give both the opening and the closing time, with the opening first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.theme}"

    def is_open(self, at: datetime | None = None) -> bool:
        """Half-open window: open from opens_at up to, not including, closes_at."""
        return self.window_state(at) == "open"

    def window_state(self, at: datetime | None = None) -> str:
        """One of "none", "upcoming", "open" or "closed", for the public pages."""
        if self.opens_at is None or self.closes_at is None:
            return "none"
        at = at or timezone.now()
        if at < self.opens_at:
            return "upcoming"
        return "open" if at < self.closes_at else "closed"

    @property
    def screening_open(self) -> bool:
        """Screening may change which efforts are eligible only until the vote opens."""
        return self.jury_phase in (JuryPhase.PREPARATION, JuryPhase.SCORING, JuryPhase.DELIBERATION)

    @property
    def awarded_on(self) -> date | None:
        """The day the prize was awarded: the conference, or failing that the decision."""
        if self.conference_date:
            return self.conference_date
        decision = getattr(self, "decision", None)
        return timezone.localdate(decision.decided_at) if decision else None

    @property
    def last_open_minute(self) -> datetime | None:
        """The closing as people say it: a window closing at midnight is open "until 23:59".

        Any other closing instant, say after "close now" at 14:03:27, is shown as it is.
        """
        if self.closes_at is None:
            return None
        local = timezone.localtime(self.closes_at)
        if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
            return local - timedelta(minutes=1)
        return local

    @property
    def public_winner(self) -> str:
        """The winner as the public may know it: decided and announced at the conference."""
        if self.historical_winner:
            return self.historical_winner
        decision = getattr(self, "decision", None)  # jury.Decision, once the vote is closed
        return decision.effort.name if decision and self.announced_at else ""


class ScreeningStatus(models.TextChoices):
    PENDING = "pending", _("not screened")
    PASSED = "passed", _("meets the criterion")
    FAILED = "failed", _("does not meet the criterion")


class EffortQuerySet(models.QuerySet):
    def eligible(self) -> EffortQuerySet:
        """Efforts with at least one nomination that passed both mandatory criteria."""
        return self.filter(
            models.Exists(Nomination.objects.eligible().filter(effort=models.OuterRef("pk")))
        )


class Effort(models.Model):
    """The effort (insats) the jury assesses, supported by one or more nominations.

    Every nomination starts as an effort of its own; the administration groups
    nominations of the same effort so that the jury assesses it once.
    """

    prize_year = models.ForeignKey(
        PrizeYear, on_delete=models.PROTECT, related_name="efforts", verbose_name=_("prize year")
    )
    name = models.CharField(_("name of the effort"), max_length=200)
    shortlisted = models.BooleanField(_("on the jury's shortlist"), default=False, editable=False)

    objects = EffortQuerySet.as_manager()

    class Meta:
        verbose_name = _("effort")
        verbose_name_plural = _("efforts")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


# The nominator's personal data: for the administration only, never the jury.
CONTACT_FIELDS = ("nominator_name", "nominator_email", "nominator_phone")


class NominationQuerySet(models.QuerySet):
    def without_contact_details(self) -> NominationQuerySet:
        """For the jury's pages and documents: the contact fields are not even loaded."""
        return self.defer(*CONTACT_FIELDS)

    def eligible(self) -> NominationQuerySet:
        return self.filter(
            collaboration_status=ScreeningStatus.PASSED,
            added_value_status=ScreeningStatus.PASSED,
        )

    def rejected(self) -> NominationQuerySet:
        return self.filter(
            models.Q(collaboration_status=ScreeningStatus.FAILED)
            | models.Q(added_value_status=ScreeningStatus.FAILED)
        )

    def unscreened(self) -> NominationQuerySet:
        return self.exclude(pk__in=self.eligible()).exclude(pk__in=self.rejected())


class Nomination(models.Model):
    prize_year = models.ForeignKey(
        PrizeYear,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("prize year"),
    )
    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)

    effort_name = models.CharField(_("name of the effort"), max_length=200)
    description = models.TextField(_("description of the effort"))
    added_value = models.TextField(_("development and added value beyond ordinary operations"))
    innovation = models.TextField(_("how the effort is innovative and novel"))
    inspiration = models.TextField(_("how the effort can inspire others"))
    results = models.TextField(_("results the effort shows"))
    district = models.CharField(_("district"), max_length=40, choices=DISTRICTS)

    # Personal data: kept to what is needed to confirm and ask follow-up questions,
    # never shown to the jury.
    nominator_name = models.CharField(_("nominator's name"), max_length=200)
    # Blank only once removed after the prize is awarded; the form requires it.
    nominator_email = models.EmailField(_("nominator's e-mail"), blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=40, blank=True)
    privacy_acknowledged_at = models.DateTimeField(_("privacy information acknowledged"))
    contact_removed_at = models.DateTimeField(
        _("contact details removed"), null=True, blank=True, editable=False
    )

    effort = models.ForeignKey(
        Effort,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("effort"),
    )
    # Screening against the two mandatory criteria, by the social administration.
    collaboration_status = models.CharField(
        _("collaboration between several organisations"),
        max_length=10,
        choices=ScreeningStatus.choices,
        default=ScreeningStatus.PENDING,
    )
    collaboration_reason = models.TextField(_("reason (collaboration)"), blank=True)
    added_value_status = models.CharField(
        _("developmental, with added value"),
        max_length=10,
        choices=ScreeningStatus.choices,
        default=ScreeningStatus.PENDING,
    )
    added_value_reason = models.TextField(_("reason (added value)"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-submitted_at"]
        permissions = [
            ("screen_nomination", _("Can screen nominations against the mandatory criteria")),
            ("export_nominations", _("Can export nominations")),
            ("export_contact_details", _("Can see and export nominators' contact details")),
            ("export_personal_data", _("Can export everything held about a person")),
        ]
        constraints = [
            # A rejection must always say why: the nominator may ask, and it is a public record.
            models.CheckConstraint(
                name="nomination_collaboration_failure_has_reason",
                condition=~models.Q(collaboration_status=ScreeningStatus.FAILED)
                | ~models.Q(collaboration_reason=""),
            ),
            models.CheckConstraint(
                name="nomination_added_value_failure_has_reason",
                condition=~models.Q(added_value_status=ScreeningStatus.FAILED)
                | ~models.Q(added_value_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.effort_name}"

    @property
    def is_eligible(self) -> bool:
        return (
            self.collaboration_status == ScreeningStatus.PASSED
            and self.added_value_status == ScreeningStatus.PASSED
        )

    @staticmethod
    def new_reference(year: int) -> str:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        return f"TP{year}-{code}"


class Organisation(models.Model):
    """One of the organisations that collaborate in a nominated effort."""

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="organisations",
        verbose_name=_("nomination"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("collaborating organisation")
        verbose_name_plural = _("collaborating organisations")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "nomination", name="organisation_unique_per_nomination"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AuditAction(models.TextChoices):
    WINDOW_OPENED = "window_opened", _("nominations opened")
    WINDOW_CLOSED = "window_closed", _("nominations closed")
    WINDOW_CHANGED = "window_changed", _("nomination window changed")
    PRIZE_YEAR_CREATED = "prize_year_created", _("prize year created")
    SCREENED = "screened", _("nomination screened")
    GROUPED = "grouped", _("nominations grouped as one effort")
    UNGROUPED = "ungrouped", _("nomination separated into an effort of its own")
    JURY_APPOINTED = "jury_appointed", _("jury member appointed")
    JURY_CHANGED = "jury_changed", _("jury appointment changed")
    JURY_REMOVED = "jury_removed", _("jury member removed")
    SCORING_OPENED = "scoring_opened", _("scoring opened")
    SCORING_CLOSED = "scoring_closed", _("scoring closed")
    VOTE_OPENED = "vote_opened", _("vote opened")
    DECISION = "decision", _("winner decided")
    ANNOUNCED = "announced", _("winner announced")
    EXPORTED = "exported", _("nominations exported")
    CONTACT_REMOVED = "contact_removed", _("nominators' contact details removed")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("personal data exported")


class AuditEntry(models.Model):
    """Who did what, and when, in the running of a prize year. Never edited."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too, so the record survives the account's removal.
    actor_name = models.CharField(_("who (name)"), max_length=150)
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    prize_year = models.ForeignKey(
        PrizeYear,
        on_delete=models.PROTECT,
        null=True,
        related_name="audit_entries",
        verbose_name=_("prize year"),
    )
    summary = models.TextField(_("details"))
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"

    @classmethod
    def record(
        cls,
        *,
        actor,
        action: str,
        summary: str,
        prize_year: PrizeYear | None = None,
        changes: dict | None = None,
    ) -> AuditEntry:
        return cls.objects.create(
            actor=actor,
            # No actor means a scheduled job did it.
            actor_name=actor.get_username() if actor else "system",
            action=action,
            prize_year=prize_year,
            summary=summary,
            changes=changes or {},
        )
