"""The admin's start page leads straight to the years under way."""

from django import template

from nominations.models import PrizeYear

register = template.Library()


@register.simple_tag
def years_under_way() -> list[PrizeYear]:
    """Years with a window whose prize is not yet awarded, the latest first."""
    years = PrizeYear.objects.with_window().filter(announced_at__isnull=True, historical_winner="")
    return [year for year in years.order_by("-year") if not year.ended_outside()]
