"""The load balancer's health check: can this process reach the database and the cache?

`GET /healthz` answers 200 "ok" when both answer, and 503 naming which did not, so the
load balancer takes a machine out of rotation while its PostgreSQL or Redis connection
is down. The answer holds nothing else: no personal data, no version, no internals.
The view never touches the session, the user or the CSRF token, so it sets no cookie
and writes no session row, and it is exempt from the HTTPS redirect
(SECURE_REDIRECT_EXEMPT) for a load balancer that probes over plain HTTP. A method
other than GET or HEAD gets 405 (trygghetspris/middleware.py). Success is not logged
(the load balancer asks every few seconds); a failure is logged as a warning, with the
exception's class only.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

CACHE_KEY = "healthz"


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any failure means "not healthy"
        log.warning("health check: database unavailable (%s)", type(error).__name__)
        return False


def cache_answers() -> bool:
    # A write and a read, as the rate limit does. Every process writes the same value,
    # so processes checking at the same moment cannot fail each other.
    try:
        cache.set(CACHE_KEY, "ok", timeout=30)
        return cache.get(CACHE_KEY) == "ok"
    except Exception as error:  # any failure means "not healthy"
        log.warning("health check: cache unavailable (%s)", type(error).__name__)
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    failed = [
        name
        for name, check in (("database", database_answers), ("cache", cache_answers))
        if not check()
    ]
    if failed:
        return HttpResponse(
            f"unavailable: {', '.join(failed)}\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
