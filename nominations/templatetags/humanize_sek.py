from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sek(amount: int) -> str:
    """50000 → "50 000 kr", grouped with a no-break space as Swedish writes it."""
    grouped = f"{amount:,}".replace(",", "\N{NO-BREAK SPACE}")
    return _("SEK %(amount)s") % {"amount": grouped}
