"""Controls you can see: field borders of 3:1 (WCAG 1.4.11) and a strong focus ring (2.4.7).

Measured in the browser on the pages where people fill things in: the nomination form,
the scoring page and the vote page. The colours are read from the computed styles and
the contrast ratio worked out here, with WCAG's formula.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from jury import phases
from nominations.models import JuryPhase
from tests.browser.jury_login import log_in
from tests.factories import (
    close_window,
    make_eligible_nomination,
    make_juror,
    make_prize_year,
)
from tests.phases import bring_to_phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ("nomination_form", "scoring_page", "vote_page")
FIELDS = "input:not([type=hidden]), select, textarea"
WHITE = (255.0, 255.0, 255.0)

# The control's own colours and the first opaque background around it: that is what a
# border, and a focus ring drawn outside the control, are seen against.
DESCRIBE = """(el) => {
    const opaque = (c) => c !== "transparent" && !/^rgba\\(.*,\\s*0\\)$/.test(c);
    let node = el.parentElement;
    let background = "rgb(255, 255, 255)";
    for (; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        if (opaque(colour)) { background = colour; break; }
    }
    const style = getComputedStyle(el);
    return {
        what: `${el.tagName.toLowerCase()} ${el.type || ""} ${el.name || el.id || ""} `
            + (el.labels?.[0]?.textContent || el.textContent || "").trim().slice(0, 40),
        border: style.borderTopColor,
        borderWidth: parseFloat(style.borderTopWidth),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outline: style.outlineColor,
        background,
    };
}"""


def colour(css: str, under: tuple = WHITE) -> tuple:
    """An rgb()/rgba() colour as three channels, a translucent one laid over `under`."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(numbers[:3], under, strict=True))


def luminance(rgb: tuple) -> float:
    def linear(channel: float) -> float:
        channel /= 255
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = map(linear, rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    back = colour(background)
    lighter, darker = sorted((luminance(colour(foreground, back)), luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def faint_borders(page) -> list[str]:
    """Every visible field whose border is under 3:1 against what surrounds it."""
    faint = []
    for field in page.locator(FIELDS).all():
        if not field.is_visible():
            continue
        seen = field.evaluate(DESCRIBE)
        ratio = contrast(seen["border"], seen["background"])
        if seen["borderWidth"] < 1 or ratio < 3:
            faint.append(f"{seen['what']}: {seen['border']} on {seen['background']}, {ratio:.2f}")
    return faint


def weak_focus(page, limit: int = 200) -> tuple[int, list[str]]:
    """Tab through the whole page; every stop must show a ring of 3:1 or more.

    Returns how many stops there were, and the ones whose indicator is missing or faint.
    """
    weak, stops = [], 0
    page.locator("body").focus()
    for _step in range(limit):
        page.keyboard.press("Tab")
        seen = page.evaluate(
            f"""() => {{
                const el = document.activeElement;
                if (!el || el === document.body || el.dataset.focusSeen) return null;
                el.dataset.focusSeen = "yes";
                return ({DESCRIBE})(el);
            }}"""
        )
        if seen is None:
            break
        stops += 1
        ratio = contrast(seen["outline"], seen["background"])
        if seen["outlineStyle"] == "none" or seen["outlineWidth"] < 2 or ratio < 3:
            weak.append(
                f"{seen['what']}: {seen['outlineStyle']} {seen['outlineWidth']}px "
                f"{seen['outline']} on {seen['background']}, {ratio:.2f}"
            )
    return stops, weak


@pytest.fixture
def nomination_form(page, live_server, transactional_db):
    now = timezone.now()
    make_prize_year(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    page.goto(live_server.url + "/priser/trygghetspriset/nominera/")
    return page


@pytest.fixture
def jury(transactional_db):
    prize_year = close_window(make_prize_year())
    efforts = [
        make_eligible_nomination(prize_year, effort_name=name).effort
        for name in ("Nattvandring", "Läxhjälp")
    ]
    bring_to_phase(prize_year, JuryPhase.SCORING)
    chair = make_juror(prize_year, "chair", role="chair")
    return prize_year, efforts, chair, make_juror(prize_year, "juror")


@pytest.fixture
def scoring_page(page, live_server, jury):
    _prize_year, efforts, _chair, juror = jury
    path = f"/jury/trygghetspriset/2030/insats/{efforts[0].pk}/"
    log_in(page, live_server, juror, path=path)
    page.wait_for_url(live_server.url + path)
    page.get_by_role("radio").first.wait_for()
    return page


@pytest.fixture
def vote_page(page, live_server, jury):
    prize_year, efforts, chair, juror = jury
    phases.close_scoring(prize_year=prize_year, by=chair)
    phases.open_vote(prize_year=prize_year, efforts=efforts, by=chair)
    log_in(page, live_server, juror, path="/jury/trygghetspriset/2030/omrostning/")
    page.wait_for_url(live_server.url + "/jury/trygghetspriset/2030/omrostning/")
    page.get_by_role("radio").first.wait_for()
    return page


@pytest.mark.pdf
@pytest.mark.parametrize("where", PAGES)
def test_field_borders_contrast_3_to_1_with_the_background(where, request):
    page = request.getfixturevalue(where)
    assert page.locator(FIELDS).count() > 0
    assert faint_borders(page) == []


@pytest.mark.pdf
@pytest.mark.parametrize("where", PAGES)
def test_every_keyboard_stop_shows_a_strong_focus_ring(where, request):
    page = request.getfixturevalue(where)
    stops, weak = weak_focus(page)
    # Header links, the fields or options, and the buttons: far more than a handful.
    assert stops > 8
    assert weak == []
