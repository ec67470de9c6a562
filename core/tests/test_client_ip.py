"""The client's address behind a trusted proxy and without one (core/web/client.py)."""

import pytest
from django.test import RequestFactory

from core.web.client import client_ip


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxies_the_connection_is_the_client(settings):
    settings.TSUNAGU_TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"


def test_a_forged_header_from_an_untrusted_client_is_ignored(settings):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request("203.0.113.5", "198.51.100.7")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client(settings):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    # the client forged the first hop; the proxy appended the real address
    assert client_ip(_request("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_ip(_request("10.0.0.1", "203.0.113.5, 10.0.0.2")) == "203.0.113.5"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.5, garbage"])
def test_a_missing_or_malformed_header_falls_back_to_the_proxy(settings, forwarded):
    settings.TSUNAGU_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request("10.0.0.1", forwarded)) == "10.0.0.1"
