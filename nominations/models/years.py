"""The prize year and its criteria: what the committee decides for each year."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from .prizes import Prize
from .texts import fallback_lang as _fallback_lang
from .texts import in_language as _in_language
from .year_queries import PrizeYearQuerySet


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


APPROVAL_MISSING = _(
    "Record the day the committee approved the orientation, and which body it was."
)


class PrizeYear(models.Model):
    prize = models.ForeignKey(
        Prize, on_delete=models.PROTECT, related_name="years", verbose_name=_("prize")
    )
    year = models.PositiveSmallIntegerField(_("year"))
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
    # The committee's (nämnd's) decision that sets the year's orientation ("godkänner
    # inriktningen"): the theme and the criteria below are its wording.
    orientation_approved_on = models.DateField(
        _("orientation approved on"),
        null=True,
        blank=True,
        help_text=_("The day the committee (nämnd) approved the orientation of the prize."),
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
        # A new year starts with its prize owner's body (jury/years.py), not one name for
        # every prize; the years already recorded keep what they have.
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
    # A prize shared between several: the jury names up to this many winners (jury/outcome.py).
    max_winners = models.PositiveSmallIntegerField(
        _("most winners"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many winners may share the prize this year. Usually one."),
    )
    opens_at = models.DateTimeField(_("nominations open"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("nominations close"),
        null=True,
        blank=True,
        help_text=_("The first instant at which nominations are no longer accepted."),
    )
    # The ceremony where the prize is awarded: the prize names it (Prize.ceremony).
    conference_date = models.DateField(_("date of the prize ceremony"), null=True, blank=True)
    conference_place = models.CharField(
        _("place of the prize ceremony"),
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
    # Förvaltningslagen 31 §: the decision names who presented the matter. Entered through
    # jury/basis.py's set_foredragande, which audits it.
    foredragande_name = models.CharField(
        _("presented by (föredragande)"),
        max_length=150,
        blank=True,
        help_text=_("Who in the administration prepared the matter for the jury."),
    )
    foredragande_title = models.CharField(
        _("title of the föredragande"), max_length=150, blank=True
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
    # Avslutat (ad acta): from then on nothing of the year changes but removals under a
    # retention rule (jury/closing.py; the guard is PrizeYearQuerySet.locked).
    closed_at = models.DateTimeField(_("closed (ad acta)"), null=True, blank=True, editable=False)
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
        ordering = ["-year", "prize_id"]
        permissions = [("change_window", _("Can open and close nominations"))]
        constraints = [
            models.UniqueConstraint(
                fields=["prize", "year"],
                name="prize_year_once_per_prize",
                violation_error_message=_("The prize already has this year."),
            ),
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
                name="prize_year_closed_only_when_announced",
                condition=models.Q(closed_at__isnull=True) | models.Q(announced_at__isnull=False),
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

    def closed_message(self) -> str:
        """Why nothing of a closed year can change, for every refusal of the guard."""
        return str(
            _(
                "The prize year %(year)s is closed (ad acta) since %(day)s. Its records can "
                "no longer change; only removals under a retention rule are made."
            )
        ) % {
            "year": self.year,
            "day": formats.date_format(timezone.localtime(self.closed_at), "j F Y"),
        }

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

    def keep_criteria(self, criteria: Iterable[Criterion]) -> None:
        """Hold these as the year's criteria, as prefetch_related("criteria") would.

        For a caller that read them already and knows them unchanged (submission.py).
        """
        rows = Criterion.objects.filter(prize_year=self)
        rows._result_cache = list(criteria)  # what Django's own prefetch sets
        rows._prefetch_done = True
        self._prefetched_objects_cache = {
            **getattr(self, "_prefetched_objects_cache", {}),
            "criteria": rows,
        }

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

    def public_window_state(self, at: datetime | None = None) -> WindowState:
        """The window as the public may use it: a year whose jury has begun takes no more."""
        state = self.window_state(at)
        if state == WindowState.OPEN and not self.accepts_nominations(at):
            return WindowState.CLOSED
        return state

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
        # Where a committee decided on the jury's proposal, its decision is the one of record.
        if committee := getattr(self, "committee_decision", None):
            return committee.decided_on
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
    def outcome_of_record(self):
        """The decision that stands: where a committee decides, its jury.CommitteeDecision
        (None until recorded; the jury only proposed), else the jury's jury.Decision (None
        until the vote is closed). Both read alike: awarded, winners, winner_names,
        not_awarded_reason (jury/decision_models.py WinnersOfRecord; jury/committee.py)."""
        if committee := getattr(self, "committee_decision", None):
            return committee
        return None if self.prize.committee_decides else getattr(self, "decision", None)

    @property
    def public_winner(self) -> str:
        """The winners as the public may know them: decided and announced; every winner
        of a shared prize, the committee's where one decided."""
        if self.historical_winner:
            return self.historical_winner
        record = self.outcome_of_record if self.announced_at else None
        return record.winner_names if record is not None and record.awarded else ""


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
