"""The form fields and input handling shared by the nomination forms (nominations/forms.py).

Long texts get a counter and a plain message when too long, several files come in one
field, and a form's POST data is read as text a person could have typed.
"""

from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import attachments as attachment_files

MAX_TEXT_LENGTH = 5000

SHORT_TEXT_TOO_LONG = _(
    "At most %(limit_value)d characters fit here, and you have written %(show_value)d. "
    "Shorten the text: what you wrote is still here."
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _number(value: int) -> str:
    # "5 000" in Swedish, "5,000" in English.
    return number_format(value, force_grouping=True)


def readable_post_data(request: HttpRequest) -> QueryDict:
    """The POST data decoded as UTF-8, with what cannot be read marked, never guessed.

    For a form body that is not valid UTF-8 Django falls back to Latin-1: the bad bytes
    turn into letters and every å in the other fields into mojibake, all of which would
    be stored. Decoding as UTF-8 with replacement characters instead keeps the rest as
    it was typed and lets the form refuse exactly the fields that were damaged.
    """
    charset = (request.encoding or "utf-8").lower().replace("_", "-")
    if request.content_type == "application/x-www-form-urlencoded" and charset in (
        "utf-8",
        "utf8",
    ):
        try:
            request.body.decode("utf-8")
        except UnicodeDecodeError:
            return QueryDict(request.body.decode("utf-8", errors="replace"), encoding="utf-8")
    return request.POST


class LongTextField(forms.CharField):
    """A long text whose limits are said before they bite.

    No maxlength attribute: a browser cuts pasted text at it without a word. The limits
    go to the character counter (static/js/character-counter.js) as data attributes,
    and the server refuses a text outside them with a message, keeping the text.
    """

    widget = forms.Textarea

    def __init__(
        self,
        *,
        min_chars: int = 0,
        max_chars: int = MAX_TEXT_LENGTH,
        too_short: str = "",
        too_short_params: dict | None = None,
        **kwargs: Any,
    ) -> None:
        self.min_chars, self.max_chars, self.too_short = min_chars, max_chars, too_short
        self.too_short_params = too_short_params or {}
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        attrs["data-max-chars"] = str(self.max_chars)
        if self.min_chars:
            attrs["data-min-chars"] = str(self.min_chars)
        return attrs

    def to_python(self, value: Any) -> str:
        # Browsers send a line break as two characters (CRLF); the counter shows it as
        # one, so the server counts and stores it as one too.
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and len(value) < self.min_chars:
            raise forms.ValidationError(
                self.too_short,
                code="too_short",
                params={"count": _number(self.min_chars), **self.too_short_params},
            )
        if len(value) > self.max_chars:
            raise forms.ValidationError(
                _(
                    "The text has %(length)s characters, and at most %(limit)s fit. Shorten "
                    "it by %(excess)s characters: what you wrote is still here."
                ),
                code="max_length",
                params={
                    "length": _number(len(value)),
                    "limit": _number(self.max_chars),
                    "excess": _number(len(value) - self.max_chars),
                },
            )

    def limits_text(self) -> str:
        """The limits in words, for the help text."""
        if self.min_chars:
            return gettext("At least %(min)s and at most %(max)s characters.") % {
                "min": _number(self.min_chars),
                "max": _number(self.max_chars),
            }
        return gettext("At most %(max)s characters.") % {"max": _number(self.max_chars)}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's "Uploading multiple files").

    Returns the files as sent: each is checked in NominationForm.clean(), so that one
    refused file does not cost the others (nominations/attachments.py).
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": attachment_files.ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, (list, tuple)) else [data]
        return [f for f in files if f]
