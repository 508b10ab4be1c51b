"""Who may see what in the jury area: one helper per kind of object."""

import logging
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from nominations.models import Effort

from .models import JuryMembership, JuryRole

log = logging.getLogger(__name__)


def jury_view(view: Callable) -> Callable:
    """Require a two-factor login and an appointment in force for the URL's year.

    The view receives the membership instead of the year. A year the user is not
    appointed to answers 404, so the jury area reveals nothing of other years.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, year: int, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_authenticated and request.user.is_verified()):
            return redirect_to_login(request.get_full_path())
        membership = get_membership(user=request.user, year=year)
        return view(request, membership, *args, **kwargs)

    return wrapper


def chair_view(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, membership: JuryMembership, *args, **kwargs):
        if membership.role != JuryRole.CHAIR:
            log.warning("jury access refused: account %s is not the chair", membership.user_id)
            raise Http404
        return view(request, membership, *args, **kwargs)

    return jury_view(wrapper)


def get_membership(*, user, year: int) -> JuryMembership:
    membership = (
        JuryMembership.objects.active()
        .select_related("prize_year", "user")
        .filter(user=user, prize_year__year=year)
        .first()
    )
    if membership is None:
        log.warning("jury access refused: account %s has no appointment for %s", user.pk, year)
        raise Http404
    return membership


def get_effort(*, membership: JuryMembership, effort_id: int) -> Effort:
    """An eligible effort of the membership's year; anything else is 404."""
    return get_object_or_404(
        Effort.objects.eligible(), pk=effort_id, prize_year=membership.prize_year
    )
