"""Real-browser fixtures: Playwright driving Debian's Chromium, never a downloaded one."""

import os
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API keeps an event loop running in this thread; the Django
# ORM calls the tests make between browser steps are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def assert_accessible(axe: Axe, page: Page) -> None:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        + ")"
        for v in results.response["violations"]
    ]
    assert violations == [], f"axe found WCAG 2.1 A/AA violations on {page.url}:\n" + "\n".join(
        violations
    )
