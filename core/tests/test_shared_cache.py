"""A shared Redis for the page cache, the rate limits and the sessions (core/caching.py).

Needs Redis at 127.0.0.1:6379 (Debian's redis-server); it uses database 15 and empties it.
Skipped where Redis is not running, failed under CI=true."""

import os

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_PREFIX
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from core.caching import redis_caches
from core.roles import Role
from core.tests.test_settings import PRODUCTION_ENV, run_manage
from core.web import ratelimit

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        message = "Redis is not running at 127.0.0.1:6379 (sudo apt-get install -y redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"under CI=true, {message}")
        pytest.skip(message)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def shared(settings, redis_client):
    settings.CACHES = redis_caches(REDIS_URL)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return redis_client


def _keys(client, prefix):
    return [key.decode() for key in client.keys(f"{prefix}*")]


def test_a_public_page_is_cached_in_redis_for_every_server(client, city, shared):
    url = reverse("plans:overview", kwargs={"lg": city.lg.slug})
    assert client.get(url)["X-Tsunagu-Cache"] == "miss"
    assert _keys(shared, f"tsunagu:1:page:{city.lg.pk}:")
    # another server: its own connection to the same Redis
    caches["default"].close()
    assert client.get(url)["X-Tsunagu-Cache"] == "hit"


def test_rate_limits_count_in_redis_and_expire(db, shared):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    assert ratelimit.hit(request, scope="test", window_seconds=60) == 1
    assert ratelimit.hit(request, scope="test", window_seconds=60) == 2
    (key,) = _keys(shared, "tsunagu-rl:")
    assert int(shared.get(key)) == 2
    assert 0 < shared.ttl(key) <= 60  # the increment keeps the window's expiry
    assert ratelimit.exceeded(request, scope="test", limit=2)


def test_a_session_is_kept_in_redis_and_in_the_database(client, city, shared):
    from django.contrib.sessions.models import Session

    client.force_login(city.users[Role.SECRETARIAT])
    session_key = client.session.session_key
    assert _keys(shared, f"tsunagu:1:{SESSION_PREFIX}{session_key}")
    assert Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("staff:home")).status_code == 200


def test_readiness_checks_redis(client, db, shared):
    response = client.get(reverse("portal:ready"), REMOTE_ADDR="127.0.0.1")
    assert response.json()["checks"]["cache:default"] == "ok"


def _last_line(output: str) -> list[str]:
    # Django's shell first says how many objects it imported
    return output.strip().splitlines()[-1].split() if output.strip() else []


def test_redis_url_switches_the_settings():
    probe = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['ratelimit']['BACKEND'], "
        "settings.SESSION_ENGINE)"
    )
    shared = run_manage("shell", "-c", probe, env={**PRODUCTION_ENV, "REDIS_URL": REDIS_URL})
    embedded = run_manage("shell", "-c", probe, env=PRODUCTION_ENV)
    assert _last_line(shared.stdout) == [
        "django_redis.cache.RedisCache",
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ], shared.stderr
    assert _last_line(embedded.stdout) == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
    ], embedded.stderr
