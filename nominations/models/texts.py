"""The Swedish or the English of a text the administration entered in both languages."""

from django.conf import settings
from django.utils import translation


def _english_page() -> bool:
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("en")


def in_language(swedish: str, english: str) -> str:
    """The English text on English pages when there is one, else the Swedish."""
    return english if _english_page() and english else swedish


def fallback_lang(english: str) -> str:
    """ "sv" when an English page shows the Swedish text because the English is empty."""
    return "sv" if _english_page() and not english else ""
