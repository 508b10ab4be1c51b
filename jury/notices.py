"""E-mails that tell jurors the jury's work has moved on, or that concerns them.

Queued in the step's own transaction (nominations/outbox.py), so a notice goes out
exactly when the step stands: scoring opened, the vote opened, a juror named
justerare, a justering undone by a reservation.
"""

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from nominations.models import MailKind, PrizeYear
from nominations.outbox import queue_mail

from .models import JuryMembership


class Notice:
    SCORING_OPENED = "scoring_opened"
    VOTE_OPENED = "vote_opened"
    JUSTERARE_NAMED = "justerare_named"
    CHECK_UNDONE = "check_undone"


def _subject(notice: str, prize_year) -> str:
    return {
        Notice.SCORING_OPENED: _("%(prize)s %(year)s: the jury's scoring is open"),
        Notice.VOTE_OPENED: _("%(prize)s %(year)s: the vote is open"),
        Notice.JUSTERARE_NAMED: _("%(prize)s %(year)s: you are named checker (justerare)"),
        Notice.CHECK_UNDONE: _("%(prize)s %(year)s: check the decision again"),
    }[notice] % {"prize": prize_year.prize.name, "year": prize_year.year}


def _proposal_subject(notice: str, prize_year: PrizeYear) -> str | None:
    """Where a committee decides, the jury checks its proposal, not a decision."""
    if notice != Notice.CHECK_UNDONE or not prize_year.prize.committee_decides:
        return None
    return _("%(prize)s %(year)s: check the jury's proposal again") % {
        "prize": prize_year.prize.name,
        "year": prize_year.year,
    }


def notify(
    *,
    notice: str,
    prize_year: PrizeYear,
    memberships: Iterable[JuryMembership],
    extra: dict | None = None,
) -> int:
    """Queue one notice to each juror named; returns how many were queued."""
    sent = 0
    # Jurors read the jury area in Swedish unless they switch; the e-mail follows the site.
    with translation.override(settings.LANGUAGE_CODE):
        url = settings.SITE_URL.rstrip("/") + reverse("jury:dashboard", args=[prize_year])
        for membership in memberships:
            if not membership.user.email:
                continue
            context = {
                "notice": notice,
                "membership": membership,
                "prize_year": prize_year,
                "url": url,
                **(extra or {}),
            }
            queue_mail(
                kind=MailKind.JURY_NOTICE,
                subject=_proposal_subject(notice, prize_year) or _subject(notice, prize_year),
                body=render_to_string("jury/email/notice.txt", context),
                recipients=[membership.user.email],
            )
            sent += 1
    return sent
