"""The public addresses from before prizes were data, kept as redirects.

Links in e-mails already sent, bookmarks and other sites point at /nominera/,
/tidigare-vinnare/2022/ and the like. Each leads, permanently, to the same page of the
prize named by settings.LEGACY_PRIZE_SLUG (Trygghetspriset). A POST keeps its method
and body (308), so a form opened before the change is still received. The open data's
old files (/oppna-data/vinnare.json, .csv and the feed) lead to Trygghetspriset's data
sets, readable from any site as the data itself is.
"""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from .prizes import legacy_prize


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


# Nothing is read or changed here; the page redirected to checks the token itself.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def to_prize_page(request: HttpRequest, *, name: str, **kwargs) -> HttpResponsePermanentRedirect:
    return to(_prize_url(request, name, kwargs), method=request.method)


@require_safe
def to_prize_data(request: HttpRequest, *, name: str) -> HttpResponsePermanentRedirect:
    response = to(_prize_url(request, name, {}), method=request.method)
    # A browser reading the data from another site follows the redirect only if it too
    # allows any origin, as the data set it leads to does (nominations/open_data_views.py).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _prize_url(request: HttpRequest, name: str, kwargs: dict) -> str:
    """The same page of the prize of the old addresses, with the query string kept."""
    url = reverse(f"nominations:{name}", kwargs={"prize": legacy_prize().slug, **kwargs})
    if query := request.META.get("QUERY_STRING"):
        url = f"{url}?{query}"
    return url


def to(url: str, *, method: str) -> HttpResponsePermanentRedirect:
    """Permanently elsewhere: 301 for a GET, 308 (method and body kept) for the rest."""
    if method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(url)
    return PermanentRedirectKeepingMethod(url)
