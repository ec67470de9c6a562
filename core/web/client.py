"""The client's address, behind a reverse proxy or not.

`REMOTE_ADDR` is the client unless it is one of the trusted proxies
(settings.TSUNAGU_TRUSTED_PROXIES: addresses or networks, e.g. "127.0.0.1,10.0.0.0/8"). Only
then is `X-Forwarded-For` read, from the right: the right-most hop that is not a trusted proxy
is the client. A client cannot forge its address by sending the header itself, because its
own connection (not a trusted proxy) is then the answer. Throttling, rate limits and the audit
log all take the address from here.
"""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in proxies)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def from_trusted_proxy(request) -> bool:
    """Whether the request's own connection comes from one of the trusted proxies (so that the
    headers the proxy sets, X-Forwarded-For and X-Request-ID, may be believed)."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    networks = _networks(tuple(settings.TSUNAGU_TRUSTED_PROXIES))
    return remote is not None and bool(networks) and _trusted(remote, networks)


def client_ip(request) -> str | None:
    """The address of the client that sent `request` (None if unknown)."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.TSUNAGU_TRUSTED_PROXIES))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A malformed hop after the trusted ones: the proxy's own address is all we know.
            return str(remote)
        if not _trusted(address, networks):
            return str(address)
    # Every hop is a trusted proxy (a request from inside): the left-most one is the client.
    return str(_parse(hops[0])) if hops else str(remote)
