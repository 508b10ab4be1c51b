"""The documentation's links: the README is the front door, docs/ and bench/ the rooms.

A page moved or a heading renamed must not leave a link that leads nowhere, on GitHub
or in a checkout, so every relative link is followed here as a reader would.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def prose(page: Path) -> str:
    """The page without its code blocks and code spans, where brackets are not links."""
    return CODE_SPAN.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))


def relative_links(page: Path) -> list[str]:
    return [
        target
        for target in LINK.findall(prose(page))
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target)  # https:, mailto: and the like
    ]


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation dropped,
    spaces as hyphens, and "-1", "-2" after a repeated one."""
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *#*$", FENCE.sub("", page.read_text()), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_in_documentation_lead_to_existing_files(page):
    missing = [
        target
        for target in relative_links(page)
        if not (page.parent / target.partition("#")[0]).exists()
    ]
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_links_to_a_heading_in_documentation_name_an_existing_heading(page):
    missing = []
    for target in relative_links(page):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path) if path else page
        if anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            missing.append(target)
    assert missing == []


def test_readme_links_every_documentation_page():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in relative_links(README)}
    assert {page.resolve() for page in PAGES if page != README} <= linked
