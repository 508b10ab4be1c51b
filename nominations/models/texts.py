"""The Swedish or the English of a text the administration entered in both languages."""

from django.conf import settings
from django.utils import translation


def is_english() -> bool:
    """Whether the page (or e-mail) is being written in English."""
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("en")


def in_language(swedish: str, english: str) -> str:
    """The English text on English pages when there is one, else the Swedish."""
    return english if is_english() and english else swedish


def fallback_lang(english: str) -> str:
    """ "sv" when an English page shows the Swedish text because the English is empty."""
    return "sv" if is_english() and not english else ""


def in_running_text(swedish: str, english: str = "") -> str:
    """A committee's or an administration's name in the middle of a sentence.

    Svenska skrivregler write a municipality's committees and administrations with a small
    letter in running text ("kontakta socialförvaltningen"), where the name standing alone
    (a letter's signature, a heading) has a capital. An abbreviation (SLK) keeps its
    capitals. An English page gives the English name with its article ("contact the Social
    Services Administration"), else the Swedish name as it is.
    """
    if is_english():
        if not english:
            return swedish
        return english if english.lower().startswith("the ") else f"the {english}"
    if len(swedish) > 1 and swedish[1].islower():
        return swedish[0].lower() + swedish[1:]
    return swedish


def genitive(name: str) -> str:
    """A Swedish name in the genitive: "Trygghetsprisets", "socialborgarrådets".

    A name that ends in s, x or z takes no further s (Svenska skrivregler):
    "Stockholms stads kulturpris händelselogg".
    """
    return name if not name or name[-1].lower() in "sxz" else f"{name}s"
