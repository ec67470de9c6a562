"""The employer application's rate limit (employment/employers/apply_views.py) counts in the
database cache shared by every worker process, per client address behind trusted proxies."""

from django.core.cache.backends.db import DatabaseCache
from django.test import Client

from core.web import ratelimit
from employment.employers.apply_views import APPLICATIONS_PER_HOUR
from employment.models import Employer
from employment.tests.employers.helpers import application, apply_url

PROXY = "10.0.0.2"


def post(client, city, number, **extra):
    return client.post(apply_url(city), application(name=f"事業所{number}（架空）"), **extra)


def test_another_process_sees_the_same_count(city, settings, monkeypatch):
    # Each "process" gets its own connection to the cache table; the counts are one.
    location = settings.CACHES[ratelimit.ALIAS]["LOCATION"]
    processes = [DatabaseCache(location, {}), DatabaseCache(location, {})]
    for number in range(APPLICATIONS_PER_HOUR):
        monkeypatch.setattr(ratelimit, "_cache", lambda cache=processes[number % 2]: cache)
        assert post(Client(), city, number).status_code == 302
    monkeypatch.setattr(ratelimit, "_cache", lambda: processes[1])
    assert post(Client(), city, 99).status_code == 429
    assert Employer.objects.count() == APPLICATIONS_PER_HOUR


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, city, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = [PROXY]
    for number in range(APPLICATIONS_PER_HOUR):
        post(client, city, number, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")
    refused = post(client, city, 98, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert refused.status_code == 429
    other = post(client, city, 99, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.status_code == 302


def test_a_forged_header_from_a_client_does_not_reset_its_limit(client, city, settings):
    settings.TSUNAGU_TRUSTED_PROXIES = [PROXY]
    for number in range(APPLICATIONS_PER_HOUR):
        post(
            client,
            city,
            number,
            REMOTE_ADDR="203.0.113.10",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    refused = post(
        client, city, 99, REMOTE_ADDR="203.0.113.10", HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert refused.status_code == 429
