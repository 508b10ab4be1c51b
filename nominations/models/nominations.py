"""Efforts and their nominations, with their parts: organisations, answers, files,
screening verdicts and earlier versions. A nomination is a public record from arrival."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .years import Criterion, CriterionKind, PrizeYear

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
    # In a year with categories, the one the jury assesses it in (nominations/categories.py).
    category = models.ForeignKey(
        "nominations.PrizeCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="efforts",
        verbose_name=_("category"),
    )
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
    # The category the nominator chose, in a year with categories: part of the record as
    # sent; the effort's category is where the jury assesses it.
    category = models.ForeignKey(
        "nominations.PrizeCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("category"),
    )
    description = models.TextField(_("description of the effort"))
    district = models.CharField(_("district"), max_length=40, choices=DISTRICTS)
    # The answers to the year's criteria are Answer rows.

    # Personal data: kept to what is needed to confirm and ask follow-up questions,
    # never shown to the jury.
    nominator_name = models.CharField(_("nominator's name"), max_length=200)
    # Blank only once removed after the prize is awarded; the form requires it.
    nominator_email = models.EmailField(_("nominator's e-mail"), blank=True)
    nominator_phone = models.CharField(_("nominator's phone"), max_length=40, blank=True)
    # The answer to "do you take part in the effort yourself?", asked only where the
    # prize does not allow self-nomination (nominations/eligibility.py); None where not
    # asked. Stored so that screening sees it, whatever the form let through.
    self_nominated = models.BooleanField(
        _("the nominator takes part in the effort"), null=True, blank=True
    )
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
    def new_reference(year: int, *, prefix: str = "TP") -> str:
        """ "TP2026-K7QX2M": the prize's letters (Prize.reference_prefix), the year, a code."""
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        return f"{prefix}{year}-{code}"


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
