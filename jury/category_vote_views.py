"""The vote page of a year with categories: one vote in each category, each chosen and
confirmed on its own, as the one vote of a year without categories is (jury/views.py
`vote`, which hands a year with categories to this module). The rules are
jury/voting.py's; who takes part is the same for every category (jury/participation.py).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nominations.models import Effort, JuryPhase, PrizeCategory

from . import voting
from .errors import JuryError
from .forms import VoteForm
from .models import Decision, JuryMembership, Vote
from .participation import Juror, Participation


@dataclass
class Ballot:
    """One category on the juror's vote page."""

    category: PrizeCategory
    form: VoteForm
    own: Vote | None
    confirming: Effort | None
    # The category's count, shown once the juror has voted in every category.
    tally: list[tuple[Effort, int]]


def vote_in_categories(
    request: HttpRequest,
    membership: JuryMembership,
    count: Participation,
    juror: Juror | None,
    decision: Decision | None,
) -> HttpResponse:
    prize_year = membership.prize_year
    takes_part = juror is not None and juror.takes_part
    posted = request.POST.get("category") if request.method == "POST" else None
    chosen = next((c for c in count.categories if str(c.pk) == posted), None)
    if posted is not None and chosen is None:
        messages.error(request, _("Choose one of the year's categories to vote in."))
        return redirect("jury:vote", year=prize_year)
    ballots = []
    voted_everywhere = juror is not None and all(juror.vote_in(c) for c in count.categories)
    for category in count.categories:
        efforts = Effort.objects.filter(pk__in=[e.pk for e in count.shortlist_in(category)])
        if not takes_part:
            efforts = efforts.none()
        form = VoteForm(
            request.POST if category == chosen else None,
            efforts=efforts.order_by("name"),
            prefix=f"category-{category.pk}",
        )
        ballot = Ballot(
            category=category,
            form=form,
            own=juror.vote_in(category) if juror else None,
            confirming=None,
            tally=count.tally(category) if voted_everywhere else [],
        )
        if category == chosen and form.is_valid():
            if request.POST.get("confirm") != "yes":
                ballot.confirming = form.cleaned_data["effort"]
            else:
                try:
                    voting.cast_vote(membership=membership, effort=form.cleaned_data["effort"])
                except JuryError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Your vote in the category %(category)s is recorded.")
                        % {"category": category.name},
                    )
                    return redirect("jury:vote", year=prize_year)
        ballots.append(ballot)
    return render(
        request,
        "jury/vote_categories.html",
        {
            "membership": membership,
            "prize_year": prize_year,
            "ballots": ballots,
            "errors": [e for b in ballots for e in b.form.non_field_errors()],
            "voting_open": prize_year.jury_phase == JuryPhase.VOTING,
            "decision": decision,
            "juror": juror,
            "takes_part": takes_part,
        },
    )
