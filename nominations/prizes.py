"""The prize the addresses from before prizes were data belong to.

Every page, e-mail and document is of one prize (nominations/models/prizes.py). The
addresses the public and the jury used before an installation ran several prizes
(/nominera/, /tidigare-vinnare/2022/, /jury/2026/ …) are kept: they lead to the prize
named by settings.LEGACY_PRIZE_SLUG, Trygghetspriset.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from .models import Prize


def legacy_prize() -> Prize:
    """The prize of the old addresses; 404 if it has been given another address."""
    try:
        return Prize.objects.select_related("owner").get(slug=settings.LEGACY_PRIZE_SLUG)
    except Prize.DoesNotExist:
        raise Http404("no such prize") from None
