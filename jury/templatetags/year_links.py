"""The admin's start page leads straight to the years under way."""

from django import template

from nominations.models import PrizeYear

register = template.Library()


@register.simple_tag
def years_under_way() -> list[PrizeYear]:
    """Years whose prize is not yet awarded, the latest first; a year being set up too."""
    years = PrizeYear.objects.filter(
        announced_at__isnull=True, historical_winner=""
    ).select_related("prize")
    return [year for year in years.order_by("-year") if not year.ended_outside()]
