"""The prize above the years, and the owner it belongs to: data, not text in templates.

One installation runs any number of a municipality's prizes. Each prize has an owner
(the municipality, the administration that runs it and the body, nämnd, that owns it),
its own public pages under its slug, its rules for who may be nominated, and who
decides: the jury itself (Trygghetspriset) or a committee on the jury's proposal.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .texts import fallback_lang as _fallback_lang
from .texts import in_language as _in_language
from .texts import in_running_text as _in_running_text
from .texts import is_english as _is_english


class _AttachmentsStorage(Storage):
    """The attachments' storage as it is configured at each call, not at import.

    A FileField keeps the storage it was given when the model is loaded; handing it
    this stand-in lets settings.STORAGES["attachments"] change (tests, S3) and still be
    used.
    """

    def _target(self) -> Storage:
        return storages["attachments"]

    def open(self, name, mode="rb"):
        return self._target().open(name, mode)

    def save(self, name, content, max_length=None):
        return self._target().save(name, content, max_length=max_length)

    def generate_filename(self, filename):
        return self._target().generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self._target().get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self._target().delete(name)

    def exists(self, name):
        return self._target().exists(name)

    def size(self, name):
        return self._target().size(name)

    def url(self, name):
        # No public URL: nominations.views.owner_logo serves the logo.
        raise NotImplementedError("a logo is served by nominations.views.owner_logo")


def logo_storage() -> Storage:
    """Where logos are kept: the attachments' storage, which has no public URL of its own.

    The default storage has no MEDIA_ROOT here, and S3 buckets are private; the logo
    is served by the application (nominations.views.owner_logo), as a PNG or JPEG only.
    """
    return _AttachmentsStorage()


def validate_logo(value) -> None:
    """A new logo must be a whole PNG or JPEG within the limits (nominations/owners.py)."""
    from ..owners import inspect_logo

    # A logo already stored was checked when it came; only a new upload is read.
    if not getattr(value, "_committed", True):
        inspect_logo(value)


class Owner(models.Model):
    """Who stands behind a prize: the municipality, its administration and the body.

    Printed on the public pages, the e-mails and every document; Stockholms stad and
    Socialförvaltningen are the values of the first prize (migration 0026).
    """

    municipality = models.CharField(
        _("municipality"), max_length=100, help_text=_("For example Stockholms stad.")
    )
    municipality_en = models.CharField(
        _("municipality in English"),
        max_length=100,
        blank=True,
        help_text=_("For example City of Stockholm."),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=20,
        blank=True,
        help_text=_(
            "The municipality's organisation number, which the archive package names "
            "the archival creator by, for example 212000-0142."
        ),
    )
    administration = models.CharField(
        _("administration"),
        max_length=150,
        help_text=_("The administration that runs the prize, for example Socialförvaltningen."),
    )
    administration_en = models.CharField(_("administration in English"), max_length=150, blank=True)
    body = models.CharField(
        _("body (nämnd)"),
        max_length=150,
        help_text=_("The committee that owns the prize, for example Socialnämnden."),
    )
    body_en = models.CharField(_("body in English"), max_length=150, blank=True)
    postal_address = models.CharField(
        _("postal address"),
        max_length=300,
        blank=True,
        help_text=_("For example Box 44, 101 20 Stockholm."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    # Where the prize excludes the administration's own staff, screening warns of a
    # nominator writing from these domains (nominations/eligibility.py).
    staff_email_domains = models.CharField(
        _("the staff's e-mail domains"),
        max_length=300,
        blank=True,
        help_text=_(
            "The domains of the staff's e-mail addresses, separated by spaces, for example "
            "stockholm.se. Empty uses the domain of the owner's e-mail."
        ),
    )
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    data_protection_officer = models.CharField(
        _("how to reach the data protection officer"),
        max_length=200,
        blank=True,
        help_text=_(
            "Completes “Dataskyddsombudet når du …” on the privacy page, for example "
            "“via stadens växel, 08-508 000 00”."
        ),
    )
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        storage=logo_storage,
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo],
        help_text=_(
            "A PNG or JPEG image of at most 1 MB, shown on the public pages and the "
            "decision's letterhead."
        ),
    )

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["municipality", "administration"]

    def __str__(self) -> str:
        return f"{self.administration}, {self.municipality}"

    @property
    def localized_municipality(self) -> str:
        return _in_language(self.municipality, self.municipality_en)

    @property
    def localized_administration(self) -> str:
        return _in_language(self.administration, self.administration_en)

    @property
    def localized_body(self) -> str:
        return _in_language(self.body, self.body_en)

    @property
    def administration_in_text(self) -> str:
        """In the middle of a sentence: "kontakta socialförvaltningen" (texts.in_running_text)."""
        return _in_running_text(self.administration, self.administration_en)

    @property
    def sender(self) -> str:
        """As a letter signs: "Socialförvaltningen, Stockholms stad", in the page's language."""
        return f"{self.localized_administration}, {self.localized_municipality}"

    # Documents of record and the archive are the authority's, in Swedish whatever the
    # reader's language (DESIGN.md): these use the Swedish names only.

    @property
    def author(self) -> str:
        """A document's author: "Stockholms stad, Socialförvaltningen"."""
        return f"{self.municipality}, {self.administration}"

    @property
    def archival_creator(self) -> str:
        """Who made the records, the body (nämnd): "Socialnämnden, Stockholms stad"."""
        return f"{self.body}, {self.municipality}"

    @property
    def archival_submitter(self) -> str:
        """Who delivers them, the administration: "Socialförvaltningen, Stockholms stad"."""
        return f"{self.administration}, {self.municipality}"

    @property
    def controller(self) -> str:
        """The controller of personal data (GDPR), the body: "Socialnämnden i Stockholms stad"."""
        return f"{self.body} i {self.municipality}"

    @property
    def logo_version(self) -> str:
        """Changes with each new logo: the logo's address carries it, so caches let go."""
        return hashlib.sha256(self.logo.name.encode()).hexdigest()[:12] if self.logo else ""

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the public pages show of the owner changes.

        Part of the keys of the kept public pages and fragments (nominations/page_cache.py).
        """
        shown = (
            self.pk,
            self.municipality,
            self.municipality_en,
            self.administration,
            self.administration_en,
            self.body,
            self.body_en,
            self.postal_address,
            self.email,
            self.phone,
            self.website,
            self.data_protection_officer,
            self.logo.name if self.logo else "",
        )
        return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]


def _ceremony(swedish: str, english: str) -> str:
    """The prize's ceremony in the page's language, else the generic one.

    An English page without the English name says "the prize ceremony": a Swedish name
    in the middle of an English sentence would not read as one.
    """
    return (english if _is_english() else swedish) or gettext("the prize ceremony")


def _chair_label_now(title: str, title_en: str) -> str:
    title = _in_language(title, title_en)
    return gettext("chair (%(title)s)") % {"title": title} if title else gettext("chair")


_chair_label = lazy(_chair_label_now, str)


# At least one letter: an address of digits only would read as a year (/jury/2026/).
SLUG = RegexValidator(
    r"^(?=.*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _("Use lower-case letters a–z, digits and single hyphens, with at least one letter."),
)


class Decider(models.TextChoices):
    """Who takes the decision of record on the winners."""

    JURY = "jury", _("the jury decides")
    COMMITTEE = "committee", _("the jury proposes, a committee decides")


class PrizeQuerySet(models.QuerySet):
    def listed(self) -> PrizeQuerySet:
        return self.filter(listed=True).select_related("owner").order_by("position", "name")


class Prize(models.Model):
    """A prize the municipality awards, year after year; each PrizeYear belongs to one."""

    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, related_name="prizes", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        validators=[SLUG],
        help_text=_(
            "The prize's part of the web address, for example “trygghetspriset”. "
            "Lower-case letters, digits and hyphens."
        ),
    )
    purpose = models.TextField(
        _("purpose"),
        help_text=_("What the prize is for and who awards it, shown on its public pages."),
    )
    purpose_en = models.TextField(_("purpose in English"), blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("Where nominators ask questions; empty uses the owner's e-mail."),
    )
    reference_prefix = models.CharField(
        _("letters of the reference numbers"),
        max_length=4,
        unique=True,
        default="TP",
        validators=[RegexValidator(r"^[A-Z]{2,4}\Z", _("Use two to four capital letters A–Z."))],
        help_text=_(
            "The letters that begin each nomination's reference number, for example TP "
            "for TP2026-K7QX2M."
        ),
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year awarded"),
        null=True,
        blank=True,
        help_text=_(
            "The public history lists every year from this one, also years with no record here."
        ),
    )
    listed = models.BooleanField(
        _("shown on the public site"),
        default=True,
        help_text=_("A prize that is not shown keeps its pages, but is not in the list."),
    )
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    # Who may be nominated, and by whom (nominations/eligibility.py applies them).
    self_nomination_allowed = models.BooleanField(
        _("self-nomination allowed"),
        default=True,
        help_text=_("Whether someone may nominate an effort they take part in themselves."),
    )
    excludes_jury_members = models.BooleanField(
        _("the year's jury members cannot be nominated"), default=True
    )
    excludes_own_staff = models.BooleanField(
        _("the administration's own staff cannot be nominated for work done in their job"),
        default=False,
    )
    excludes_last_winner = models.BooleanField(
        _("last year's winner cannot be nominated"), default=False
    )
    # Who decides: the jury, or a committee on the jury's proposal (jury/committee.py).
    decider = models.CharField(
        _("who decides"), max_length=12, choices=Decider.choices, default=Decider.JURY
    )
    deciding_body = models.CharField(
        _("deciding committee"),
        max_length=150,
        blank=True,
        help_text=_(
            "The committee that decides on the jury's proposal, for example Kulturnämnden."
        ),
    )

    # The wording of the prize's own pages, e-mails and documents, read through the
    # localized_ceremony, chair_label and localized_nominees below: Trygghetspriset's are
    # set by migration 0033; a prize with none reads as any prize, awarded at
    # "prisutdelningen" by a jury led by an "ordförande".
    ceremony = models.CharField(
        _("the ceremony"),
        max_length=150,
        blank=True,
        help_text=_(
            "The ceremony where the prize is awarded, as it reads in the middle of a sentence: "
            "“The prize is awarded at … on 24 October.” For example “trygghetskonferensen”. "
            "Empty: “prisutdelningen”."
        ),
    )
    ceremony_full = models.CharField(
        _("the ceremony's full name"),
        max_length=150,
        blank=True,
        help_text=_(
            "While the jury judges, the call says: “The winner is announced at … on 24 "
            "October.” For example “socialnämndens trygghetskonferens”. Empty uses the "
            "ceremony above."
        ),
    )
    ceremony_en = models.CharField(_("the ceremony in English"), max_length=150, blank=True)
    ceremony_full_en = models.CharField(
        _("the ceremony's full name in English"), max_length=150, blank=True
    )
    chair_title = models.CharField(
        _("the chair's title"),
        max_length=100,
        blank=True,
        help_text=_(
            "Whose office it is to chair the jury, shown in brackets after “ordförande”, for "
            "example “socialborgarrådet”. Empty: only “ordförande”."
        ),
    )
    chair_title_en = models.CharField(_("the chair's title in English"), max_length=100, blank=True)
    nominees = models.TextField(
        _("who can be nominated"),
        blank=True,
        help_text=_(
            "A sentence on the call before the requirements, for example “Verksamheter och "
            "organisationer som är värda att uppmärksammas … kan nomineras.” Empty: only the "
            "requirements."
        ),
    )
    nominees_en = models.TextField(_("who can be nominated, in English"), blank=True)

    objects = PrizeQuerySet.as_manager()

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                name="prize_decider_valid", condition=models.Q(decider__in=Decider.values)
            ),
            models.CheckConstraint(
                name="prize_committee_named",
                condition=models.Q(decider=Decider.JURY) | ~models.Q(deciding_body=""),
                violation_error_message=_("Name the committee that decides on the proposal."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def localized_name(self) -> str:
        return _in_language(self.name, self.name_en)

    @property
    def name_lang(self) -> str:
        """ "sv" where an English page shows the Swedish name, for the lang attribute."""
        return _fallback_lang(self.name_en)

    @property
    def purpose_lang(self) -> str:
        return _fallback_lang(self.purpose_en)

    @property
    def localized_purpose(self) -> str:
        return _in_language(self.purpose, self.purpose_en)

    @property
    def fingerprint(self) -> str:
        """Changes whenever anything the public pages show of the prize or its owner does.

        Part of the key of the prize's kept pages (page_cache.py), so an edit shows at once.
        """
        owner = self.owner
        shown = (
            self.pk,
            self.name,
            self.name_en,
            self.slug,
            self.purpose,
            self.purpose_en,
            self.contact_email,
            self.first_year,
            self.self_nomination_allowed,
            self.excludes_jury_members,
            self.excludes_own_staff,
            self.excludes_last_winner,
            self.decider,
            self.deciding_body,
            self.ceremony,
            self.ceremony_full,
            self.ceremony_en,
            self.ceremony_full_en,
            self.nominees,
            self.nominees_en,
            # Everything the pages show of the owner, its logo included.
            owner.fingerprint,
        )
        return hashlib.sha256(repr(shown).encode()).hexdigest()[:16]

    @property
    def has_easy_read(self) -> bool:
        """The easy-to-read page (/lattlast/) is written about Trygghetspriset only.

        It gates that page and the link to it, nothing else: the rest of the prize's
        wording is its data (ceremony, chair_title, nominees).
        """
        return self.slug == settings.LEGACY_PRIZE_SLUG

    @property
    def localized_ceremony(self) -> str:
        """The ceremony as running text names it: "trygghetskonferensen", "prisutdelningen"."""
        return _ceremony(
            self.ceremony or self.ceremony_full, self.ceremony_en or self.ceremony_full_en
        )

    @property
    def localized_ceremony_full(self) -> str:
        """As the call announces it: "socialnämndens trygghetskonferens", else the ceremony."""
        return _ceremony(
            self.ceremony_full or self.ceremony, self.ceremony_full_en or self.ceremony_en
        )

    @property
    def chair_label(self) -> Promise:
        """The chair's role, "ordförande (socialborgarrådet)" or "ordförande".

        Lazy, in the language it is read in: an audit entry reads it in Swedish.
        """
        return _chair_label(self.chair_title, self.chair_title_en)

    @property
    def localized_nominees(self) -> str:
        return _in_language(self.nominees, self.nominees_en)

    @property
    def nominees_lang(self) -> str:
        return _fallback_lang(self.nominees_en) if self.nominees else ""

    @property
    def committee_decides(self) -> bool:
        return self.decider == Decider.COMMITTEE

    @property
    def deciding_body_in_text(self) -> str:
        """The deciding committee in the middle of a sentence: "kulturnämnden"."""
        return _in_running_text(self.deciding_body)

    @property
    def contact(self) -> str:
        return self.contact_email or self.owner.email
