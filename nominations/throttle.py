"""A fixed-window counter in the cache, to stop one address flooding the form."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        # The proxy appends the address it saw last; earlier entries are the client's to forge.
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def allow(*, key: str, limit: int, window_seconds: int, amount: int = 1) -> bool:
    """Count an attempt under key; False once more than limit fall in one window.

    amount is what the attempt counts for: 1 for a nomination, its size for bytes.
    """
    cache_key = f"throttle:{key}"
    # add() is atomic: only the first attempt in a window creates the counter.
    if cache.add(cache_key, amount, timeout=window_seconds):
        return amount <= limit
    try:
        count = cache.incr(cache_key, amount)
    except ValueError:
        # The counter expired between add() and incr(); this attempt opens a new window.
        cache.add(cache_key, amount, timeout=window_seconds)
        return amount <= limit
    return count <= limit
