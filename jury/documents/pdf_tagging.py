"""A workaround for pydyf: the list of page references, built once instead of per use.

WeasyPrint's tagged PDF (weasyprint/pdf/tags.py) asks `pdf.page_references[n]` once per
tagged element, and its links and outline (anchors.py) once per destination. In pydyf
up to 0.13 that property builds the tuple of every page's reference anew at each use,
so writing a tagged document costs elements × pages: 29,237 uses × 607 pages for a
dossier of 300 efforts, about 40 % of its render, and growing with the square of the
dossier.

install() gives pydyf's PDF a page_references that keeps the tuple while the page
list stays the same length (pages are only ever added, by PDF.add_page), so every
answer is the one pydyf would give. It does so only for the versions known to have
the cost (AFFECTED_PYDYF, AFFECTED_WEASYPRINT); with any other version it does
nothing, and tests/jury/documents/test_pdf_tagging.py fails so that someone checks
whether the workaround is still needed, and drops it or widens the range.
"""

import pydyf
import weasyprint

# The newest versions known to rebuild the list at each use (checked against 0.13.0
# and 66.0). Version numbers as (major, minor).
AFFECTED_PYDYF = (0, 13)
AFFECTED_WEASYPRINT = (66, 0)

_ORIGINAL = pydyf.PDF.__dict__.get("page_references")


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:2] if part.isdigit())


def applies() -> bool:
    """Whether the installed pydyf and WeasyPrint are versions the workaround is for."""
    return (
        isinstance(_ORIGINAL, property)
        and _version(pydyf.__version__) <= AFFECTED_PYDYF
        and _version(weasyprint.__version__) <= AFFECTED_WEASYPRINT
    )


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's PDF.page_references, built again only when a page has been added."""
    kids = pdf.pages["Kids"]
    kept = pdf.__dict__.get("_page_references_kept")
    if kept is None or kept[0] != len(kids):
        kept = (len(kids), _ORIGINAL.fget(pdf))
        pdf.__dict__["_page_references_kept"] = kept
    return kept[1]


def install() -> bool:
    """Put the kept page references in place, if the installed versions need it."""
    if not applies():
        return False
    pydyf.PDF.page_references = property(_page_references, doc=_ORIGINAL.__doc__)
    return True


def is_installed() -> bool:
    return pydyf.PDF.__dict__.get("page_references") is not _ORIGINAL
