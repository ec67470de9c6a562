"""Rate limits shared by every worker process: counters in Django's database cache (the
"ratelimit" alias in settings.CACHES, a table made by `manage.py createcachetable`), or in the
shared Redis when REDIS_URL is set (core/caching.py).

A limit counts per scope and client address (core.web.client.client_ip, the same address
throttling and the audit log use) in a fixed window that starts with the first counted hit.
The database cache's increment is a read and a write: two processes counting at the same
instant may lose one hit, which a limit of a few per hour tolerates (ADR 0008)."""

from django.core.cache import caches

from core.web.client import client_ip

ALIAS = "ratelimit"


def _cache():
    return caches[ALIAS]


def _key(scope: str, request) -> str:
    return f"rl:{scope}:{client_ip(request) or 'unknown'}"


def exceeded(request, *, scope: str, limit: int) -> bool:
    """Whether this address has used up `limit` hits of `scope` in the current window."""
    return (_cache().get(_key(scope, request)) or 0) >= limit


def hit(request, *, scope: str, window_seconds: int) -> int:
    """Count one hit of `scope` for this address; return the count in the window."""
    cache = _cache()
    key = _key(scope, request)
    if cache.add(key, 1, window_seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window_seconds)
        return 1
