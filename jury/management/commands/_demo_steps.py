"""The jury's part of a demo year, from screening to the decision, as staff and jury take it.

Shared by the demo's two prizes (load_demo_data.py, _culture_prize.py): every step goes
through the same domain functions as the real thing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from jury import basis, phases
from jury.appointments import appoint
from jury.models import BasisDocument, Decision, JuryMembership, JuryRole
from jury.scoring import assessment_criteria, save_score
from jury.voting import cast_vote
from nominations.models import Effort, PrizeYear, ScreeningStatus
from nominations.screening import screen_nomination
from trygghetspris.people import display_name


def screen_and_decide(
    prize_year: PrizeYear,
    *,
    clerk,
    chair,
    member,
    foredragande_title: str,
    pick: Callable[[list[Effort]], Effort | list[Effort]],
    motivation: str,
) -> Decision:
    """Every nomination passed, a chair and a member appointed until tomorrow (so the
    steps taken today count them), everything scored, the vote on `pick`'s effort (or
    efforts, one in each category) and the decision; the justering and what follows are
    the caller's."""
    passed = {
        c.key: (ScreeningStatus.PASSED, "") for c in prize_year.ordered_criteria() if c.is_mandatory
    }
    for nomination in prize_year.nominations.all():
        screen_nomination(nomination=nomination, verdicts=passed, by=clerk)
    tomorrow = timezone.localdate() + timedelta(days=1)
    appoint(prize_year=prize_year, user=chair, role=JuryRole.CHAIR, by=clerk, ends_on=tomorrow)
    appoint(
        prize_year=prize_year,
        user=member,
        role=JuryRole.MEMBER,
        by=clerk,
        decided_by=chair,
        decision_reference=f"Förordnande {prize_year.case_number}",
        ends_on=tomorrow,
    )
    memberships = list(JuryMembership.objects.filter(prize_year=prize_year))
    phases.open_scoring(prize_year=prize_year, by=clerk, without_deadlines_because="Demoåret.")
    efforts = list(prize_year.efforts.order_by("name"))
    for membership in memberships:
        for points, effort in enumerate(efforts):
            save_score(
                membership=membership,
                effort=effort,
                values={c.key: 5 - points for c in assessment_criteria(prize_year)},
                comment="",
            )
    phases.close_scoring(prize_year=prize_year, by=clerk)
    phases.open_vote(prize_year=prize_year, efforts=efforts, by=chair)
    # The documents worker's part: the basis frozen as the vote opened, made PDF/A.
    for document in BasisDocument.objects.filter(prize_year=prize_year, content=None):
        basis.render_basis.call(document_id=document.pk)
    basis.set_foredragande(
        prize_year=prize_year, name=display_name(clerk), title=foredragande_title, by=clerk
    )
    # One winner, or one in each category (jury/ballots.py).
    picked = pick(efforts)
    for membership in memberships:
        for winner in picked if isinstance(picked, list) else [picked]:
            cast_vote(membership=membership, effort=winner)
    return phases.decide(prize_year=prize_year, motivation=motivation, by=chair)
