import json
import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import attachments as attachment_files
from .eligibility import asks_self_nomination
from .fields import (
    SHORT_TEXT_TOO_LONG,
    LongTextField,
    MultipleFileField,
    _squash,
)
from .form_questions import (
    CATEGORY,
    SELF_NOMINATED,
    category_field,
    insert_before,
    self_nomination_field,
)
from .models import (
    DISTRICTS,
    AttachmentKind,
    Channel,
    Criterion,
    PendingUpload,
    PrizeCategory,
    PrizeYear,
    WindowState,
)

MIN_ORGANISATIONS = 2
MAX_ORGANISATIONS = 8
# Three empty fields invite a real collaboration without making the form look long.
SHOWN_ORGANISATIONS = 3
ORGANISATION_FIELD = re.compile(r"organisation_([1-9][0-9]?)")
# The name of the "add an organisation" submit button.
ADD_ORGANISATION = "add_organisation"
# Long enough to force a few real sentences, short enough not to put anyone off.
MIN_DESCRIPTION_LENGTH = 50
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{6,20}$")
# What a decoder puts where bytes were not valid UTF-8.
REPLACEMENT_CHARACTER = "\ufffd"


NOMINATION_FIELDS = (
    "effort_name",
    "description",
    "district",
    "nominator_name",
    "nominator_email",
    "nominator_phone",
)
# What the browser may keep as an unsent draft (static/js/nomination-draft.js): the
# effort's texts and the answers to the criteria only. Never the nominator's name,
# e-mail or phone: people nominate from shared computers in libraries too.
DRAFT_FIELDS = ("effort_name", "description", "district")


class NominationForm(forms.Form):
    max_organisations = MAX_ORGANISATIONS
    # The public form refuses a self-nomination the prize does not allow; staff register
    # what arrived, and screening sees the answer (StaffNominationForm).
    refuses_self_nomination = True

    effort_name = forms.CharField(
        label=_("Name of the effort"),
        max_length=200,
        help_text=_("What the effort or project is called."),
    )
    description = LongTextField(
        label=_("Describe the effort"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_chars=MIN_DESCRIPTION_LENGTH,
        too_short=_("Describe the effort in a few sentences (at least %(count)s characters)."),
        help_text=_("What is done, for whom, where and since when."),
    )
    district = forms.ChoiceField(
        label=_("District where the effort takes place"),
        choices=[("", _("Choose a district"))] + DISTRICTS,
    )
    # The collaborating organisations are fields organisation_1, organisation_2, …
    # added in __init__: three shown, up to eight; then one field per criterion of the
    # year that asks for a text, named by the criterion's key.
    nominator_name = forms.CharField(label=_("Your name"), max_length=200)
    nominator_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a receipt here and may contact you with questions."),
    )
    nominator_phone = forms.CharField(
        label=_("Your phone number (optional)"), max_length=40, required=False
    )
    attachments = MultipleFileField(
        label=_("Files that show the results (optional)"),
        required=False,
        help_text=_(
            "For example an evaluation report, a folder or photos. PDF, JPEG or PNG: at most "
            "three files, each at most 10 MB and 20 MB in all. Files are not kept in the "
            "draft in this browser, so attach them just before you send."
        ),
    )
    # Honeypot: hidden from people and assistive technology, filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(
        self,
        *args: Any,
        criteria: list[Criterion],
        open_for_submission: bool = True,
        organisation_count: int | None = None,
        refused_uploads: Sequence[attachment_files.Refusal] = (),
        kept_uploads: Sequence[PendingUpload] | None = None,
        attachment_notes: Sequence[str] = (),
        ask_self_nomination: bool = False,
        categories: Sequence[PrizeCategory] = (),
        **kwargs: Any,
    ) -> None:
        """criteria: the year's criteria in order (PrizeYear.ordered_criteria()).

        ask_self_nomination: the prize does not allow self-nomination, so the form
        asks whether the nominator takes part in the effort
        (eligibility.asks_self_nomination).

        refused_uploads: files the upload handler dropped (too large, too many);
        kept_uploads: files waiting from a refused form, for an unbound form (a bound
        one reads them from its own check boxes); attachment_notes: refusals to show
        on an unbound form.
        """
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.refused_uploads = list(refused_uploads)
        self.attachment_notes = list(attachment_notes)
        # Files that passed their checks in this request (after is_valid()).
        self.accepted_uploads: list[attachment_files.InspectedUpload] = []
        if "attachments" not in self.fields:
            self.kept_uploads: list[PendingUpload] = []
        elif self.is_bound:
            self.kept_uploads = self._kept_from_tokens()
        else:
            self.kept_uploads = list(kept_uploads or [])
        self.open_for_submission = open_for_submission
        self.initial = dict(self.initial)
        self._add_organisation_fields(organisation_count)
        self._add_answer_fields()
        self.asks_self_nomination = ask_self_nomination
        if ask_self_nomination:
            # The yes or no question, first among the questions about the nominator.
            self.fields = insert_before(
                self.fields, "nominator_name", SELF_NOMINATED, self_nomination_field()
            )
        if categories:
            self.fields = insert_before(
                self.fields, "description", CATEGORY, category_field(categories)
            )
        self.categories = list(categories)
        # Fields whose text arrived with bytes that are not UTF-8: refused in clean().
        self.unreadable_fields: set[str] = set()
        if self.is_bound:
            self.data = self._without_unreadable_characters(self.data)
        for name, field in self.fields.items():
            # A browser cuts pasted text at maxlength without a word; the server checks
            # the length instead and keeps the text when it refuses it.
            field.widget.attrs.pop("maxlength", None)
            if isinstance(field, LongTextField):
                field.help_text = " ".join(
                    str(text) for text in (field.help_text, field.limits_text()) if text
                )
            elif isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = SHORT_TEXT_TOO_LONG
            if (
                name in DRAFT_FIELDS
                or name in self.answer_names
                or ORGANISATION_FIELD.fullmatch(name)
            ):
                field.widget.attrs["data-draft"] = True
        if "website" in self.fields:
            self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name in ("nominator_name",):
            self.fields[name].widget.attrs["autocomplete"] = "name"
        self.fields["nominator_email"].widget.attrs["autocomplete"] = "email"
        self.fields["nominator_phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})

    @cached_property
    def helper(self) -> FormHelper:
        """The form's layout, made only when a page renders the form.

        A nomination that is stored never shows its form, so it does not pay for it.
        """
        helper = FormHelper()
        helper.form_tag = False
        # The page's own summary lists errors that belong to the whole form, so crispy
        # must not print them a second time above the fields.
        helper.template = "nominations/_form_layout.html"
        helper.layout = Layout(
            Fieldset(
                _("The effort"),
                "effort_name",
                *([CATEGORY] if CATEGORY in self.fields else []),
                "description",
                "district",
            ),
            Fieldset(_("Mandatory criteria"), *self._criteria_layout(mandatory=True)),
            Fieldset(_("Assessment criteria"), *self._criteria_layout(mandatory=False)),
            *(
                [Fieldset(_("Attachments"), HTML('{% include "nominations/_attachments.html" %}'))]
                if "attachments" in self.fields
                else []
            ),
            Fieldset(
                _("About you"),
                *([SELF_NOMINATED] if SELF_NOMINATED in self.fields else []),
                "nominator_name",
                "nominator_email",
                "nominator_phone",
                # A notice, not a checkbox: the legal basis is a task in the public
                # interest (GDPR art. 6.1 e), so no consent or confirmation is asked.
                HTML('{% include "nominations/_privacy_notice.html" %}'),
            ),
            *(
                [Div("website", css_class="d-none", aria_hidden="true")]
                if "website" in self.fields
                else []
            ),
        )
        if self.open_for_submission:
            helper.layout.append(
                Submit("submit", _("Send nomination"), css_class="btn-primary btn-lg")
            )
        return helper

    def _add_organisation_fields(self, count: int | None) -> None:
        """One field per organisation, as many as were sent, shown or asked for."""
        organisations = self.initial.get("organisations")
        if isinstance(organisations, (list, tuple)):
            # Initial values as a list of names, as Nomination stores them.
            for number, name in enumerate(organisations, start=1):
                self.initial[f"organisation_{number}"] = name
        if count is None:
            numbers = [
                int(match.group(1))
                for key in (self.data if self.is_bound else self.initial)
                if (match := ORGANISATION_FIELD.fullmatch(key))
            ]
            count = max(numbers, default=0)
        count = max(SHOWN_ORGANISATIONS, min(count, MAX_ORGANISATIONS))
        self.organisation_count = count
        self._organisation_fields = {
            f"organisation_{number}": forms.CharField(
                label=gettext("Organisation %(number)s") % {"number": number},
                max_length=200,
                required=False,
            )
            for number in range(1, count + 1)
        }

    def _add_answer_fields(self) -> None:
        """One field per criterion that asks for a text, in the year's order.

        The organisation fields take the place of the criterion answered by them, or
        open the mandatory criteria if none is; so the fields, and the page's list of
        errors, come in the order the page shows them.
        """
        answers = {}
        for criterion in self.criteria:
            if not criterion.asks_for_text:
                continue
            field = LongTextField(
                # Swedish shown on an English page is marked as Swedish for screen readers.
                label=(
                    format_html('<span lang="sv">{}</span>', criterion.localized_question)
                    if criterion.question_lang
                    else criterion.localized_question
                ),
                widget=forms.Textarea(attrs={"rows": 5 if criterion.is_mandatory else 4}),
                min_chars=criterion.min_answer_length,
                too_short=_(
                    "Write a few sentences (at least %(count)s characters) about "
                    "%(criterion)s. What you wrote is still here."
                ),
                too_short_params={"criterion": criterion.localized_title.lower()},
                help_text=criterion.localized_help_text,
            )
            answers[criterion.key] = field
        self.answer_names = list(answers)
        ordered = []
        organisations_placed = False
        for criterion in self.criteria:
            if criterion.asks_for_text:
                ordered.append((criterion.key, answers[criterion.key]))
            elif not organisations_placed:
                ordered += list(self._organisation_fields.items())
                organisations_placed = True
        if not organisations_placed:
            ordered = list(self._organisation_fields.items()) + ordered
        fields = list(self.fields.items())
        at = next(i for i, (name, _field) in enumerate(fields) if name == "nominator_name")
        self.fields = dict(fields[:at] + ordered + fields[at:])

    def _criteria_layout(self, *, mandatory: bool) -> list:
        """The layout of one kind of criteria: its answer fields and the organisations."""
        organisations = HTML('{% include "nominations/_organisations.html" %}')
        layout: list = []
        placed = any(not c.asks_for_text for c in self.criteria)
        if mandatory and not placed:
            layout.append(organisations)
        for criterion in self.criteria:
            if criterion.is_mandatory != mandatory:
                continue
            layout.append(criterion.key if criterion.asks_for_text else organisations)
        return layout

    def _without_unreadable_characters(self, data: Any) -> Any:
        """The data with replacement characters removed, noting the fields they were in."""
        cleaned = data.copy()
        for name in self.fields:
            value = data.get(name)
            if isinstance(value, str) and REPLACEMENT_CHARACTER in value:
                cleaned[name] = value.replace(REPLACEMENT_CHARACTER, "")
                self.unreadable_fields.add(name)
        return cleaned

    @property
    def organisation_names(self) -> list[str]:
        """The names of the organisation fields, in order."""
        return [f"organisation_{number}" for number in range(1, self.organisation_count + 1)]

    def organisation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.organisation_names]

    @property
    def can_add_organisation(self) -> bool:
        return self.open_for_submission and self.organisation_count < MAX_ORGANISATIONS

    @property
    def restores_draft(self) -> bool:
        """An empty form, on which the browser may put back the unsent draft."""
        return not self.is_bound and not self.initial

    def wants_another_organisation(self) -> bool:
        """The "add an organisation" button was pressed.

        Not when part of the text could not be read: that must be said first, and the
        form is shown again with the message anyway.
        """
        return self.is_bound and ADD_ORGANISATION in self.data and not self.unreadable_fields

    def with_another_organisation(self) -> "NominationForm":
        """The same form again with one more empty organisation field.

        Unbound, so nothing is validated yet: what was typed comes back as initial values.
        """
        count = min(self.organisation_count + 1, MAX_ORGANISATIONS)
        initial = {
            name: self.data.get(name, "")
            for name in self.fields
            if name not in ("website", "attachments")
        }
        form = type(self)(
            initial=initial,
            criteria=self.criteria,
            organisation_count=count,
            open_for_submission=self.open_for_submission,
            kept_uploads=self.kept_uploads,
            attachment_notes=self.attachment_notes,
            ask_self_nomination=self.asks_self_nomination,
            categories=self.categories,
        )
        if count > self.organisation_count:
            # Back on the page, the keyboard is where the new name goes.
            form.fields[f"organisation_{count}"].widget.attrs["autofocus"] = True
        return form

    def script_texts(self) -> dict[str, str]:
        """The few texts the form's scripts show, in the page's language."""
        return {
            "left_one": ngettext("%(count)s character left", "%(count)s characters left", 1),
            "left_other": ngettext("%(count)s character left", "%(count)s characters left", 2),
            "over_one": ngettext(
                "%(count)s character too many", "%(count)s characters too many", 1
            ),
            "over_other": ngettext(
                "%(count)s character too many", "%(count)s characters too many", 2
            ),
            "short_one": ngettext(
                "Write at least %(count)s more character",
                "Write at least %(count)s more characters",
                1,
            ),
            "short_other": ngettext(
                "Write at least %(count)s more character",
                "Write at least %(count)s more characters",
                2,
            ),
            # The label of an organisation field the draft script adds for a restored name.
            "organisation_label": gettext("Organisation %(number)s"),
            "draft_restored": gettext(
                "What you wrote about the effort earlier has been put back from the draft "
                "in this browser."
            ),
            "draft_cleared": gettext(
                "The draft is cleared: the texts about the effort are gone from the form and "
                "from this browser."
            ),
            "confirm_clear": gettext(
                "Clear the draft? The texts about the effort are removed from the form and "
                "from this browser."
            ),
        }

    def script_texts_json(self) -> str:
        return json.dumps(self.script_texts(), ensure_ascii=False)

    def clean_effort_name(self) -> str:
        return _squash(self.cleaned_data["effort_name"])

    def _clean_organisations(self) -> None:
        """Different organisations, two at least for a collaboration; errors on their fields."""
        names: list[str] = []
        seen: dict[str, str] = {}
        first_empty = None
        refused = False
        for field_name in self.organisation_names:
            if field_name not in self.cleaned_data:
                # The field's own check failed (too long, unreadable): said there already.
                refused = True
                continue
            name = _squash(self.cleaned_data[field_name])
            self.cleaned_data[field_name] = name
            if not name:
                first_empty = first_empty or field_name
                continue
            # The same organisation whatever its case and spacing: "Tensta IF", "tenstaif".
            key = "".join(name.split()).casefold()
            if key in seen:
                self.add_error(
                    field_name,
                    forms.ValidationError(
                        _("“%(name)s” is already in %(field)s. Write each organisation once."),
                        params={"name": name, "field": seen[key]},
                        code="duplicate",
                    ),
                )
                refused = True
                continue
            seen[key] = str(self.fields[field_name].label)
            names.append(name)
        if refused:
            return
        # Two at least where a criterion asks for the collaboration; any number otherwise.
        if len(names) < MIN_ORGANISATIONS and any(not c.asks_for_text for c in self.criteria):
            self.add_error(
                first_empty or self.organisation_names[0],
                forms.ValidationError(
                    _(
                        "The prize requires a collaboration: write at least two different "
                        "organisations, one in each field."
                    ),
                    code="too_few",
                ),
            )
            return
        self.cleaned_data["organisations"] = names

    def clean_self_nominated(self) -> bool:
        taking_part = self.cleaned_data[SELF_NOMINATED]
        if taking_part and self.refuses_self_nomination:
            raise forms.ValidationError(
                _(
                    "You cannot nominate an effort you take part in yourself. Ask someone "
                    "outside the effort to nominate it instead."
                ),
                code="self_nomination",
            )
        return taking_part

    def clean_nominator_phone(self) -> str:
        phone = _squash(self.cleaned_data["nominator_phone"])
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _("Give the phone number with digits only, for example 08-508 000 00."),
                code="invalid",
            )
        return phone

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in sorted(self.unreadable_fields):
            self.add_error(
                name,
                forms.ValidationError(
                    _(
                        "Some characters in this field could not be read, so we have removed "
                        "them. Check the text and send the nomination again."
                    ),
                    code="unreadable",
                ),
            )
        self._clean_organisations()
        if "attachments" in self.fields:
            self.check_attachments()
        return cleaned

    def check_attachments(self) -> None:
        """Check the new files against their content and the limits, keeping those that pass.

        A refused file is an error on the field, naming it; the others are in
        accepted_uploads even when the form as a whole is refused, so the view keeps
        them for the next try.
        """
        selection = attachment_files.select_within_limits(
            uploads=self.files.getlist("attachments") if self.files else [],
            kept=self.kept_uploads,
            refused=self.refused_uploads,
        )
        self.accepted_uploads = selection.accepted
        for error in selection.errors:
            if self.is_bound and hasattr(self, "cleaned_data"):
                self.add_error("attachments", error)
            else:
                self.attachment_notes += error.messages

    def _kept_from_tokens(self) -> attachment_files.KeptUploads:
        """The waiting files the form's check boxes name, and the names of those gone."""
        tokens = (
            self.data.getlist(attachment_files.KEPT_FIELD_NAME)
            if hasattr(self.data, "getlist")
            else []
        )
        return attachment_files.pending_from_tokens(tokens=tokens)

    def forget_gone_kept_files(self) -> None:
        """Kept files removed since the form was checked: named as gone, no longer shown."""
        kept = self._kept_from_tokens()
        for name in kept.gone:
            self.add_error("attachments", attachment_files.no_longer_kept(name=name))
        self.kept_uploads = kept

    def keep(self, pending: Sequence[PendingUpload]) -> None:
        """The accepted files are now waiting for the next try: show them as kept."""
        self.kept_uploads = [*self.kept_uploads, *pending]
        self.accepted_uploads = []

    def kept_rows(self) -> list[dict]:
        """The kept files for the page: name, kind, size and the token of their check box."""
        return [
            {
                "token": attachment_files.pending_token(p),
                "name": p.original_name,
                "kind": AttachmentKind(p.content_type).label,
                "size": attachment_files.size_text(p.size),
                "pages": p.page_count,
            }
            for p in self.kept_uploads
        ]

    @property
    def honeypot_filled(self) -> bool:
        """Filled in the field that people never see: a bot. Ask after is_valid().

        Not a validation error: the reply must not tell the sender about the trap.
        """
        return bool(self.cleaned_data.get("website"))

    def nomination_fields(self) -> dict:
        """The cleaned values that map one to one onto Nomination's fields."""
        names = [
            *NOMINATION_FIELDS,
            *([SELF_NOMINATED] if self.asks_self_nomination else []),
            *([CATEGORY] if CATEGORY in self.fields else []),
        ]
        return {name: self.cleaned_data[name] for name in names}

    def answers(self) -> dict[str, str]:
        """The answers to the criteria, by the criterion's key."""
        return {name: self.cleaned_data[name] for name in self.answer_names}


def _moment(at) -> str:
    return date_format(timezone.localtime(at), "DATETIME_FORMAT")


class PrizeYearChoiceField(forms.ModelChoiceField):
    """A year named with its prize: "Trygghetspriset 2030: Trygghet i samverkan"."""

    def label_from_instance(self, obj: PrizeYear) -> str:
        return f"{obj.prize.name} {obj}"


class StaffNominationForm(NominationForm):
    """A nomination that came by letter, phone, e-mail or in person, typed in by staff.

    The same checks as the public form. The moment it reached the city counts for the
    nomination window, not the moment it is typed in.
    """

    prize_year = PrizeYearChoiceField(
        label=_("Prize year"),
        queryset=PrizeYear.objects.with_window().select_related("prize").order_by("-year"),
    )
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[("", "---------")]
        + [(value, label) for value, label in Channel.choices if value != Channel.WEB],
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        help_text=_(
            "Stockholm time, for example 2024-09-01 14:30: when the nomination reached the "
            "city (the arrival stamp on a letter, the time of the call or of the e-mail). It "
            "counts for the closing time, not the moment you register it."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    nominator_email = forms.EmailField(
        label=_("Nominator's e-mail address (optional)"),
        required=False,
        help_text=_("If given, the nominator gets the same receipt as from the web form."),
    )
    # Staff are not bots: no honeypot.
    website = None
    # Enclosures of a letter are not registered here yet; the public form takes files.
    attachments = None

    field_order = ["prize_year", "channel", "received_at"]
    # What arrived is registered as it is: a "yes" is for screening to weigh.
    refuses_self_nomination = False

    def __init__(self, *args, prize_year: PrizeYear | None = None, **kwargs) -> None:
        """prize_year: the year whose criteria the form asks about (criteria=)."""
        # Staff type from a letter or a call: all eight fields at once, no round trip.
        kwargs.setdefault("organisation_count", MAX_ORGANISATIONS)
        prize_year = prize_year or PrizeYear.objects.current()
        kwargs.setdefault(
            "ask_self_nomination",
            asks_self_nomination(prize=prize_year.prize if prize_year else None),
        )
        kwargs.setdefault("categories", list(prize_year.categories.all()) if prize_year else [])
        super().__init__(*args, **kwargs)
        if SELF_NOMINATED in self.fields:
            self.fields[SELF_NOMINATED].label = _("Does the nominator take part in the effort?")
            self.fields[SELF_NOMINATED].help_text = _(
                "Ask the nominator if the nomination does not say. A “yes” is registered "
                "and shown to screening."
            )
        self.fields["nominator_name"].label = _("Nominator's name")
        self.fields["nominator_phone"].label = _("Nominator's phone number (optional)")
        self.fields["prize_year"].initial = prize_year

    def clean(self) -> dict:
        cleaned = super().clean()
        prize_year, received_at = cleaned.get("prize_year"), cleaned.get("received_at")
        if prize_year is None or received_at is None:
            return cleaned
        if received_at > timezone.now():
            self.add_error("received_at", _("The nomination cannot have arrived in the future."))
            return cleaned
        state = prize_year.window_state(received_at)
        if state == WindowState.UPCOMING:
            self.add_error(
                "received_at",
                _(
                    "Nominations for %(year)s opened on %(opens)s. A nomination that arrived "
                    "before then cannot be registered for that year."
                )
                % {"year": prize_year.year, "opens": _moment(prize_year.opens_at)},
            )
        elif state == WindowState.CLOSED:
            self.add_error(
                "received_at",
                _(
                    "Nominations for %(year)s were open until %(closes)s. This nomination "
                    "arrived after that, so it is too late and cannot be registered."
                )
                % {"year": prize_year.year, "closes": _moment(prize_year.last_open_minute)},
            )
        elif not prize_year.screening_open:
            self.add_error(
                "prize_year",
                _(
                    "The jury's vote for %(year)s has opened, so no nomination can be added to "
                    "the year any more."
                )
                % {"year": prize_year.year},
            )
        return cleaned


class CorrectionForm(NominationForm):
    """The nomination form again, filled in with the nomination as it stands.

    For the nominator's private link (nominations/corrections.py): the same fields and
    checks as when it was sent; the button saves the correction instead of sending.
    The honeypot is not asked: only the holder of the signed link reaches this form.
    The attachments are not offered: what was attached stays as it arrived.
    """

    # Not rendered at all: a hidden field a reader or a screen reader meets would only
    # puzzle the nominator. The link's own limits keep floods out (corrections.py).
    website = None
    attachments = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.open_for_submission:
            # The layout ends with the form's own submit button; this one says what it does.
            self.helper.layout.fields[-1] = Submit(
                "submit", _("Save the correction"), css_class="btn-primary btn-lg"
            )
