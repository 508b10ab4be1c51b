from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Nomination


def send_receipt(*, nomination_id: int, language: str) -> None:
    """Confirm a stored nomination to the nominator, quoting its reference number."""
    nomination = Nomination.objects.select_related("prize_year").get(pk=nomination_id)
    with translation.override(language):
        context = {
            "nomination": nomination,
            "organisations": list(nomination.organisations.values_list("name", flat=True)),
            "site_url": settings.SITE_URL,
        }
        send_mail(
            subject=_("Your nomination for Trygghetspriset %(year)s (%(reference)s)")
            % {"year": nomination.prize_year.year, "reference": nomination.reference},
            message=render_to_string("nominations/email/receipt.txt", context),
            from_email=None,
            recipient_list=[nomination.nominator_email],
        )
