"""Who may see what in the jury area: one helper per kind of object."""

import logging
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from nominations.models import Attachment, Effort, Nomination

from . import conflicts
from .models import JuryMembership, JuryRole
from .urls_keys import YearKey

log = logging.getLogger(__name__)


def jury_view(view: Callable) -> Callable:
    """Require a two-factor login and an appointment in force for the URL's year.

    The view receives the membership instead of the year. A year the user is not
    appointed to answers 404, so the jury area reveals nothing of other years.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, year: YearKey, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_authenticated and request.user.is_verified()):
            return redirect_to_login(request.get_full_path())
        membership = get_membership(user=request.user, prize=year.prize, year=year.year)
        return view(request, membership, *args, **kwargs)

    return wrapper


def chair_view(view: Callable) -> Callable:
    """The chair's pages: the chair, and the member named to lead in the chair's place.

    What each of them may do there is the domain's to refuse (participation.leader).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, membership: JuryMembership, *args, **kwargs):
        if membership.role != JuryRole.CHAIR and not membership.deputy:
            log.warning("jury access refused: account %s is not the chair", membership.user_id)
            raise Http404
        return view(request, membership, *args, **kwargs)

    return jury_view(wrapper)


def get_membership(*, user, prize: str, year: int) -> JuryMembership:
    """The user's appointment in force for the prize's year (by its slug), else 404."""
    membership = (
        JuryMembership.objects.active()
        .select_related("prize_year__prize__owner", "user")
        .filter(user=user, prize_year__prize__slug=prize, prize_year__year=year)
        .first()
    )
    if membership is None:
        log.warning(
            "jury access refused: account %s has no appointment for %s %s", user.pk, prize, year
        )
        raise Http404
    return membership


def get_effort(*, membership: JuryMembership, effort_id: int) -> Effort:
    """An eligible effort of the membership's year; anything else is 404."""
    return get_object_or_404(
        Effort.objects.eligible(), pk=effort_id, prize_year=membership.prize_year
    )


def get_attachment(*, user, attachment_id) -> Attachment:
    """An attached file the user may open; 404 for anyone else, so nothing is revealed.

    Staff of the administration who may read nominations open every file. A juror
    opens the files of the nominations the jury reads (eligible effort, not withdrawn)
    of a year they are appointed to, unless they have declared a conflict of interest
    (jäv) on the effort: then they take no part in it. A file removed under a
    retention rule is gone for everyone.
    """
    attachment = (
        Attachment.objects.kept()
        .select_related("nomination__effort", "nomination__prize_year")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None or not (user.is_authenticated and user.is_verified()):
        raise Http404
    if user.is_staff and user.has_perm("nominations.view_nomination"):
        return attachment
    nomination = attachment.nomination
    membership = (
        JuryMembership.objects.active().filter(user=user, prize_year=nomination.prize_year).first()
    )
    read_by_the_jury = (
        Nomination.objects.not_withdrawn().filter(pk=nomination.pk).exists()
        and Effort.objects.eligible().filter(pk=nomination.effort_id).exists()
    )
    if (
        membership is None
        or not read_by_the_jury
        or conflicts.has_conflict(membership=membership, effort=nomination.effort)
    ):
        log.warning("attachment refused: account %s may not open %s", user.pk, attachment.pk)
        raise Http404
    return attachment
