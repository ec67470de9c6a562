"""Whole-page cache for the public pages of a local government.

Public plan pages change only when the plan changes, and every plan write goes through a
service that bumps `LocalGovernment.content_revision`. The cache key holds that revision, so
a change makes every cached page of that local government stale at once, in every process,
with no explicit invalidation. Only anonymous GETs without pending messages are served from
or stored in the cache: signed-in users may see drafts, and a response that sets a cookie is
not stored. A page that also depends on a cookie (the help portal's display preference)
names it with `variant`: the variant's value is part of the key, and the page says
`Vary: Cookie`.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from core.tenancy import local_government_from_slug


def _cacheable(request) -> bool:
    if request.method != "GET" or request.user.is_authenticated:
        return False
    pending = getattr(request, "_messages", None)
    return not (pending is not None and len(pending))


def _key(local_government, request, variant: str = "") -> str:
    kind = "hx" if request.headers.get("HX-Request") else "page"
    path = request.get_full_path()
    digest = hashlib.sha256((f"{variant}\n{path}" if variant else path).encode()).hexdigest()[:32]
    return f"page:{local_government.pk}:{local_government.content_revision}:{kind}:{digest}"


def cache_public_page(view=None, *, variant: Callable | None = None):
    """Serve an anonymous GET of a view that takes `lg` from the cache when the local
    government's content has not changed since it was stored. `variant(request) -> str`,
    if given, names what else the page depends on (a few values read from a cookie: never
    the raw cookie)."""
    if view is None:
        return lambda view: _cached(view, variant)
    return _cached(view, variant)


def _cached(view, variant: Callable | None):
    @wraps(view)
    def wrapper(request, *args, lg: str, **kwargs):
        if not settings.TSUNAGU_PAGE_CACHE_SECONDS or not _cacheable(request):
            return view(request, *args, lg=lg, **kwargs)
        local_government = local_government_from_slug(request, lg)
        cache = caches["default"]
        key = _key(local_government, request, variant(request) if variant else "")
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            if variant:
                patch_vary_headers(response, ("Cookie",))
            response["X-Tsunagu-Cache"] = "hit"
            return response
        response = view(request, *args, lg=lg, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                settings.TSUNAGU_PAGE_CACHE_SECONDS,
            )
            response["X-Tsunagu-Cache"] = "miss"
        return response

    return wrapper
