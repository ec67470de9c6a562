"""Error pages in Japanese, in the public layout.

No dead ends: an app may add help to the error pages of the paths it knows (the directory adds
the crisis lines, the general windows and the need buttons under /<lg>/…). core does not import
the apps (STYLE 2a): each registers a provider in its AppConfig.ready() with
`register_error_help`. A provider takes the request and returns HTML (or "" for nothing); a
provider that fails is logged and left out, so an error page never fails because of it.

The 500 page is rendered without the request context (the failure may be in what context
processors need: the database) and always shows the national emergency numbers 110 and 119,
which need nothing from the database.

Under /api/ the answer is JSON, never a page: {"detail": "…"} with the status, as DRF answers
inside a view (a path that matches no view, a query string refused before any view, a 500).
The OpenAPI schema documents these answers (core.web.schema)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

ErrorHelp = Callable[..., str]  # (request, *, status) -> HTML ("" for nothing)
_providers: list[ErrorHelp] = []


def register_error_help(provider: ErrorHelp) -> None:
    """Add help to error pages: `provider(request, status=404)` returns HTML or ""."""
    if provider not in _providers:
        _providers.append(provider)


def error_help(request, status: int) -> SafeString:
    """The HTML every provider adds for this request's error page; never raises."""
    parts = []
    for provider in list(_providers):
        try:
            html = provider(request, status=status)
        except Exception:  # an error page must not fail: leave this help out
            logger.exception("error help provider %r failed", provider)
            continue
        if html:
            parts.append(str(html))
    return mark_safe("".join(parts))


API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_error(status: int) -> JsonResponse:
    messages = {
        400: _("要求を読めません。"),
        403: _("この操作は許可されていません。"),
        404: _("見つかりません。"),
        500: _("サーバーで問題が起きました。"),
    }
    return JsonResponse({"detail": messages[status]}, status=status)


def _page(request, template: str, status: int):
    if _is_api(request):
        return _api_error(status)
    return render(request, template, {"error_help": error_help(request, status)}, status=status)


def bad_request(request, exception=None):
    return _page(request, "core/400.html", 400)


def permission_denied(request, exception=None):
    return _page(request, "core/403.html", 403)


def page_not_found(request, exception=None):
    return _page(request, "core/404.html", 404)


def server_error(request):
    if _is_api(request):
        try:
            return _api_error(500)
        except Exception:
            logger.exception("the API's 500 answer failed; sent without translation")
            return JsonResponse({"detail": "server error"}, status=500)
    # No request context: the failure may be in what context processors need (the database).
    template = loader.get_template("core/500.html")
    try:
        return HttpResponseServerError(template.render({"error_help": error_help(request, 500)}))
    except Exception:
        logger.exception("the 500 page failed with its help; rendered without it")
        return HttpResponseServerError(template.render({}))
