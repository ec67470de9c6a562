"""The OpenAPI schema's answers besides 200 (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS;
docs/api.md, "Errors").

Every operation of the API can answer 400 (a query value that cannot be read, a parameter
given twice or empty, a NUL in the query string), 404 (no such local government or record,
or a path that matches nothing under /api/) and 429 (throttled); one that needs a signed-in
user answers 403 to the others. Every one of them is JSON (DRF's answers, and
core.web.errors for what Django refuses before a view), so the schema says so here, in one
place, rather than on each view.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import AllowAny

from core.web.pagination import max_page_size
from core.web.params import range_text

DETAIL = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}
# A 400 names each parameter that is wrong with its messages ({"limit": ["…"]}); one that
# is refused before any parameter is read (a NUL in the query string) has a `detail`.
BAD_REQUEST = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}


JSON = "application/json"


def _json(schema: dict, description, example: dict | None = None, media_types=(JSON,)) -> dict:
    content: dict = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {
        "description": str(description),
        "content": {media_type: dict(content) for media_type in media_types},
    }


def error_responses(*, signed_in_only: bool, media_types=(JSON,)) -> dict[str, dict]:
    """The error answers of an operation; `media_types`: those of its renderers (DRF answers
    an error in the first, core.web.errors in JSON)."""
    responses = {
        "400": _json(
            BAD_REQUEST,
            _(
                "クエリの値が読めません（整数でない、範囲外、空、同じ名前が2回など）。"
                "パラメータごとに、何が正しくないかを日本語で返します。"
            ),
            {"limit": [range_text(1, max_page_size())]},
            media_types,
        ),
        "404": _json(
            DETAIL,
            _("自治体、記録、またはパスが見つかりません（公開されていないものを含みます）。"),
            media_types=media_types,
        ),
        "429": _json(
            DETAIL,
            _("要求が多すぎます。Retry-After の秒数の後に再び試してください。"),
            media_types=media_types,
        ),
    }
    if signed_in_only:
        responses["403"] = _json(
            DETAIL,
            _("サインインしていないか、この API を使える役割ではありません。"),
            media_types=media_types,
        )
    return responses


class TsunaguAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the error answers every operation can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        public = all(isinstance(permission, AllowAny) for permission in self.view.get_permissions())
        media_types = list(dict.fromkeys([*self.map_renderers("media_type"), JSON]))
        errors = error_responses(signed_in_only=not public, media_types=media_types)
        for code, response in errors.items():
            responses.setdefault(code, response)
        return responses
