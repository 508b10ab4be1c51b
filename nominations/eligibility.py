"""Who may be nominated, and by whom: each prize's rules, on the call and at screening.

A prize says (nominations/models/prizes.py) whether someone may nominate an effort they
take part in themselves, and who cannot be nominated: the year's jury, the
administration's own staff for work done in their job, last year's winner. The call
page lists the rules, the public form asks about self-nomination where the prize does
not allow it, and screening gets the findings of each rule with a reason.

A finding is a warning for the screener to weigh, never a refusal on its own: names are
matched as words, and only a person can tell a juror from a namesake or work done in
the job from work done in free time. The screener who agrees sets the nomination aside
under the rule (set_aside_under_rule), through screening's own setting aside, so the
reason and the audit entry are those of every other nomination set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Nomination, Prize, PrizeYear
from .screening import ScreeningError, set_aside

WORD = re.compile(r"\w+")


class Rule(models.TextChoices):
    """A rule a prize may have about who nominates and who is nominated."""

    # Each label finishes "Cannot be nominated: …", the reason of a nomination set aside.
    SELF_NOMINATION = "self_nomination", _("nominated by someone who takes part in the effort")
    JURY_MEMBER = "jury_member", _("a member of the year's jury")
    OWN_STAFF = "own_staff", _("the administration's own staff, for work done in their job")
    LAST_WINNER = "last_winner", _("last year's winner")


def rules(*, prize: Prize) -> list[Rule]:
    """The prize's rules, in the order the call and the screening list them."""
    return [
        rule
        for rule, applies in (
            (Rule.SELF_NOMINATION, not prize.self_nomination_allowed),
            (Rule.JURY_MEMBER, prize.excludes_jury_members),
            (Rule.OWN_STAFF, prize.excludes_own_staff),
            (Rule.LAST_WINNER, prize.excludes_last_winner),
        )
        if applies
    ]


def asks_self_nomination(*, prize: Prize | None) -> bool:
    """Whether the nomination form asks if the nominator takes part in the effort."""
    return prize is not None and not prize.self_nomination_allowed


@dataclass(frozen=True)
class CallRules:
    """The rules as the call page says them, in the reader's language."""

    excluded: list[str]
    self_nomination_allowed: bool

    @property
    def has_rules(self) -> bool:
        return bool(self.excluded) or not self.self_nomination_allowed


def on_the_call(*, prize: Prize) -> CallRules:
    """Who cannot be nominated, as short sentences for the call page and the form."""
    texts = {
        Rule.JURY_MEMBER: lambda: gettext("Members of this year's jury."),
        Rule.OWN_STAFF: lambda: (
            gettext("Staff of %(administration)s, for work done in their job.")
            % {"administration": prize.owner.localized_administration}
        ),
        Rule.LAST_WINNER: lambda: gettext("Last year's winner."),
    }
    return CallRules(
        excluded=[texts[rule]() for rule in rules(prize=prize) if rule in texts],
        self_nomination_allowed=prize.self_nomination_allowed,
    )


@dataclass(frozen=True)
class Finding:
    """What screening found under one rule, and why."""

    rule: Rule
    reason: str

    @property
    def title(self) -> str:
        return str(self.rule.label)


@dataclass
class YearFacts:
    """What the rules compare a nomination with: read once per year, not per nomination."""

    prize: Prize
    rules: list[Rule]
    jurors: list[str] = field(default_factory=list)
    # (year, name) of the previous year's winners.
    last_winners: list[tuple[int, str]] = field(default_factory=list)
    staff_domains: list[str] = field(default_factory=list)


def year_facts(*, prize_year: PrizeYear) -> YearFacts:
    prize = Prize.objects.select_related("owner").get(pk=prize_year.prize_id)
    facts = YearFacts(prize=prize, rules=rules(prize=prize))
    if Rule.JURY_MEMBER in facts.rules:
        # The reverse relation of jury.JuryMembership: the ground floor does not import
        # the jury app. An ended appointment no longer bars anyone.
        memberships = prize_year.jury_memberships.filter(ended_at__isnull=True)
        names = (m.user.get_full_name() for m in memberships.select_related("user"))
        facts.jurors = sorted({name for name in names if name.strip()})
    if Rule.LAST_WINNER in facts.rules:
        previous = (
            PrizeYear.objects.filter(prize_id=prize_year.prize_id, year__lt=prize_year.year)
            .order_by("-year")
            .first()
        )
        if previous is not None:
            facts.last_winners = [(previous.year, name) for name in _winner_names(previous)]
    if Rule.OWN_STAFF in facts.rules:
        owner = prize.owner
        domains = owner.staff_email_domains.split() or [owner.email.rpartition("@")[2]]
        facts.staff_domains = [d.strip().lstrip("@").casefold() for d in domains if d.strip()]
    return facts


def _winner_names(prize_year: PrizeYear) -> list[str]:
    """The year's winner as decided (announced or not) or as the historical record has it."""
    if prize_year.historical_winner:
        return [prize_year.historical_winner]
    # The decision of record once made (the committee's where one decides): every winner
    # of a shared prize, and none when the prize was not awarded (jury/awards.py).
    record = prize_year.outcome_of_record
    return [effort.name for effort in record.winners] if record is not None else []


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.casefold() for word in WORD.findall(text))


def _mentions(text: str, name: str) -> bool:
    """The name's words, in order and whole, somewhere in the text.

    "Anna Berg" and the genitive "Anna Bergs", but not "Anna Bergman".
    """
    words, wanted = _words(text), _words(name)
    if not wanted:
        return False
    *first, last = wanted
    return any(
        list(words[i : i + len(first)]) == first and words[i + len(first)] in (last, last + "s")
        for i in range(len(words) - len(wanted) + 1)
    )


def exclusion_findings(*, nomination: Nomination, facts: YearFacts | None = None) -> list[Finding]:
    """What each of the prize's rules finds in the nomination, with the reason.

    facts: the year's facts when the caller holds them (a list of many nominations).
    """
    facts = facts or year_facts(prize_year=nomination.prize_year)
    findings: list[Finding] = []
    organisations = [org.name for org in nomination.organisations.all()]
    if Rule.SELF_NOMINATION in facts.rules and nomination.self_nominated:
        findings.append(
            Finding(
                Rule.SELF_NOMINATION,
                gettext(
                    "The nominator answered that they take part in the effort themselves, "
                    "and the prize does not allow that."
                ),
            )
        )
    if Rule.JURY_MEMBER in facts.rules:
        places = [
            (gettext("the name of the effort"), [nomination.effort_name]),
            (gettext("the collaborating organisations"), organisations),
            (
                gettext("the nominator's texts"),
                [nomination.description, *(a.text for a in nomination.answers.all())],
            ),
        ]
        for juror in facts.jurors:
            where = [label for label, texts in places if any(_mentions(t, juror) for t in texts)]
            if where:
                findings.append(
                    Finding(
                        Rule.JURY_MEMBER,
                        gettext(
                            "“%(name)s”, who is on the jury for %(year)s, is named in %(where)s."
                        )
                        % {
                            "name": juror,
                            "year": nomination.prize_year.year,
                            "where": ", ".join(where),
                        },
                    )
                )
    if Rule.OWN_STAFF in facts.rules:
        findings += _own_staff_findings(nomination, organisations, facts)
    if Rule.LAST_WINNER in facts.rules:
        names = {nomination.effort_name, nomination.effort.name}
        for year, winner in facts.last_winners:
            if any(_mentions(name, winner) or _mentions(winner, name) for name in names):
                findings.append(
                    Finding(
                        Rule.LAST_WINNER,
                        gettext(
                            "The name of the effort is like that of “%(winner)s”, "
                            "the winner of %(year)s."
                        )
                        % {"winner": winner, "year": year},
                    )
                )
    return findings


def _own_staff_findings(
    nomination: Nomination, organisations: list[str], facts: YearFacts
) -> list[Finding]:
    findings = []
    domain = nomination.nominator_email.rpartition("@")[2].casefold()
    staff_domain = next(
        (d for d in facts.staff_domains if domain == d or domain.endswith("." + d)), None
    )
    if domain and staff_domain:
        findings.append(
            Finding(
                Rule.OWN_STAFF,
                gettext(
                    "The nominator's e-mail address is in the staff's domain (%(domain)s). "
                    "Check whether the effort is work done in their job."
                )
                % {"domain": staff_domain},
            )
        )
    administration = facts.prize.owner.administration
    named = [name for name in organisations if _mentions(name, administration)]
    if named:
        findings.append(
            Finding(
                Rule.OWN_STAFF,
                gettext(
                    "%(administration)s is one of the collaborating organisations "
                    "(“%(names)s”). Check whether the effort is work the staff do in their job."
                )
                % {"administration": administration, "names": "”, ”".join(named)},
            )
        )
    return findings


class EligibilityError(ScreeningError):
    """The nomination cannot be set aside under the rule; the message says why."""


@transaction.atomic
def set_aside_under_rule(*, nomination: Nomination, rule: str, note: str = "", by) -> Nomination:
    """Set the nomination aside because one of the prize's rules excludes it.

    The reason names the rule and what screening found, in Swedish as every record is
    (whatever the screener's screen language), followed by the screener's own note.
    Without a finding the note must say what shows that the rule applies.
    """
    prize = Prize.objects.get(pk=nomination.prize_year.prize_id)
    if rule not in rules(prize=prize):
        raise EligibilityError(
            gettext("%(prize)s has no such rule about who may be nominated.")
            % {"prize": prize.localized_name}
        )
    note = note.strip()
    with translation.override(settings.LANGUAGE_CODE):
        found = [f for f in exclusion_findings(nomination=nomination) if f.rule == rule]
        if not found and not note:
            raise EligibilityError(
                gettext(
                    "Screening found nothing under this rule. Write what shows that it applies."
                )
            )
        reason = " ".join(
            [
                gettext("Cannot be nominated: %(rule)s.") % {"rule": Rule(rule).label},
                *(f.reason for f in found),
                note,
            ]
        ).strip()
    # Screening's own setting aside, with its lock of the year, refusals and audit entry.
    return set_aside(nomination=nomination, reason=reason, by=by)
