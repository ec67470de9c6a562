"""Rate limits in the database cache (core/web/ratelimit.py): shared by every process."""

from django.conf import settings as django_settings
from django.core.cache.backends.db import DatabaseCache
from django.test import RequestFactory

from core.web import ratelimit


def request(ip="203.0.113.10", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_the_store_is_the_database():
    backend = django_settings.CACHES[ratelimit.ALIAS]["BACKEND"]
    assert backend == "django.core.cache.backends.db.DatabaseCache"


def test_two_connections_count_together(db, monkeypatch):
    # Two worker processes each open their own cache connection to the same table.
    location = django_settings.CACHES[ratelimit.ALIAS]["LOCATION"]
    first, second = DatabaseCache(location, {}), DatabaseCache(location, {})
    assert first is not second
    monkeypatch.setattr(ratelimit, "_cache", lambda: first)
    ratelimit.hit(request(), scope="test", window_seconds=60)
    ratelimit.hit(request(), scope="test", window_seconds=60)
    monkeypatch.setattr(ratelimit, "_cache", lambda: second)
    assert ratelimit.hit(request(), scope="test", window_seconds=60) == 3
    assert ratelimit.exceeded(request(), scope="test", limit=3)
    assert not ratelimit.exceeded(request("198.51.100.20"), scope="test", limit=1)


def test_the_limit_keys_on_the_client_behind_a_trusted_proxy(db, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.2"]
    ratelimit.hit(request("10.0.0.2", "203.0.113.10"), scope="test", window_seconds=60)
    assert ratelimit.exceeded(request("10.0.0.2", "203.0.113.10"), scope="test", limit=1)
    assert not ratelimit.exceeded(request("10.0.0.2", "198.51.100.20"), scope="test", limit=1)
    # A forged header from a client that is no proxy changes nothing.
    ratelimit.hit(request("192.0.2.1", "198.51.100.20"), scope="test", window_seconds=60)
    assert ratelimit.exceeded(request("192.0.2.1", "203.0.113.99"), scope="test", limit=1)
    assert not ratelimit.exceeded(request("10.0.0.2", "198.51.100.20"), scope="test", limit=1)


def test_an_expired_window_starts_again(db):
    ratelimit.hit(request(), scope="test", window_seconds=-1)  # already expired
    assert not ratelimit.exceeded(request(), scope="test", limit=1)
    assert ratelimit.hit(request(), scope="test", window_seconds=60) == 1
