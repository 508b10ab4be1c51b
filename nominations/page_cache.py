"""Whole public pages for anonymous visitors, kept by each process for what they show.

The home page and the empty nomination form are the same for every visitor who is not
logged in: they depend on the language, the page, and the state of the years they
show (PrizeYear.fingerprint and the window's state, worked out at each request's own
instant). So the whole page is rendered once per process for that state and served
as it is. The key holds the state, never a time to live: when a window opens or
closes, or the year is edited, the next request has a new key and sees the new page
at once.

Nothing personal is ever kept: a request that carries a session (a logged-in juror,
a message waiting) or a query string is rendered afresh and not kept. A page with a
form carries a CSRF token, which is the visitor's own: the page is kept with a
placeholder in its place, and each visitor's answer gets a fresh token of their own,
exactly as rendering the template would put it.

That token is Django's own (a secret kept in the CSRF cookie, and the secret masked
afresh for each page), drawn by visitor_token() from one read of the operating system's
random source instead of Django's 64 (one per character, through get_random_string),
which cost a visitor without a cookie more than the rest of the kept page.
"""

import os
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import translation

# Rendered where the template's {% csrf_token %} puts the token; random per process, so
# no text of a page can be mistaken for it.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


def is_anonymous_and_plain(request: HttpRequest) -> bool:
    """A GET with no session, no waiting message and no query string: nothing of its own."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def public_page(
    request: HttpRequest, *, state: tuple[str | None, ...], render: Callable[[dict], HttpResponse]
) -> HttpResponse:
    """The page for this state: kept if it may be, otherwise rendered by render(extra).

    render takes extra context to add to the page's own (the token's placeholder).
    state must hold everything the page shows besides its language and path.
    """
    if not settings.PUBLIC_PAGE_CACHE or not is_anonymous_and_plain(request):
        return render({})
    shown = ":".join(str(part) for part in state)
    key = f"page:{request.path}:{translation.get_language()}:{shown}"
    fragments = caches["fragments"]
    kept = fragments.get(key)
    if kept is None:
        response = render({"csrf_token": CSRF_PLACEHOLDER})
        if response.status_code != 200 or response.cookies or response.streaming:
            # Not a plain page: it is what this request gets, never kept.
            return _with_token(request, response)
        kept = (response.content, response["Content-Type"])
        fragments.set(key, kept, timeout=None)
    content, content_type = kept
    return _with_token(request, HttpResponse(content, content_type=content_type))


def _with_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The visitor's own CSRF token where the kept page has its placeholder."""
    if not response.streaming and _PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(
            _PLACEHOLDER_BYTES, visitor_token(request).encode()
        )
    return response


# A byte below this is a character, uniformly: 248 is the largest multiple of 62 in a byte.
_CHARS = len(CSRF_ALLOWED_CHARS)
_BELOW = 256 - 256 % _CHARS
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def _random_indices(count: int) -> list[int]:
    """count uniform indices into CSRF_ALLOWED_CHARS from os.urandom, as secrets.choice draws."""
    indices: list[int] = []
    while len(indices) < count:
        # About 3 % of bytes are refused; 16 spare ones nearly always suffice at once.
        indices += [byte % _CHARS for byte in os.urandom(count + 16) if byte < _BELOW]
    return indices[:count]


def visitor_token(request: HttpRequest) -> str:
    """django.middleware.csrf.get_token(request), with its randomness read at once.

    As get_token: the secret is the one in the visitor's CSRF cookie, or a new one that
    the CSRF middleware then sets as the cookie; the token is a fresh random mask and the
    secret enciphered with it (so the page's text differs at every answer, against
    BREACH), and the middleware checks it against the cookie as it checks its own.
    The two META keys are the ones get_token and CsrfViewMiddleware share; the tests
    (a token unmasks to the cookie and lets a nomination through) fail if Django's
    change.
    """
    secret = request.META.get("CSRF_COOKIE")
    indices = _random_indices(CSRF_SECRET_LENGTH if secret else 2 * CSRF_SECRET_LENGTH)
    if not secret:
        secret = "".join(CSRF_ALLOWED_CHARS[i] for i in indices[CSRF_SECRET_LENGTH:])
        request.META["CSRF_COOKIE"] = secret
    # Sent in the answer even if the visitor has it, to renew its expiry (as get_token).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = indices[:CSRF_SECRET_LENGTH]
    cipher = [
        CSRF_ALLOWED_CHARS[(_INDEX[char] + m) % _CHARS]
        for char, m in zip(secret, mask, strict=True)
    ]
    return "".join([CSRF_ALLOWED_CHARS[m] for m in mask] + cipher)
