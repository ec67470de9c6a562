"""The API's paging: ?limit= and ?offset= with a bounded page size (docs/api.md).

DRF's LimitOffsetPagination turns a bad value into the default and a huge limit into the
maximum without saying so, and an out-of-range number used to reach the database; here a
limit or offset that is not an integer in range is a 400 naming the range, and the range is
in the OpenAPI schema (the 400 answer: core.web.schema). Every /api/v1/ list uses it (settings REST_FRAMEWORK); the HSDS API
keeps the specification's page/per_page (directory.api) with the same bound and parser.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from core.web.params import MAX_ID, ParamError, int_param

MAX_OFFSET = MAX_ID


def max_page_size() -> int:
    return settings.TSUNAGU_API_MAX_PAGE_SIZE


def reject_empty(request, *names: str) -> None:
    """A 400 for each of `names` that the query string gives with no value (`?pillar=`): a
    typed filter of the API is either absent or a value (a text search may be empty)."""
    empty = {
        name: [str(_("値が空です。指定しないか、値を入れてください。"))]
        for name in names
        if name in request.query_params and not request.query_params[name].strip()
    }
    if empty:
        raise ValidationError(empty)


def api_param(parse, request, name: str, **options):
    """A query parameter of an API request read by a core.web.params function (`int_param`,
    `bool_param`, …) in strict mode, or a 400 with its message (an empty value too)."""
    reject_empty(request, name)
    try:
        return parse(request.query_params, name, strict=True, **options)
    except ParamError as error:
        raise ValidationError({error.name: [error.message]}) from None


def query_int(request, name: str, *, default: int | None, minimum: int, maximum: int):
    """An integer query parameter of an API request, or a 400 naming the allowed range."""
    return api_param(int_param, request, name, default=default, minimum=minimum, maximum=maximum)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """?limit=1…TSUNAGU_API_MAX_PAGE_SIZE (default PAGE_SIZE), ?offset=0…999,999,999."""

    @property
    def max_limit(self) -> int:
        return max_page_size()

    def get_limit(self, request) -> int:
        return query_int(
            request,
            self.limit_query_param,
            default=min(self.default_limit, self.max_limit),
            minimum=1,
            maximum=self.max_limit,
        )

    def get_offset(self, request) -> int:
        return query_int(request, self.offset_query_param, default=0, minimum=0, maximum=MAX_OFFSET)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        "1ページの件数（既定 %(default)s、最大 %(max)s）。範囲外や整数でない値は"
                        "400 になります。"
                    )
                    % {"default": self.default_limit, "max": self.max_limit}
                ),
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_limit,
                    "default": self.default_limit,
                },
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": str(
                    _("先頭から飛ばす件数（0から %(max)s まで）。") % {"max": f"{MAX_OFFSET:,}"}
                ),
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            },
        ]
