"""Sign-in throttling on django-axes (docs/adr/0008-login-throttling.md).

axes keeps one `AccessAttempt` row per user name, address and user agent in the database, so
every worker process counts the same failures. Tsunagu configures it (config/settings.py) to
lock the user name AND address together, and gives it the two callables below:

- `username_key`: the name as the login form's authenticate() sees it (NFKC, stripped,
  lower-case), so that "housing ", "ＨＯＵＳＩＮＧ" and "housing" share one counter;
- `cool_off`: progressive delays. Below LOGIN_FAILURE_LIMIT failures the failures of the last
  LOGIN_FAILURE_WINDOW_SECONDS count; from the limit on, the pair is locked for
  `delay_after(failures)` after its last failure (1 minute, doubling, at most an hour).

axes forgets a row when its expiry passes; `remember` sets that expiry to the end of the delay
plus the window, so a failure soon after a lock-out ends doubles the delay instead of starting
again from zero. One address spraying many names is refused by `address_is_locked` (axes has
one failure limit for all its lock-out parameters, so the generous per-address limit is a
query on axes' table here).
"""

import unicodedata
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from core.web.client import client_ip

KEY_ATTR = "tsunagu_throttle_username"


def normalize(username: str | None) -> str:
    """The counter's name for `username`: what authenticate() would look up, case folded."""
    return unicodedata.normalize("NFKC", username or "").strip().lower()[:150]


def username_key(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the normalized name from the credentials, else the one the
    sign-in service noted on the request, else the posted form's. Noted on the request for
    `cool_off`, which axes calls with the request only."""
    raw = None
    if credentials:
        raw = credentials.get("username")
    if raw is None and request is not None:
        raw = getattr(request, KEY_ATTR, None)
        if raw is None:
            raw = getattr(request, "POST", {}).get("username")
    key = normalize(raw)
    if request is not None:
        setattr(request, KEY_ATTR, key)
    return key


def window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def delay_after(failures: int) -> timedelta:
    """How long a user name and address stay locked after their `failures`-th failure."""
    limit = settings.LOGIN_FAILURE_LIMIT
    if failures < limit:
        return timedelta(0)
    doublings = min(failures - limit, 32)
    seconds = min(
        settings.LOGIN_LOCKOUT_BASE_SECONDS * 2**doublings, settings.LOGIN_LOCKOUT_MAX_SECONDS
    )
    return timedelta(seconds=seconds)


def _ip(request) -> str | None:
    return getattr(request, "axes_ip_address", None) or client_ip(request)


def _live(attempts):
    return attempts.filter(expiration__expires_at__gt=timezone.now())


def pair_failures(request, username: str) -> int:
    """The failures of this user name from this request's address that axes still remembers."""
    attempts = _live(
        AccessAttempt.objects.filter(username=normalize(username), ip_address=_ip(request))
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def cool_off(request) -> timedelta:
    """AXES_COOLOFF_TIME: how far back axes counts failures for this request's pair. Below the
    limit, the window; from the limit on, the progressive delay (the pair is locked while its
    last failure is more recent than that)."""
    if request is None:
        return window()
    failures = pair_failures(request, getattr(request, KEY_ATTR, "") or "")
    if failures < settings.LOGIN_FAILURE_LIMIT:
        return window()
    return delay_after(failures)


def pair_is_locked(request, username: str) -> bool:
    """Whether axes refuses this user name from this request's address (or the address is on
    AXES_IP_BLACKLIST)."""
    setattr(request, KEY_ATTR, normalize(username))
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def address_failures(request) -> int:
    """Failures from this request's address in the window, whatever the names."""
    ip_address = _ip(request)
    if not ip_address:
        return 0
    since = timezone.now() - window()
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_is_locked(request) -> bool:
    return address_failures(request) >= settings.LOGIN_FAILURE_IP_LIMIT


def record_failure(request, username: str) -> int:
    """Count one failure of `username` from this request's address; return the pair's count.
    A failure that authenticate() already reported to axes (its user_login_failed signal, in
    the password step) is not counted twice."""
    setattr(request, KEY_ATTR, normalize(username))
    AxesProxyHandler.update_request(request)
    if getattr(request, "axes_failures_since_start", None) is None:
        AxesProxyHandler.user_login_failed(__name__, {"username": username}, request)
    failures = pair_failures(request, username)
    remember(request, username, failures)
    return failures


def remember(request, username: str, failures: int) -> None:
    """Keep the pair's rows until its delay has passed and a window after it."""
    expires_at = timezone.now() + delay_after(failures) + window()
    AccessAttemptExpiration.objects.filter(
        access_attempt__username=normalize(username),
        access_attempt__ip_address=_ip(request),
        expires_at__lt=expires_at,
    ).update(expires_at=expires_at)


def addresses_attacking(username: str) -> int:
    """How many addresses failed to sign in as `username` in the window."""
    since = timezone.now() - window()
    return (
        AccessAttempt.objects.filter(username=normalize(username), attempt_time__gte=since)
        .values("ip_address")
        .distinct()
        .count()
    )
