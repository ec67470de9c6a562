"""The caches: per process and in the database by default (nothing to run), or one Redis that
every application server shares (settings.TSUNAGU_REDIS_URL; docs/deploy.md "Redis",
docs/adr/0014-logs-health-and-shared-cache.md).

With Redis, three things move there:
- the public page cache ("default"): one cached page serves every server, and a change of
  content (the key holds the revision) expires it everywhere at once as before;
- the rate limits ("ratelimit", core/web/ratelimit.py) and the API throttles (DRF, "default"):
  counted once for all servers, with Redis' atomic increment;
- the sessions (SESSION_ENGINE cached_db): read from Redis, written through to the database,
  so that an eviction or a restart of Redis signs nobody out.
Sign-in throttling (django-axes) stays in the database with the audit log it feeds (ADR 8).
"""

# Seconds to wait for Redis. When it does not answer, a read is a miss and a write is lost
# (IGNORE_EXCEPTIONS; each is logged): pages are rendered, sessions read from the database,
# rate limits do not count until it is back. Readiness reports it (core/web/health.py).
REDIS_SOCKET_TIMEOUT = 2


def redis_caches(url: str) -> dict:
    """CACHES for a shared Redis at `url` (redis://host:port/db, rediss:// for TLS)."""
    options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "SOCKET_CONNECT_TIMEOUT": REDIS_SOCKET_TIMEOUT,
        "SOCKET_TIMEOUT": REDIS_SOCKET_TIMEOUT,
        "IGNORE_EXCEPTIONS": True,
    }
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "tsunagu",
            "OPTIONS": options,
        },
        "ratelimit": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "tsunagu-rl",
            "OPTIONS": options,
        },
    }
