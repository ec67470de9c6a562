"""The API's throttles (settings REST_FRAMEWORK, docs/operations.md "Headers and limits").

DRF's AnonRateThrottle and UserRateThrottle with two changes:
- an anonymous client is known by `core.web.client.client_ip`, the same address that sign-in
  throttling and the audit log use (behind the reverse proxy every client would otherwise
  share the proxy's address, or forge its own in X-Forwarded-For);
- the rate is read from settings.TSUNAGU_API_THROTTLE_RATES when a request comes, not once at
  import, so that a deployment's (and a test's) setting is the one that holds.

The counts live in the default cache: per process with the local-memory cache, so with N
worker processes a client gets up to N times the rate; a shared cache (Redis, memcached)
makes it exact.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from core.web.client import client_ip


class _Rates:
    scope: str

    def get_rate(self):
        return settings.TSUNAGU_API_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonThrottle(_Rates, AnonRateThrottle):
    """Anonymous API clients, by address: settings.TSUNAGU_API_THROTTLE_RATES["anon"]."""


class UserThrottle(_Rates, UserRateThrottle):
    """Signed-in API clients, by user (by address when anonymous: then AnonThrottle counts
    too): settings.TSUNAGU_API_THROTTLE_RATES["user"]."""
