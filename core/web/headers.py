"""Response headers that every page carries beside Django's own (docs/operations.md, "Headers").

- `Cache-Control: no-store` on every response to a signed-in user: their pages and downloads
  hold personal data (a job seeker's 前歴, seekers.csv) that no browser or proxy cache may keep
  after sign-out. Anonymous responses are left as the view made them, so the public page
  cache (core/web/pagecache.py, anonymous GETs only) and the browsers' caching of public
  pages are unchanged.
- `Permissions-Policy` from settings.TSUNAGU_PERMISSIONS_POLICY: the browser features the
  site never uses are switched off for it and anything it might embed; passkeys stay on for
  our own origin.

The Content-Security-Policy comes from django-csp (settings CONTENT_SECURITY_POLICY).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = "Permissions-Policy"


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's value: `camera=()`, `publickey-credentials-get=(self)` … ("self" is a
    keyword, any other origin is quoted)."""

    def allow(origin: str) -> str:
        return origin if origin in ("self", "*") else f'"{origin}"'

    return ", ".join(
        f"{feature}=({' '.join(allow(origin) for origin in origins)})"
        for feature, origins in features.items()
    )


def signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class SecurityHeadersMiddleware:
    """Adds `Cache-Control: no-store` for signed-in users and the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # request.user is read after the view: a sign-in makes the answer to its own POST
        # private, a sign-out leaves the next public page cacheable.
        if signed_in(request):
            add_never_cache_headers(response)
        if PERMISSIONS_POLICY not in response:
            response[PERMISSIONS_POLICY] = permissions_policy(settings.TSUNAGU_PERMISSIONS_POLICY)
        return response
