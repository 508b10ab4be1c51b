import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import DISTRICTS, Channel, PrizeYear, WindowState

MIN_ORGANISATIONS = 2
MAX_ORGANISATIONS = 30
# Long enough to force a few real sentences, short enough not to put anyone off.
MIN_ADDED_VALUE_LENGTH = 80
MIN_DESCRIPTION_LENGTH = 50
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{6,20}$")


NOMINATION_FIELDS = (
    "effort_name",
    "description",
    "added_value",
    "innovation",
    "inspiration",
    "results",
    "district",
    "nominator_name",
    "nominator_email",
    "nominator_phone",
)


def _squash(text: str) -> str:
    return " ".join(text.split())


class NominationForm(forms.Form):
    effort_name = forms.CharField(
        label=_("Name of the effort"),
        max_length=200,
        help_text=_("What the effort or project is called."),
    )
    description = forms.CharField(
        label=_("Describe the effort"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What is done, for whom, where and since when."),
    )
    district = forms.ChoiceField(
        label=_("District where the effort takes place"),
        choices=[("", _("Choose a district"))] + DISTRICTS,
    )
    organisations = forms.CharField(
        label=_("Collaborating organisations"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One organisation per line, at least two. For example: "
            "Södermalms stadsdelsförvaltning, Polisen, Fastighetsbolaget AB."
        ),
    )
    added_value = forms.CharField(
        label=_(
            "How is the effort developmental, and what does it add beyond ordinary operations?"
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("A few sentences, at least %(count)s characters.")
        % {"count": MIN_ADDED_VALUE_LENGTH},
    )
    innovation = forms.CharField(
        label=_("In what way is the effort innovative and novel?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    inspiration = forms.CharField(
        label=_("How can the effort inspire other organisations?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    results = forms.CharField(
        label=_("What results does the effort show?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("For example follow-up, numbers or what participants say."),
    )
    nominator_name = forms.CharField(label=_("Your name"), max_length=200)
    nominator_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a receipt here and may contact you with questions."),
    )
    nominator_phone = forms.CharField(
        label=_("Your phone number (optional)"), max_length=40, required=False
    )
    # Honeypot: hidden from people and assistive technology, filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, open_for_submission: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "website" in self.fields:
            self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name in ("nominator_name",):
            self.fields[name].widget.attrs["autocomplete"] = "name"
        self.fields["nominator_email"].widget.attrs["autocomplete"] = "email"
        self.fields["nominator_phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The effort"),
                "effort_name",
                "description",
                "district",
            ),
            Fieldset(
                _("Mandatory criteria"),
                "organisations",
                "added_value",
            ),
            Fieldset(
                _("Assessment criteria"),
                "innovation",
                "inspiration",
                "results",
            ),
            Fieldset(
                _("About you"),
                "nominator_name",
                "nominator_email",
                "nominator_phone",
                # A notice, not a checkbox: the legal basis is a task in the public
                # interest (GDPR art. 6.1 e), so no consent or confirmation is asked.
                HTML('{% include "nominations/_privacy_notice.html" %}'),
            ),
            Div("website", css_class="d-none", aria_hidden="true"),
        )
        if open_for_submission:
            self.helper.layout.append(
                Submit("submit", _("Send nomination"), css_class="btn-primary btn-lg")
            )

    def clean_effort_name(self) -> str:
        return _squash(self.cleaned_data["effort_name"])

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < MIN_DESCRIPTION_LENGTH:
            raise forms.ValidationError(
                _("Describe the effort in a few sentences (at least %(count)s characters)."),
                params={"count": MIN_DESCRIPTION_LENGTH},
                code="too_short",
            )
        return text

    def clean_organisations(self) -> list[str]:
        names = [_squash(line) for line in self.cleaned_data["organisations"].splitlines()]
        names = [name for name in names if name]
        seen: dict[str, str] = {}
        for name in names:
            if len(name) > 200:
                raise forms.ValidationError(
                    _("The name “%(name)s…” is too long (at most 200 characters)."),
                    params={"name": name[:40]},
                    code="too_long",
                )
            key = name.casefold()
            if key in seen:
                raise forms.ValidationError(
                    _("“%(name)s” is listed more than once. List each organisation once."),
                    params={"name": name},
                    code="duplicate",
                )
            seen[key] = name
        if len(names) < MIN_ORGANISATIONS:
            raise forms.ValidationError(
                _(
                    "The prize requires a collaboration: list at least two different "
                    "organisations, one per line."
                ),
                code="too_few",
            )
        if len(names) > MAX_ORGANISATIONS:
            raise forms.ValidationError(
                _("List at most %(count)s organisations."),
                params={"count": MAX_ORGANISATIONS},
                code="too_many",
            )
        return names

    def clean_added_value(self) -> str:
        text = self.cleaned_data["added_value"].strip()
        if len(text) < MIN_ADDED_VALUE_LENGTH:
            raise forms.ValidationError(
                _(
                    "Describe in a few sentences (at least %(count)s characters) how the effort "
                    "is developmental and what it adds beyond ordinary operations."
                ),
                params={"count": MIN_ADDED_VALUE_LENGTH},
                code="too_short",
            )
        return text

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
        if cleaned.get("website"):
            raise forms.ValidationError(
                _(
                    "The nomination could not be received because it looks as if it was sent "
                    "by an automated program. Contact the social administration if this is wrong."
                ),
                code="honeypot",
            )
        return cleaned

    def nomination_fields(self) -> dict:
        """The cleaned values that map one to one onto Nomination's fields."""
        return {name: self.cleaned_data[name] for name in NOMINATION_FIELDS}


def _moment(at) -> str:
    return date_format(timezone.localtime(at), "DATETIME_FORMAT")


class StaffNominationForm(NominationForm):
    """A nomination that came by letter, phone, e-mail or in person, typed in by staff.

    The same checks as the public form. The moment it reached the city counts for the
    nomination window, not the moment it is typed in.
    """

    prize_year = forms.ModelChoiceField(
        label=_("Prize year"), queryset=PrizeYear.objects.with_window().order_by("-year")
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

    field_order = ["prize_year", "channel", "received_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominator_name"].label = _("Nominator's name")
        self.fields["nominator_phone"].label = _("Nominator's phone number (optional)")
        self.fields["prize_year"].initial = PrizeYear.objects.current()

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
