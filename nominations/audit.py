"""Reading the audit trail: an entry's recorded changes as lines a person can read.

The audit trail itself (AuditEntry, AuditAction) is in nominations/models/records.py;
every entry is written by the domain function that makes the change.
"""

from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import (
    Criterion,
    Nomination,
    ScreeningStatus,
)

# What the keys in AuditEntry.changes stand for: a model field gives its label and
# its choices; the rest are named here. The trail holds entries of both apps.
CHANGE_FIELDS = {
    "role": ("jury", "JuryMembership", "role"),
    "ends_on": ("jury", "JuryMembership", "ends_on"),
    "ended_at": ("jury", "JuryMembership", "ended_at"),
    "channel": ("nominations", "Nomination", "channel"),
    "received_at": ("nominations", "Nomination", "submitted_at"),
    "data_kind": ("nominations", "RetentionRule", "data_kind"),
    "decided_on": ("nominations", "RetentionRule", "decided_on"),
    "period_days": ("nominations", "RetentionRule", "period_days"),
    "reference": ("nominations", "RetentionRule", "reference"),
    "opens_at": ("nominations", "PrizeYear", "opens_at"),
    "closes_at": ("nominations", "PrizeYear", "closes_at"),
    "prize_amount": ("nominations", "PrizeYear", "prize_amount"),
    "conference_date": ("nominations", "PrizeYear", "conference_date"),
    "scoring_deadline": ("nominations", "PrizeYear", "scoring_deadline"),
    "vote_deadline": ("nominations", "PrizeYear", "vote_deadline"),
    "jury_phase": ("nominations", "PrizeYear", "jury_phase"),
    "case_number": ("nominations", "PrizeYear", "case_number"),
}
CHANGE_LABELS = {
    "before": gettext_lazy("before"),
    "after": gettext_lazy("after"),
    "count": gettext_lazy("number"),
    "years": gettext_lazy("prize years"),
    "year": gettext_lazy("prize year"),
    "window": gettext_lazy("nomination window"),
    "user": gettext_lazy("account"),
    "nomination": gettext_lazy("nomination"),
    "nominations": gettext_lazy("nominations"),
    "effort": gettext_lazy("effort (number)"),
    "efforts": gettext_lazy("efforts (numbers)"),
    "reasons": gettext_lazy("reasons"),
    "awarded_on": gettext_lazy("prize awarded"),
    "contact_details": gettext_lazy("with contact details"),
    "fields": gettext_lazy("fields"),
    "scores": gettext_lazy("scores"),
    "votes": gettext_lazy("votes"),
    "conflicts": gettext_lazy("conflicts of interest"),
    "version": gettext_lazy("earlier version kept"),
    "screening_reset": gettext_lazy("sent back to screening"),
    "criteria": gettext_lazy("criteria"),
    "added": gettext_lazy("added"),
    "changed": gettext_lazy("changed"),
    "removed": gettext_lazy("removed"),
    "sha256": gettext_lazy("SHA-256"),
    "document": gettext_lazy("document (number)"),
    "kind": gettext_lazy("kind of document"),
    "format": gettext_lazy("format"),
}


def _change_field(key: str):
    where = CHANGE_FIELDS.get(key)
    if where is None:
        return None
    try:
        return apps.get_model(where[0], where[1])._meta.get_field(where[2])
    except (LookupError, FieldDoesNotExist):
        return None


def _criterion_named(key: str) -> Criterion | None:
    """The latest criterion with this key: screening's entries name criteria by key."""
    return Criterion.objects.filter(key=key).order_by("-prize_year__year").first()


def _change_label(key: str) -> str:
    field = _change_field(key)
    if field is not None:
        return str(field.verbose_name)
    if key in CHANGE_LABELS:
        return str(CHANGE_LABELS[key])
    criterion = _criterion_named(key)
    return criterion.localized_title if criterion else key.replace("_", " ")


def _change_value(key: str, value) -> str:
    """One value of an audit entry's changes, as a person reads it (Stockholm time)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dict):
        return "; ".join(f"{label}: {text}" for label, text in _ordered_lines(value))
    if isinstance(value, list):
        if key == "fields":
            value = [_change_label_of_nomination_field(name) for name in value]
        return ", ".join(_change_value(key, item) for item in value)
    field = _change_field(key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is None and value in ScreeningStatus.values and _criterion_named(key):
        # A verdict of screening, under the criterion's key.
        return str(ScreeningStatus(value).label)
    if isinstance(value, str):
        try:
            if len(value) > 10 and "T" in value:
                return date_format(
                    timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT"
                )
            if len(value) == 10:
                return date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            pass
    return str(value)


def _change_label_of_nomination_field(name: str) -> str:
    try:
        field = Nomination._meta.get_field(name)
    except FieldDoesNotExist:
        # An answer to a criterion, named by the criterion's key.
        criterion = _criterion_named(name)
        return criterion.localized_title if criterion else name
    if field.auto_created and not field.concrete:
        # A relation such as the organisations, named by the related model.
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


# PostgreSQL's jsonb keeps keys in its own order, so the display sets one: "before"
# ahead of "after", everything else by its label.
_FIRST_KEYS = {"before": 0, "after": 1}


def _ordered_lines(changes: dict) -> list[tuple[str, str]]:
    lines = [(key, _change_label(key), _change_value(key, value)) for key, value in changes.items()]
    lines.sort(key=lambda line: (_FIRST_KEYS.get(line[0], 2), str(line[1])))
    return [(label, text) for _key, label, text in lines]


def readable_changes(changes: dict) -> list[tuple[str, str]]:
    """An audit entry's changes as (what, value) lines, "before" and "after" as their own."""
    return _ordered_lines(changes)
