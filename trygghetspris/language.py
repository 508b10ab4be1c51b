"""The language switch, which needs no CSRF token.

The switch is on every page, so with a token every page carried the visitor's own
token and no public page could be the same for everyone (nominations/page_cache.py).
Choosing a language only sets the language cookie: it changes no data, and a forged
request could at worst show the site in the other language. Even that is refused: the
browser says where a request comes from (Sec-Fetch-Site, or failing that Origin, or
failing that Referer, which the site's same-origin referrer policy sends), and a
request that a browser says comes from elsewhere does not change the language. A
request that says nothing at all is no browser's cross-site request (every browser
sends Origin with a POST), so it is followed, as Django's own switch does.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language


def from_elsewhere(request: HttpRequest) -> bool:
    """Whether the browser says the request was sent from a page of another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site != "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return False
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return not _is_this_site(request, origin)


def _is_this_site(request: HttpRequest, origin: str) -> bool:
    return origin == f"{request.scheme}://{request.get_host()}" or (
        origin in settings.CSRF_TRUSTED_ORIGINS
    )


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, refused for a request a browser says comes from elsewhere."""
    if request.method == "POST" and from_elsewhere(request):
        return render(request, "language_refused.html", status=403)
    return django_set_language(request)
