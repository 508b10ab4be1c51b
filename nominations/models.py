from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import formats, timezone, translation
from django.utils.functional import Promise, lazy
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


class WindowState(models.TextChoices):
    """Where the nomination window stands at a given moment."""

    NONE = "none", _("no window set")
    UPCOMING = "upcoming", _("not yet open")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class JuryPhase(models.TextChoices):
    """Where the jury's work stands; moved on by the chair or the administration."""

    PREPARATION = "preparation", _("preparation")
    SCORING = "scoring", _("scoring open")
    DELIBERATION = "deliberation", _("scoring closed")
    VOTING = "voting", _("vote open")
    DECIDED = "decided", _("winner decided")


class ConflictRule(models.TextChoices):
    """How far a conflict of interest (jäv) keeps a juror out of the year's one matter.

    The matter (ärendet) is the choice of the year's winner among all the efforts, made
    in one vote: see jury/participation.py, which applies the rule, and PUBLIC-SECTOR.md.
    """

    MATTER = "matter", _("the whole matter")
    EFFORT = "effort", _("per effort")


def _in_language(swedish: str, english: str) -> str:
    """The English text on English pages when there is one, else the Swedish."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.startswith("en") and english:
        return english
    return swedish


APPROVAL_MISSING = _(
    "Record the day the committee approved the orientation, and which body it was."
)


def _fallback_lang(english: str) -> str:
    """ "sv" when an English page shows the Swedish text because the English is empty."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "sv" if language.startswith("en") and not english else ""


class PrizeYearQuerySet(models.QuerySet):
    def with_window(self) -> PrizeYearQuerySet:
        """Years run in this system; the years before it have no nomination window."""
        return self.filter(opens_at__isnull=False)

    def open_at(self, at: datetime | None = None) -> PrizeYearQuerySet:
        """Years whose window contains the moment (at most one, see jury/phases.py)."""
        at = at or timezone.now()
        return self.filter(opens_at__lte=at, closes_at__gt=at)

    def current(self, at: datetime | None = None) -> PrizeYear | None:
        """The year the public pages speak of: open now, else the next to open, else the last.

        A next year created early, with its window a year ahead, must not hide the
        window that is open today; once a year has closed, the next announced window
        matters more to a citizen than the one that has passed.
        """
        at = at or timezone.now()
        years = self.with_window()
        return (
            years.open_at(at).order_by("-year").first()
            or years.filter(opens_at__gt=at).order_by("opens_at").first()
            or years.order_by("-year").first()
        )

    def being_judged(self, at: datetime | None = None) -> PrizeYear | None:
        """The latest year whose window has closed and whose winner is not yet announced.

        The public pages tell about it until the winner is presented at the conference,
        even once the next year's call is announced.
        """
        at = at or timezone.now()
        # A conference that has passed without an announcement is no longer awaited.
        awaited = models.Q(conference_date__gte=timezone.localdate(at)) | models.Q(
            conference_date__isnull=True, closes_at__gt=at - timedelta(days=365)
        )
        return (
            self.with_window()
            .filter(awaited, closes_at__lte=at, announced_at__isnull=True, historical_winner="")
            .order_by("-year")
            .first()
        )

    def locked(self, pk: int) -> PrizeYear:
        """The year as it is now, its row locked until the transaction ends.

        The one way to lock a prize year: phase changes, screening, scores and votes
        all queue behind each other on this row, so nothing is scored after scoring
        closes or voted after the votes are counted. Each holds it for milliseconds.
        """
        return self.select_for_update(no_key=True).get(pk=pk)

    def history(self, at: datetime | None = None) -> PrizeYearQuerySet:
        """The years the public history lists: every year but those still to come.

        A year without a winner is still to come while its window has not closed (or it
        has none), and when it lies after this calendar year, say a next year created
        early; a decided year is listed, its winner shown once announced.
        """
        at = at or timezone.now()
        has_winner = ~models.Q(historical_winner="") | models.Q(decision__isnull=False)
        to_come = (
            models.Q(closes_at__isnull=True)
            | models.Q(closes_at__gt=at)
            | models.Q(year__gt=timezone.localdate(at).year)
        )
        return (
            self.exclude(~has_winner & to_come).select_related("decision__effort").order_by("-year")
        )


class PrizeYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    theme = models.CharField(_("theme"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the prize rewards this year, shown on the public home page."),
    )
    theme_en = models.CharField(
        _("theme in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English pages; empty shows the Swedish theme there too."),
    )
    description_en = models.TextField(
        _("description in English"),
        blank=True,
        help_text=_("Shown on the English pages; empty shows the Swedish description there too."),
    )
    # The social committee's decision that sets the year's orientation ("godkänner
    # inriktningen"): the theme and the criteria below are its wording.
    orientation_approved_on = models.DateField(
        _("orientation approved on"),
        null=True,
        blank=True,
        help_text=_("The day the social committee approved the orientation of the prize."),
    )
    orientation_case_number = models.CharField(
        _("case number of the approval"),
        max_length=50,
        blank=True,
        help_text=_("The diarienummer of the committee's decision, for example SN 2023/1234."),
    )
    orientation_approved_by = models.CharField(
        _("body that approved the orientation"),
        max_length=100,
        default="Socialnämnden",
        blank=True,
        help_text=_("The body that decided, as its minutes name it."),
    )
    orientation_paragraph = models.CharField(
        _("paragraph of the approval"),
        max_length=20,
        blank=True,
        help_text=_("The paragraph (§) in the committee's minutes, for example § 12."),
    )
    # The decisions that give the jury the power to award the prize at all (for
    # Trygghetspriset kommunstyrelsen's); the decision of record cites them.
    mandate = models.TextField(
        _("the jury's mandate"),
        blank=True,
        help_text=_(
            "The decisions that give the jury its mandate, with body, date and case "
            "number, for example kommunstyrelsen's decision of 21 October 2020 to award "
            "the prize every year."
        ),
    )
    # Counts changes to the year's criteria, so that the cached public pages that
    # show them (see fingerprint) change at once without a query of their own.
    criteria_revision = models.PositiveIntegerField(
        _("revision of the criteria"), default=0, editable=False
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
    conference_place = models.CharField(
        _("place of the safety conference"),
        max_length=200,
        blank=True,
        help_text=_("Where the prize is awarded, shown on the winner's public page."),
    )
    case_number = models.CharField(
        _("case number (diarienummer)"),
        max_length=50,
        blank=True,
        help_text=_("The registrar's number for this year's case, for example SN 2023/1234."),
    )
    scoring_deadline = models.DateField(
        _("last day for scoring"),
        null=True,
        blank=True,
        help_text=_("Shown to the jurors; reminders are sent before and on the day."),
    )
    vote_deadline = models.DateField(
        _("last day for voting"),
        null=True,
        blank=True,
        help_text=_("Shown to the jurors; reminders are sent before and on the day."),
    )
    conflict_rule = models.CharField(
        _("rule for conflicts of interest"),
        max_length=10,
        choices=ConflictRule.choices,
        default=ConflictRule.MATTER,
        help_text=_(
            "The whole matter: a juror with a conflict of interest on any effort takes no "
            "further part in the year's scoring, shortlist, vote or decision. Per effort: "
            "the juror does not score that effort, and takes no part in the vote if it is "
            "on the shortlist."
        ),
    )
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
    # Why the winner was published on another day than the conference, when it was.
    announcement_reason = models.TextField(
        _("why announced before the conference"), blank=True, editable=False
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
            # The jury starts only on a closed window (jury/phases.py checks when).
            models.CheckConstraint(
                name="prize_year_jury_needs_window",
                condition=models.Q(jury_phase=JuryPhase.PREPARATION)
                | models.Q(closes_at__isnull=False),
            ),
            models.CheckConstraint(
                name="prize_year_announced_only_when_decided",
                condition=models.Q(announced_at__isnull=True)
                | models.Q(jury_phase=JuryPhase.DECIDED),
            ),
            models.CheckConstraint(
                name="prize_year_jury_phase_valid",
                condition=models.Q(jury_phase__in=JuryPhase.values),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.theme}"

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the public pages show of the year changes.

        The key of the year's cached page fragments, so an edit in the admin shows at once.
        """
        shown = (
            self.pk,
            self.theme,
            self.description,
            self.theme_en,
            self.description_en,
            self.criteria_revision,
            self.prize_amount,
            self.opens_at,
            self.closes_at,
            self.conference_date,
            self.jury_phase,
            self.announced_at,
            # Shown on the winner's page and in the open data (nominations/winners.py).
            self.conference_place,
            self.case_number,
            self.historical_winner,
        )
        return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]

    @property
    def localized_theme(self) -> str:
        return _in_language(self.theme, self.theme_en)

    @property
    def localized_description(self) -> str:
        return _in_language(self.description, self.description_en)

    def missing_for_opening(self) -> list[str]:
        """What the year must record of the committee's decisions before nominations open.

        A year may take nominations only once socialnämnden has approved its
        orientation, and the registrar has given the year its own case number.
        """
        missing = []
        if not (self.orientation_approved_by.strip() and self.orientation_approved_on):
            missing.append(str(APPROVAL_MISSING))
        if not self.orientation_case_number.strip():
            missing.append(str(_("Record the case number (diarienummer) of the approval.")))
        if not self.case_number.strip():
            missing.append(str(_("Record the year's own case number (diarienummer).")))
        return missing

    def missing_english(self) -> list[str]:
        """The texts the English pages show in Swedish because their English is empty."""
        missing = []
        if self.theme and not self.theme_en.strip():
            missing.append(str(_("the theme")))
        if self.description and not self.description_en.strip():
            missing.append(str(_("the description")))
        if self.pk:
            untranslated = [
                c.title
                for c in self.ordered_criteria()
                if not (c.title_en.strip() and (c.explanation_en.strip() or not c.explanation))
            ]
            if untranslated:
                missing.append(
                    str(_("the criteria %(titles)s")) % {"titles": ", ".join(untranslated)}
                )
        return missing

    @property
    def theme_lang(self) -> str:
        """ "sv" where an English page shows the Swedish theme, for the lang attribute."""
        return _fallback_lang(self.theme_en)

    @property
    def description_lang(self) -> str:
        return _fallback_lang(self.description_en)

    @property
    def is_finished(self) -> bool:
        """The year is over: a winner of the historical record, or one announced."""
        return bool(self.historical_winner) or self.announced_at is not None

    def ended_outside(self, at: datetime | None = None) -> bool:
        """Its conference has passed while its jury never started here (a year run on paper)."""
        today = timezone.localdate(at or timezone.now())
        return (
            not self.is_finished
            and self.jury_phase == JuryPhase.PREPARATION
            and self.conference_date is not None
            and self.conference_date < today
        )

    def criteria_locked(self, at: datetime | None = None) -> bool:
        """The criteria are frozen once a nomination could be written against them.

        That is from the moment the window opens, or from the first nomination (one
        registered by staff, or a window moved back to preparation, still counts).
        """
        at = at or timezone.now()
        if self.opens_at is not None and self.opens_at <= at:
            return True
        return self.pk is not None and self.nominations.exists()

    def ordered_criteria(self) -> list[Criterion]:
        """The year's criteria, mandatory first, each kind in its order; prefetched if so."""
        return sorted(self.criteria.all(), key=Criterion.sort_key)

    def is_open(self, at: datetime | None = None) -> bool:
        """Half-open window: open from opens_at up to, not including, closes_at."""
        return self.window_state(at) == WindowState.OPEN

    def window_state(self, at: datetime | None = None) -> WindowState:
        if self.opens_at is None or self.closes_at is None:
            return WindowState.NONE
        at = at or timezone.now()
        if at < self.opens_at:
            return WindowState.UPCOMING
        return WindowState.OPEN if at < self.closes_at else WindowState.CLOSED

    def accepts_nominations(self, at: datetime | None = None) -> bool:
        """Open, and the jury not started: the public form takes nominations only then."""
        return self.is_open(at) and self.jury_phase == JuryPhase.PREPARATION

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

    def announcement_day(self, at: datetime | None = None) -> date | None:
        """The conference day on which a decided, not yet announced winner is presented.

        None when there is nothing to wait for: no decision, already announced, or a
        conference day that has passed without the announcement.
        """
        if self.jury_phase != JuryPhase.DECIDED or self.announced_at or not self.conference_date:
            return None
        today = timezone.localdate(at or timezone.now())
        return self.conference_date if self.conference_date >= today else None

    @property
    def public_winner(self) -> str:
        """The winner as the public may know it: decided and announced at the conference."""
        if self.historical_winner:
            return self.historical_winner
        decision = getattr(self, "decision", None)  # jury.Decision, once the vote is closed
        return decision.effort.name if decision and self.announced_at else ""


class CriterionKind(models.TextChoices):
    """What a criterion does: decides eligibility, or is weighed by the jury."""

    MANDATORY = "mandatory", _("mandatory: screened, must be met")
    ASSESSMENT = "assessment", _("assessment: scored by the jury")


class AnswerKind(models.TextChoices):
    """How the nomination form asks about a criterion."""

    TEXT = "text", _("a text the nominator writes")
    ORGANISATIONS = "organisations", _("the collaborating organisations, at least two")


SCALE_LENGTH = 5
# The names the nomination form and the screening form use for their own fields;
# a criterion's key names its answer field, so it may not take one of these.
RESERVED_CRITERION_KEYS = frozenset(
    {
        "effort_name",
        "description",
        "district",
        "nominator_name",
        "nominator_email",
        "nominator_phone",
        "website",
        "organisations",
        "prize_year",
        "channel",
        "received_at",
        "submit",
        "add_organisation",
        "csrfmiddlewaretoken",
        "comment",
        "set_aside",
        "screened",
        "effort",
        "reference",
    }
)
CRITERION_KEY = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}\Z",
    _("Use lower-case letters a–z, digits and _ only, starting with a letter."),
)


def validate_criterion_key(key: str) -> None:
    if key in RESERVED_CRITERION_KEYS or key.startswith("organisation"):
        raise ValidationError(
            _("“%(key)s” is a name the forms use for something else; choose another."),
            params={"key": key},
            code="reserved",
        )


class Criterion(models.Model):
    """One criterion of a year's orientation, in the committee's wording.

    Mandatory criteria decide in screening whether a nomination goes to the jury;
    assessment criteria are what the jurors score from 1 to 5. The nomination form
    asks one question per criterion. Frozen once the year's window has opened
    (PrizeYear.criteria_locked; nominations/orientation.py refuses changes then).
    """

    prize_year = models.ForeignKey(
        PrizeYear, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("prize year")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CriterionKind.choices)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The order among the criteria of the same kind.")
    )
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[CRITERION_KEY, validate_criterion_key],
        help_text=_(
            "A short name for exports and forms, for example “innovation”. Unique in the year."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    explanation = models.TextField(
        _("explanation"), help_text=_("The committee's wording, shown on the public home page.")
    )
    explanation_en = models.TextField(_("explanation in English"), blank=True)
    answer = models.CharField(
        _("answered with"), max_length=15, choices=AnswerKind.choices, default=AnswerKind.TEXT
    )
    question = models.TextField(
        _("question on the form"),
        blank=True,
        help_text=_("What the nomination form asks the nominator about the criterion."),
    )
    question_en = models.TextField(_("question in English"), blank=True)
    help_text = models.TextField(_("help text on the form"), blank=True)
    help_text_en = models.TextField(_("help text in English"), blank=True)
    min_answer_length = models.PositiveSmallIntegerField(
        _("shortest answer (characters)"),
        default=0,
        help_text=_("0 for no lower limit. Every answer is at most 5 000 characters."),
    )
    scale = models.JSONField(
        _("labels of the scale"),
        default=list,
        blank=True,
        help_text=_("For an assessment criterion: five labels, for the scores 1 to 5."),
    )
    scale_en = models.JSONField(_("labels of the scale in English"), default=list, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        # "-kind": "mandatory" sorts after "assessment", so mandatory criteria come first.
        ordering = ["prize_year", "-kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["prize_year", "key"], name="criterion_key_per_year"),
            models.UniqueConstraint(
                fields=["prize_year"],
                condition=models.Q(answer=AnswerKind.ORGANISATIONS),
                name="criterion_one_organisations_question_per_year",
                violation_error_message=_(
                    "Only one criterion a year is answered with the collaborating organisations."
                ),
            ),
            models.CheckConstraint(
                name="criterion_kind_valid", condition=models.Q(kind__in=CriterionKind.values)
            ),
            models.CheckConstraint(
                name="criterion_answer_valid", condition=models.Q(answer__in=AnswerKind.values)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def sort_key(criterion: Criterion) -> tuple:
        return (criterion.kind != CriterionKind.MANDATORY, criterion.position, criterion.pk or 0)

    @property
    def is_mandatory(self) -> bool:
        return self.kind == CriterionKind.MANDATORY

    @property
    def asks_for_text(self) -> bool:
        return self.answer == AnswerKind.TEXT

    @property
    def localized_title(self) -> str:
        return _in_language(self.title, self.title_en)

    @property
    def localized_explanation(self) -> str:
        return _in_language(self.explanation, self.explanation_en)

    @property
    def title_lang(self) -> str:
        return _fallback_lang(self.title_en)

    @property
    def explanation_lang(self) -> str:
        return _fallback_lang(self.explanation_en)

    @property
    def question_lang(self) -> str:
        return _fallback_lang(self.question_en)

    @property
    def localized_question(self) -> str:
        return _in_language(self.question, self.question_en)

    @property
    def localized_help_text(self) -> str:
        return _in_language(self.help_text, self.help_text_en)

    @property
    def localized_scale(self) -> list[str]:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language.startswith("en") and len(self.scale_en) == SCALE_LENGTH:
            return list(self.scale_en)
        return list(self.scale)

    def scale_choices(self) -> list[tuple[int, str]]:
        """The scores 1 to 5 with their labels, as the score form offers them: "3 – i viss grad"."""
        labels = self.localized_scale
        return [
            (value, f"{value} – {labels[value - 1]}" if len(labels) == SCALE_LENGTH else str(value))
            for value in range(1, SCALE_LENGTH + 1)
        ]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        for name in ("scale", "scale_en"):
            labels = getattr(self, name)
            if not isinstance(labels, list) or not all(
                isinstance(label, str) and label.strip() for label in labels
            ):
                errors.setdefault(name, []).append(_("Give the labels as a list of texts."))
            elif self.kind == CriterionKind.ASSESSMENT and len(labels) not in (
                (SCALE_LENGTH,) if name == "scale" else (0, SCALE_LENGTH)
            ):
                errors.setdefault(name, []).append(
                    _("Give five labels, one for each score from 1 to 5.")
                )
        if self.answer == AnswerKind.TEXT and not self.question.strip():
            errors.setdefault("question", []).append(
                _("Write the question the form asks about the criterion.")
            )
        if errors:
            raise ValidationError(errors)


class ScreeningStatus(models.TextChoices):
    PENDING = "pending", _("not screened")
    PASSED = "passed", _("meets the criterion")
    FAILED = "failed", _("does not meet the criterion")


class EffortQuerySet(models.QuerySet):
    def eligible(self) -> EffortQuerySet:
        """Efforts with at least one eligible nomination: every mandatory criterion passed."""
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
        """Passed every mandatory criterion of its year, and neither set aside nor withdrawn.

        A year without mandatory criteria has no eligible nominations: screening
        must have said yes to something.
        """
        mandatory = Criterion.objects.filter(
            prize_year=models.OuterRef("prize_year"), kind=CriterionKind.MANDATORY
        )
        passed = ScreeningVerdict.objects.filter(
            nomination=models.OuterRef(models.OuterRef("pk")),
            criterion=models.OuterRef("pk"),
            status=ScreeningStatus.PASSED,
        )
        unmet = mandatory.filter(~models.Exists(passed))
        return self.filter(
            models.Exists(mandatory),
            ~models.Exists(unmet),
            set_aside_at__isnull=True,
            withdrawn_at__isnull=True,
        )

    def rejected(self) -> NominationQuerySet:
        """Failed at least one mandatory criterion, and neither set aside nor withdrawn."""
        failed = ScreeningVerdict.objects.filter(
            nomination=models.OuterRef("pk"),
            status=ScreeningStatus.FAILED,
            criterion__kind=CriterionKind.MANDATORY,
        )
        return self.filter(
            models.Exists(failed), set_aside_at__isnull=True, withdrawn_at__isnull=True
        )

    def withdrawn(self) -> NominationQuerySet:
        """Withdrawn by the nominator: kept in the record, out of screening and the jury."""
        return self.filter(withdrawn_at__isnull=False)

    def not_withdrawn(self) -> NominationQuerySet:
        """What the jury may read of an effort: a withdrawn nomination has left it."""
        return self.filter(withdrawn_at__isnull=True)

    def for_jury(self) -> NominationQuerySet:
        """The nominations as the jury reads them, on its pages and in its documents.

        Never with the nominators' contact details, not even unread.
        """
        return (
            self.without_contact_details()
            .not_withdrawn()
            .select_related("prize_year")
            .prefetch_related(
                "organisations",
                "answers",
                "prize_year__criteria",
                models.Prefetch("attachments", queryset=Attachment.objects.kept()),
            )
            .order_by("submitted_at")
        )

    def set_aside(self) -> NominationQuerySet:
        return self.filter(set_aside_at__isnull=False)

    def unscreened(self) -> NominationQuerySet:
        """Neither eligible, rejected, set aside nor withdrawn: screening still owes a verdict."""
        return (
            self.exclude(pk__in=self.eligible())
            .exclude(pk__in=self.rejected())
            .exclude(pk__in=self.set_aside())
            .exclude(pk__in=self.withdrawn())
        )


class Channel(models.TextChoices):
    """How a nomination reached the city."""

    WEB = "web", _("the web form")
    LETTER = "letter", _("letter")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")


def new_link_key() -> str:
    """A private link's key: 32 random bytes, URL-safe, nothing derived from the nomination."""
    return secrets.token_urlsafe(32)


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
    district = models.CharField(_("district"), max_length=40, choices=DISTRICTS)
    # The answers to the year's criteria are Answer rows.

    # Personal data: kept to what is needed to confirm and ask follow-up questions,
    # never shown to the jury.
    nominator_name = models.CharField(_("nominator's name"), max_length=200)
    # Blank only once removed after the prize is awarded; the form requires it.
    nominator_email = models.EmailField(_("nominator's e-mail"), blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=40, blank=True)
    # When the nominator was shown the privacy notice (web form); no consent is asked,
    # the legal basis is a task in the public interest.
    privacy_acknowledged_at = models.DateTimeField(
        _("privacy information shown"), null=True, blank=True
    )
    channel = models.CharField(
        _("received through"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("registered by"),
        help_text=_("The staff member who registered a nomination that arrived another way."),
    )
    contact_removed_at = models.DateTimeField(
        _("contact details removed"), null=True, blank=True, editable=False
    )
    # The nominator's own changes through the private link in the receipt
    # (nominations/corrections.py); earlier content is kept as NominationVersion rows.
    corrected_at = models.DateTimeField(
        _("last corrected by the nominator"), null=True, blank=True, editable=False
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn by the nominator"), null=True, blank=True, editable=False
    )
    # The key of the nominator's private link (nominations/private_link.py): random, so
    # the link says nothing about the nomination to whoever decodes it. A new key when
    # the e-mail address changes ends the old link; staff can close the link.
    link_key = models.CharField(
        _("private link key"), max_length=64, unique=True, default=new_link_key, editable=False
    )
    link_closed_at = models.DateTimeField(
        _("private link closed"), null=True, blank=True, editable=False
    )

    effort = models.ForeignKey(
        Effort,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("effort"),
    )
    # Screening against the year's mandatory criteria, by the social administration:
    # one ScreeningVerdict per criterion; who screened last and when is kept here.
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    # Set aside: kept in the record, but neither screened further nor assessed
    # (a duplicate, a nomination sent for the wrong year, a test by mistake).
    set_aside_reason = models.TextField(_("reason for setting aside"), blank=True)
    set_aside_at = models.DateTimeField(_("set aside"), null=True, blank=True, editable=False)
    set_aside_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("set aside by"),
    )

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
            models.CheckConstraint(
                name="nomination_set_aside_has_reason",
                condition=models.Q(set_aside_at__isnull=True) | ~models.Q(set_aside_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.effort_name}"

    @property
    def is_eligible(self) -> bool:
        """As NominationQuerySet.eligible(), from the year's criteria and the verdicts.

        Reads prefetched criteria and verdicts when the caller prefetched them.
        """
        if self.set_aside_at is not None or self.withdrawn_at is not None:
            return False
        statuses = [status for _criterion, status, _reason in self.screening()]
        return bool(statuses) and all(status == ScreeningStatus.PASSED for status in statuses)

    def screening(self) -> list[tuple[Criterion, str, str]]:
        """(criterion, status, reason) for each mandatory criterion of the year, in order.

        A criterion without a verdict is not screened yet.
        """
        verdicts = {v.criterion_id: v for v in self.verdicts.all()}
        rows = []
        for criterion in self.prize_year.ordered_criteria():
            if not criterion.is_mandatory:
                continue
            verdict = verdicts.get(criterion.pk)
            rows.append(
                (
                    criterion,
                    verdict.status if verdict else ScreeningStatus.PENDING,
                    verdict.reason if verdict else "",
                )
            )
        return rows

    def answer_texts(self) -> dict[str, str]:
        """The nominator's answers by criterion key; reads prefetched answers if there are any."""
        keys = {criterion.pk: criterion.key for criterion in self.prize_year.criteria.all()}
        return {keys[answer.criterion_id]: answer.text for answer in self.answers.all()}

    def answers_in_order(self, texts: dict[int, str] | None = None) -> list[tuple[Criterion, str]]:
        """(criterion, answer) for each criterion of the year the form asks a text about.

        texts, by criterion id, are the answers when the caller holds them already.
        """
        if texts is None:
            texts = {answer.criterion_id: answer.text for answer in self.answers.all()}
        return [
            (criterion, texts.get(criterion.pk, ""))
            for criterion in self.prize_year.ordered_criteria()
            if criterion.asks_for_text
        ]

    @property
    def content_received_at(self) -> datetime:
        """When the content as it stands now reached the city: sent, or last corrected."""
        return self.corrected_at or self.submitted_at

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


class Answer(models.Model):
    """The nominator's answer to one criterion of the year: what the form asked about it."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="answers", verbose_name=_("nomination")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("criterion")
    )
    text = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["nomination", "-criterion__kind", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="answer_once_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.criterion}"


class AttachmentKind(models.TextChoices):
    """The kinds of file the form takes, by the type its content shows, not its name."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


class FileFacts(models.Model):
    """What is known of a file attached to the form, found from its content on arrival."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    # A random name with the extension of the detected type: nothing the sender chose
    # reaches a path in storage.
    stored_name = models.CharField(_("stored as"), max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=30, choices=AttachmentKind.choices)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width (pixels)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height (pixels)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type in (AttachmentKind.JPEG, AttachmentKind.PNG)

    @property
    def is_pdf(self) -> bool:
        return self.content_type == AttachmentKind.PDF


class AttachmentQuerySet(models.QuerySet):
    def kept(self) -> AttachmentQuerySet:
        """Attachments whose file is still held: not removed under a retention rule."""
        return self.filter(removed_at__isnull=True)


class Attachment(FileFacts):
    """A file sent with a nomination: part of the nomination as a public record.

    The file lives in the "attachments" storage under stored_name and is only ever
    streamed by a view that checks who asks (jury/views.py). Under a retention rule
    for attachments the file is removed and the row kept, saying when and under which
    decision (nominations/privacy.py).
    """

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("nomination"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)
    removed_under = models.CharField(
        _("removed under the retention rule"), max_length=300, blank=True, editable=False
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["nomination", "position", "created_at"]
        constraints = [
            models.CheckConstraint(
                name="attachment_content_type_valid",
                condition=models.Q(content_type__in=AttachmentKind.values),
            ),
        ]


class PendingUpload(FileFacts):
    """A file that passed its checks on a form that was refused for another reason.

    Browsers cannot fill a file field again, so the file waits here, named on the
    form again by a signed token, until the form is sent (it becomes an Attachment)
    or it expires (`manage.py remove_pending_uploads`). Not yet a record: the
    nomination it belongs to has not reached the city.
    """

    class Meta:
        verbose_name = _("file waiting for its form")
        verbose_name_plural = _("files waiting for their forms")
        ordering = ["created_at"]


class ScreeningVerdict(models.Model):
    """Screening's verdict on one mandatory criterion for one nomination, with its reason.

    No row for a criterion means it is not screened yet.
    """

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="verdicts", verbose_name=_("nomination")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="verdicts", verbose_name=_("criterion")
    )
    status = models.CharField(
        _("verdict"),
        max_length=10,
        choices=ScreeningStatus.choices,
        default=ScreeningStatus.PENDING,
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("screening verdict")
        verbose_name_plural = _("screening verdicts")
        ordering = ["nomination", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="verdict_once_per_criterion"
            ),
            # A rejection must always say why: the nominator may ask, and it is a public record.
            models.CheckConstraint(
                name="verdict_failure_has_reason",
                condition=~models.Q(status=ScreeningStatus.FAILED) | ~models.Q(reason=""),
            ),
            models.CheckConstraint(
                name="verdict_status_valid", condition=models.Q(status__in=ScreeningStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.criterion} – {self.get_status_display()}"


# What the nominator sent and may correct; a correction keeps the earlier values of these.
# The answers to the criteria are kept too, as NominationVersion.answers.
VERSIONED_FIELDS = (
    "effort_name",
    "description",
    "district",
    *CONTACT_FIELDS,
)


class NominationVersion(models.Model):
    """The content of a nomination as it was before the nominator corrected it.

    A nomination is a public record from the moment it arrives, so a correction
    does not overwrite what was received: the earlier content is kept here, and the
    nomination row holds the latest version. Version 1 is what first arrived.
    """

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("nomination"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    received_at = models.DateTimeField(
        _("received"), help_text=_("When this version reached the city.")
    )
    replaced_at = models.DateTimeField(
        _("replaced"), help_text=_("When the nominator replaced it with a correction.")
    )
    effort_name = models.CharField(_("name of the effort"), max_length=200)
    description = models.TextField(_("description of the effort"))
    district = models.CharField(_("district"), max_length=40, choices=DISTRICTS)
    organisations = models.JSONField(_("collaborating organisations"), default=list)
    # [{"criterion": key, "text": answer}, …] in the order of the year's criteria. The
    # key is enough: criteria are frozen once nominations arrive, so it stays the one
    # the answer was written to.
    answers = models.JSONField(_("answers to the criteria"), default=list)
    # Personal data like the nomination's own contact fields: removed with them
    # under the retention rule (nominations/privacy.py).
    nominator_name = models.CharField(_("nominator's name"), max_length=200, blank=True)
    nominator_email = models.EmailField(_("nominator's e-mail"), blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["nomination", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "number"], name="nomination_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination.reference} v{self.number}"

    def answers_in_order(self) -> list[tuple[Criterion | None, str]]:
        """(criterion, answer) as this version said, the criterion looked up by its key."""
        criteria = {c.key: c for c in self.nomination.prize_year.criteria.all()}
        return [
            (criteria.get(row.get("criterion")), row.get("text", ""))
            for row in self.answers
            if isinstance(row, dict)
        ]


class AuditAction(models.TextChoices):
    WINDOW_OPENED = "window_opened", _("nominations opened")
    WINDOW_CLOSED = "window_closed", _("nominations closed")
    WINDOW_CHANGED = "window_changed", _("nomination window changed")
    PRIZE_YEAR_CREATED = "prize_year_created", _("prize year created")
    COMMITTEE_DECISIONS = "committee_decisions", _("the committee's decisions recorded")
    CRITERIA_CHANGED = "criteria_changed", _("criteria changed")
    SCREENED = "screened", _("nomination screened")
    GROUPED = "grouped", _("nominations grouped as one effort")
    UNGROUPED = "ungrouped", _("nomination separated into an effort of its own")
    JURY_APPOINTED = "jury_appointed", _("jury member appointed")
    JURY_CHANGED = "jury_changed", _("jury appointment changed")
    JURY_REMOVED = "jury_removed", _("jury member removed")
    JURY_ENDED = "jury_ended", _("jury appointment ended")
    SET_ASIDE = "set_aside", _("nomination set aside")
    NOMINATION_REGISTERED = "nomination_registered", _("nomination registered by staff")
    DEADLINES_CHANGED = "deadlines_changed", _("jury deadlines changed")
    SCORING_OPENED = "scoring_opened", _("scoring opened")
    SCORING_CLOSED = "scoring_closed", _("scoring closed")
    SCORING_REOPENED = "scoring_reopened", _("scoring reopened")
    CONFLICT_DECLARED = "conflict_declared", _("conflict of interest declared")
    CONFLICT_WITHDRAWN = "conflict_withdrawn", _("conflict of interest withdrawn")
    CONFLICT_QUESTIONED = "conflict_questioned", _("question of conflict of interest raised")
    CONFLICT_RULED = "conflict_ruled", _("question of conflict of interest ruled on")
    REMINDER_SENT = "reminder_sent", _("reminder sent to the jury")
    VOTE_OPENED = "vote_opened", _("vote opened")
    VOTE_CAST = "vote_cast", _("vote cast")
    RULING_VOTE = "ruling_vote", _("vote on a question of conflict of interest")
    DECISION = "decision", _("winner decided")
    RESERVATION = "reservation", _("reservation entered")
    JUSTERARE_NAMED = "justerare_named", _("checker of the decision named")
    DECISION_CHECKED = "decision_checked", _("decision checked")
    CHECKS_UNDONE = "checks_undone", _("checks of the decision undone")
    DEPUTY_NAMED = "deputy_named", _("member named to lead in the chair's place")
    ANNOUNCED = "announced", _("winner announced")
    EXPORTED = "exported", _("nominations exported")
    CONTACT_REMOVED = "contact_removed", _("nominators' contact details removed")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("personal data exported")
    RETENTION_RULE_SET = "retention_rule_set", _("retention rule recorded")
    NOMINATION_CORRECTED = "nomination_corrected", _("nomination corrected by the nominator")
    NOMINATION_WITHDRAWN = "nomination_withdrawn", _("nomination withdrawn by the nominator")
    TWO_FACTOR_RESET = "two_factor_reset", _("two-step verification reset")
    MAIL_SENT_AGAIN = "mail_sent_again", _("e-mail queued to be sent again")
    ATTACHMENTS_REMOVED = "attachments_removed", _("attached files removed")
    LINK_CLOSED = "link_closed", _("nominator's private link closed")


def _format_in_swedish(moment: date | datetime, format: str) -> str:
    with translation.override("sv"):
        return formats.date_format(moment, format)


_lazy_format_in_swedish = lazy(_format_in_swedish, str)


def in_swedish(moment: date | datetime) -> Promise:
    """A day, or a moment in Stockholm time, as an audit summary writes it: "1 september 2030".

    For AuditEntry.record's params: a record is Swedish whatever the actor's language.
    """
    if isinstance(moment, datetime):
        return _lazy_format_in_swedish(timezone.localtime(moment), r"j F Y \k\l. H:i")
    return _lazy_format_in_swedish(moment, "j F Y")


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
        # Stockholm time, as the list shows it.
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"

    @classmethod
    def record(
        cls,
        *,
        actor,
        action: str,
        summary: str | Promise,
        params: dict | None = None,
        prize_year: PrizeYear | None = None,
        changes: dict | None = None,
        actor_name: str | Promise | None = None,
    ) -> AuditEntry:
        """Write an entry; summary is best a lazy message, filled in with params.

        The trail is a record of the authority, so it is written in Swedish whatever
        language the actor's screen uses: a lazy message is translated here. actor_name
        names someone without an account, such as the nominator.
        """
        with translation.override("sv"):
            text = str(summary) % params if params is not None else str(summary)
            if actor_name is not None:
                actor_name = str(actor_name)
        if actor_name is None:
            # No actor means a scheduled job did it.
            actor_name = (actor.get_full_name() or actor.get_username()) if actor else "system"
        return cls.objects.create(
            actor=actor,
            actor_name=actor_name,
            action=action,
            prize_year=prize_year,
            summary=text,
            changes=changes or {},
        )


class RetentionDataKind(models.TextChoices):
    NOMINATOR_CONTACT = "nominator_contact", _("nominators' contact details")
    ATTACHMENTS = "attachments", _("files attached to nominations")


class RetentionRuleQuerySet(models.QuerySet):
    def in_force(self, *, kind: str, on: date | None = None) -> RetentionRule | None:
        """The rule for the kind of data in force on the day (today), or None: nothing goes.

        A rule applies from its own date, never before: of those decided on or before
        the day, the latest. One recorded with a later date waits for it.
        """
        on = on or timezone.localdate()
        return (
            self.filter(data_kind=kind, decided_on__lte=on).order_by("-decided_on", "-pk").first()
        )

    def upcoming(self, *, kind: str, on: date | None = None) -> RetentionRule | None:
        """The first rule for the kind of data that applies only after the day, if any."""
        on = on or timezone.localdate()
        return self.filter(data_kind=kind, decided_on__gt=on).order_by("decided_on", "pk").first()


class RetentionRule(models.Model):
    """A decision of the archive authority that allows removal (gallring) of some data.

    Arkivlagen: records are kept unless such a decision allows removal, so the
    removal job refuses to run while no rule is recorded here.
    """

    data_kind = models.CharField(
        _("kind of data"), max_length=30, choices=RetentionDataKind.choices
    )
    reference = models.CharField(
        _("decision reference"),
        max_length=300,
        help_text=_(
            "The gallringsbeslut or the item of the dokumenthanteringsplan, for example "
            "“Dokumenthanteringsplan Socialförvaltningen, 4.2.1”."
        ),
    )
    decided_on = models.DateField(_("decided on"))
    period_days = models.PositiveIntegerField(
        _("kept for (days after the prize is awarded)"),
        help_text=_("Removal happens this many days after the conference."),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )

    objects = RetentionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_data_kind_display()}: {self.reference}"


class MailKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt of a nomination")
    CORRECTION = "correction", _("confirmation of a correction")
    WITHDRAWAL = "withdrawal", _("confirmation of a withdrawal")
    INVITATION = "invitation", _("invitation to the jury")
    REMINDER = "reminder", _("reminder to a juror")
    PASSWORD = "password", _("link to choose a password")
    JURY_NOTICE = "jury_notice", _("notice to a juror")
    ADDRESS_CHANGED = "address_changed", _("notice of a changed e-mail address")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    # All the application knows: the mail server took it.
    SENT = "sent", _("handed to the mail server")
    FAILED = "failed", _("could not be sent")


class RecipientStatus(models.TextChoices):
    ACCEPTED = "accepted", _("accepted by the mail server")
    REFUSED = "refused", _("refused by the mail server")


# A mail whose try is this late may be sent again by staff.
MAIL_STUCK_AFTER = timedelta(hours=1)


class OutgoingMail(models.Model):
    """An e-mail on its way out, queued in the transaction of what it tells about.

    nominations/outbox.py queues it and the worker sends it, trying again after a
    failure; one it gave up on waits here for staff to send it again. Once sent, the
    text and the address are cleared: the records the mail came from hold them.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=MailKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MailStatus.choices,
        default=MailStatus.PENDING,
        db_index=True,
    )
    recipients = models.JSONField(_("to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    # Never shown in the admin: a password mail's link would let its reader in.
    body = models.TextField(_("text"), blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    last_attempt_at = models.DateTimeField(_("last try"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    reason = models.TextField(_("why it failed"), blank=True)
    # What the mail server answered for each recipient, in the order of `recipients`:
    # {"status": "accepted" | "refused", "at": ISO time, "answer": the server's words}.
    # Without the addresses, so it stays when they are cleared; a recipient the server
    # accepted is never sent to again (outbox.py).
    outcomes = models.JSONField(_("outcome per recipient"), default=list, blank=True)
    # No try takes the mail before then: while a worker sends it (a worker that died
    # with it, killed or out of memory, leaves it to the next try once the time is
    # over), and while it waits for its next try after a failed one (outbox.py).
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-queued_at", "-pk"]
        permissions = [("resend_outgoingmail", _("Can send failed e-mails again"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def is_stuck(self, at: datetime) -> bool:
        """Waiting, but its try is long overdue: no worker ran, or one stopped in the middle."""
        return (
            self.status == MailStatus.PENDING
            and self.next_attempt_at is not None
            and self.next_attempt_at <= at - MAIL_STUCK_AFTER
        )

    def may_send_again(self, at: datetime) -> bool:
        return self.status == MailStatus.FAILED or self.is_stuck(at)

    def outcome(self, position: int) -> dict:
        """The server's answer for the recipient at `position` (from 0); {} if none yet."""
        return self.outcomes[position] if position < len(self.outcomes) else {}

    def unaccepted(self) -> list[tuple[int, str]]:
        """The positions and addresses of the recipients the server has not accepted."""
        return [
            (position, address)
            for position, address in enumerate(self.recipients)
            if self.outcome(position).get("status") != RecipientStatus.ACCEPTED
        ]
