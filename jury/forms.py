from collections.abc import Sequence

from django import forms
from django.db.models import Case, When
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nominations.collation import queryset_in_swedish_order
from nominations.models import Criterion, Effort
from trygghetspris.people import display_name

from .awards import MIN_MENTION_LENGTH
from .models import JuryMembership

MIN_REASON_LENGTH = 10
# The largest id a database row can have (a 64-bit integer). A posted value that is not
# a whole number up to it is an invalid choice, never a query the database cannot run.
MAX_ID = 2**63 - 1


def _is_id(value) -> bool:
    return str(value).isdigit() and int(value) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for each in value:
            if not _is_id(each):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": each},
                )
        return super()._check_values(value)


MIN_MOTIVATION_LENGTH = 40


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you disqualified (jäv)?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy(
            "For example: you work for, sit on the board of, or are closely related to "
            "someone in one of the organisations."
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise forms.ValidationError(
                _("Describe the conflict in a sentence (at least %(count)s characters)."),
                params={"count": MIN_REASON_LENGTH},
            )
        return reason


class ScoreForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs) -> None:
        """criteria: the year's assessment criteria, in order."""
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {
            criterion.key: forms.TypedChoiceField(
                label=criterion.localized_title,
                help_text=criterion.localized_explanation,
                choices=criterion.scale_choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a score from 1 to 5."),
                    "invalid_choice": _("Choose a score from 1 to 5."),
                },
            )
            for criterion in self.criteria
        }
        # The criteria first, in the committee's order, then the comment.
        self.fields = {**scores, "comment": self.fields["comment"]}

    def values(self) -> dict[str, int]:
        """The scores by the criterion's key, as save_score takes them."""
        return {criterion.key: self.cleaned_data[criterion.key] for criterion in self.criteria}


class VoteForm(forms.Form):
    effort = IdChoiceField(
        label=gettext_lazy("Your vote"),
        queryset=Effort.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the effort you vote for.")},
    )

    def __init__(self, *args, efforts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effort"].queryset = efforts


class OpenVoteForm(forms.Form):
    efforts = IdsChoiceField(
        label=gettext_lazy("Shortlist"),
        queryset=Effort.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one effort for the shortlist.")},
    )

    def __init__(self, *args, ranked: Sequence, **kwargs) -> None:
        """ranked: the ranking's rows (jury/scoring.py), best first, shown in that order."""
        super().__init__(*args, **kwargs)
        order = Case(
            *[When(pk=row.pk, then=i) for i, row in enumerate(ranked)], default=len(ranked)
        )
        means = {row.pk: row.mean_total for row in ranked}
        field = self.fields["efforts"]
        field.queryset = Effort.objects.filter(pk__in=list(means)).order_by(order, "name")
        field.label_from_instance = lambda effort: (
            _("%(name)s (mean total %(mean)s)")
            % {"name": effort.name, "mean": floatformat(means[effort.pk], 1)}
            if means.get(effort.pk) is not None
            else _("%(name)s (not scored)") % {"name": effort.name}
        )


class CloseVoteForm(forms.Form):
    motivation = forms.CharField(
        label=gettext_lazy("The jury's motivation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=gettext_lazy("Printed in the decision and read out at the conference."),
    )
    casting_vote = IdChoiceField(
        label=gettext_lazy("The chair's casting vote"),
        queryset=Effort.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        required=False,
        help_text=gettext_lazy("The vote is tied: the chair decides between the tied efforts."),
    )

    def __init__(
        self, *args, tied: Sequence[Effort], own_votes: Sequence[Effort], seats: int = 1, **kwargs
    ) -> None:
        """tied: the efforts tied for the last place (of each category, in a year with
        categories); own_votes: the chair's own counted votes; seats: how many of the tied
        get a place (more than one in a shared prize, or with ties in several categories).

        When the chair's own vote is for one of the tied efforts, that vote takes a place
        and the chair chooses among the others for the places left, if any.
        """
        super().__init__(*args, **kwargs)
        self.left = seats - sum(1 for effort in own_votes if effort in tied)
        others = [e.pk for e in tied if e not in own_votes]
        if len(tied) > 1 and self.left > 1:
            # A shared prize with several places left for the tied: choose that many.
            self.fields["casting_vote"] = IdsChoiceField(
                label=gettext_lazy("The chair's casting vote"),
                queryset=Effort.objects.filter(pk__in=others),
                widget=forms.CheckboxSelectMultiple,
                help_text=_("The vote is tied: choose %(count)s of the tied efforts.")
                % {"count": self.left},
            )
        elif len(tied) > 1 and self.left == 1:
            self.fields["casting_vote"].queryset = Effort.objects.filter(pk__in=others)
            self.fields["casting_vote"].required = True
            self.fields["casting_vote"].error_messages["required"] = _(
                "The vote is tied: choose the winner with your casting vote."
            )
        else:
            del self.fields["casting_vote"]
        if "casting_vote" in self.fields and any(e.category_id for e in tied):
            # With ties in several categories, each effort says which one it is in.
            field = self.fields["casting_vote"]
            field.queryset = field.queryset.select_related("category")
            field.label_from_instance = lambda e: f"{e.name} ({e.category.name})"

    def clean_casting_vote(self):
        chosen = self.cleaned_data.get("casting_vote")
        if self.left > 1 and len(chosen or []) != self.left:
            raise forms.ValidationError(
                _("The vote is tied: choose %(count)s of the tied efforts."),
                params={"count": self.left},
            )
        return chosen

    def chosen(self) -> list[Effort]:
        """The casting vote as a list, for the confirmation page's hidden fields."""
        chosen = self.cleaned_data.get("casting_vote") if self.is_valid() else None
        if chosen is None:
            return []
        return [chosen] if isinstance(chosen, Effort) else list(chosen)

    def clean_motivation(self) -> str:
        motivation = self.cleaned_data["motivation"].strip()
        if len(motivation) < MIN_MOTIVATION_LENGTH:
            raise forms.ValidationError(
                _("Write the motivation in a few sentences (at least %(count)s characters)."),
                params={"count": MIN_MOTIVATION_LENGTH},
            )
        return motivation


class PhaseForm(forms.Form):
    """The chair's buttons that move the jury's work on."""

    STEPS = ("open_scoring", "close_scoring", "reopen_scoring")
    step = forms.ChoiceField(choices=[(step, step) for step in STEPS])


class QuestionForm(forms.Form):
    """The chair records that someone questions a juror's impartiality on an effort."""

    juror = IdChoiceField(
        label=gettext_lazy("Juror concerned"),
        queryset=JuryMembership.objects.none(),
        error_messages={"required": _("Choose the juror the question concerns.")},
    )
    effort = IdChoiceField(
        label=gettext_lazy("Effort"),
        queryset=Effort.objects.none(),
        error_messages={"required": _("Choose the effort the question concerns.")},
    )
    raised_by = forms.CharField(
        label=gettext_lazy("Raised by"),
        max_length=200,
        help_text=gettext_lazy("For example: a tip to the administration, or another juror."),
    )
    question = forms.CharField(
        label=gettext_lazy("The question"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What is said to make the juror partial?"),
    )

    def __init__(self, *args, members, efforts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = queryset_in_swedish_order(
            members.select_related("user"), key=lambda m: (m.user.last_name, m.user.first_name)
        )
        self.fields["juror"].label_from_instance = lambda m: m.display_name
        self.fields["effort"].queryset = efforts


class AnnounceForm(forms.Form):
    """Publishing the winner before the conference asks for the reason, which is recorded."""

    reason = forms.CharField(
        label=gettext_lazy("Why the winner is published before the conference"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RulingForm(forms.Form):
    """A juror's vote, with reasons, on whether the questioned juror is jävig."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Your vote"),
        choices=[
            ("disqualified", gettext_lazy("The juror is disqualified (jävig) for the effort")),
            ("not_disqualified", gettext_lazy("The juror is not disqualified")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the ruling.")},
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Printed in the decision document."),
    )

    def clean_reasons(self) -> str:
        reasons = self.cleaned_data["reasons"].strip()
        if len(reasons) < MIN_REASON_LENGTH:
            raise forms.ValidationError(
                _("Give the reasons in a sentence (at least %(count)s characters)."),
                params={"count": MIN_REASON_LENGTH},
            )
        return reasons


class ConcludeRulingForm(RulingForm):
    """The leader concludes the jury's ruling from the votes: the reasons alone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The outcome is the votes' to give, not the leader's to choose.
        del self.fields["outcome"]
        self.fields["reasons"].label = gettext_lazy("Reasons for the jury's ruling")


class JusterareForm(forms.Form):
    justerare = IdChoiceField(
        label=gettext_lazy("Checker (justerare)"),
        queryset=None,
        empty_label=gettext_lazy("Choose a juror"),
        help_text=gettext_lazy(
            "A juror other than you who checks with you that the decision is recorded as "
            "the jury decided it."
        ),
        error_messages={"required": gettext_lazy("Choose the juror who checks the decision.")},
    )

    def __init__(self, *args, candidates, **kwargs) -> None:
        """candidates: the users the chair may name (jury/justering.py: justerare_candidates)."""
        super().__init__(*args, **kwargs)
        field = self.fields["justerare"]
        field.queryset = candidates
        field.label_from_instance = lambda user: display_name(user)


class ReservationForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your reservation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=gettext_lazy(
            "Say what you dissent from and why. It is printed under your name in the decision."
        ),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < MIN_REASON_LENGTH:
            raise forms.ValidationError(
                _("Write your reservation in a sentence (at least %(count)s characters)."),
                params={"count": MIN_REASON_LENGTH},
            )
        return text


class ConfirmForm(forms.Form):
    """A button that takes no input: the form carries the CSRF check and the step."""


class NotAwardedForm(forms.Form):
    """The jury decides not to award the prize this year, and says why."""

    reason = forms.CharField(
        label=gettext_lazy("Why the jury does not award the prize"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=gettext_lazy(
            "Printed in the decision. Once it is announced, the public history shows it too."
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < MIN_MENTION_LENGTH:
            raise forms.ValidationError(
                _("Write the reason in a sentence or two (at least %(count)s characters)."),
                params={"count": MIN_MENTION_LENGTH},
            )
        return reason


class MentionForm(forms.Form):
    """An honourable mention (hedersomnämnande): an effort and the jury's motivation."""

    effort = IdChoiceField(
        label=gettext_lazy("Effort"),
        queryset=Effort.objects.none(),
        empty_label=gettext_lazy("Choose an effort"),
    )
    motivation = forms.CharField(
        label=gettext_lazy("Why the jury mentions it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=gettext_lazy("Printed in the decision and shown beside the winner."),
    )

    def __init__(self, *args, efforts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effort"].queryset = efforts

    def clean_motivation(self) -> str:
        motivation = self.cleaned_data["motivation"].strip()
        if len(motivation) < MIN_MENTION_LENGTH:
            raise forms.ValidationError(
                _("Write why the jury mentions the effort (at least %(count)s characters)."),
                params={"count": MIN_MENTION_LENGTH},
            )
        return motivation


class WithdrawMentionForm(forms.Form):
    mention = IdChoiceField(queryset=Effort.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, mentions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mention"].queryset = mentions
