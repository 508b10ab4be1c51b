"""Phrases of the Django admin that our catalogue says in plainer Swedish.

Django's own Swedish says "Var god rätta felet nedan" and "Senaste Händelser"; the
city's klarspråk wants "Rätta felet nedan" and "Senaste händelser". Our catalogue is
read first (LOCALE_PATHS), so naming the admin's message ids here keeps them in
locale/sv when makemessages runs, with our wording. Nothing calls this module.
"""

from django.utils.translation import gettext_noop, ngettext


def _phrases() -> None:  # pragma: no cover - read by makemessages, never run
    ngettext("Please correct the error below.", "Please correct the errors below.", 1)
    gettext_noop("Recent actions")
    gettext_noop("My actions")
    gettext_noop("None available")
    gettext_noop("Your password was changed.")
