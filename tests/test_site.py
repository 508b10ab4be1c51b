"""The frame around every page: footer, favicon and the description search engines show."""

import re
import warnings

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse

from tests.factories import trygghetspriset
from trygghetspris.middleware import StaticFilesMiddleware


def description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)


def test_footer_links_the_administrations_address(client, db):
    owner = trygghetspriset().owner
    owner.email = "trygghet@example.se"
    owner.save()
    html = client.get(reverse("nominations:history", args=["trygghetspriset"])).content.decode()
    assert '<a href="mailto:trygghet@example.se">trygghet@example.se</a>' in html


def test_favicon_address_leads_to_the_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico")


def test_pages_link_the_icon(client, db):
    html = client.get(reverse("nominations:prize", args=["trygghetspriset"])).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")


def test_main_public_pages_each_describe_themselves(client, prize_year):
    pages = {
        "home": [],
        "prize": ["trygghetspriset"],
        "nominate": ["trygghetspriset"],
        "history": ["trygghetspriset"],
        "privacy": [],
        "accessibility": [],
    }
    descriptions = {
        name: description(client.get(reverse(f"nominations:{name}", args=args)).content.decode())
        for name, args in pages.items()
    }
    names = pages
    assert len(set(descriptions.values())) == len(names)
    assert "vinnare" in descriptions["history"] and "2012" in descriptions["history"]


def test_other_pages_have_the_sites_description(client, db):
    html = client.get(reverse("jury:login")).content.decode()
    assert description(html).startswith("Stadens priser: nominera en insats")


def test_jury_start_page_does_not_mark_the_public_home_as_current(client, outsider):
    from tests.factories import log_in_verified

    # The jury's start page is also named "home", in the jury's namespace.
    log_in_verified(client, outsider)
    html = client.get(reverse("jury:home")).content.decode()
    assert "Du är inte utsedd" in html
    assert 'aria-current="page">Start</a>' not in html


def test_public_home_is_marked_as_current(client, prize_year):
    html = client.get(reverse("nominations:home")).content.decode()
    assert 'aria-current="page">Start</a>' in html


def test_static_files_come_from_the_sources_without_a_build_or_a_warning(settings, tmp_path, rf):
    # No collectstatic has run (STATIC_MANIFEST off): nothing to warn about at start-up.
    settings.STATIC_ROOT = tmp_path / "never-built"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        middleware = StaticFilesMiddleware(lambda request: HttpResponse("no file"))
    response = middleware(rf.get("/static/favicon.svg"))
    assert b"".join(response.streaming_content).startswith(b"<svg")
