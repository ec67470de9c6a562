"""Numbers that come from the query string or a posted list: the one place that turns them
into ints (docs/operations.md, "Limits").

`str.isdigit()` accepts '²' and '١٢', which `int()` refuses or reads as Arabic-Indic digits,
and a 30-digit number overflows the database; so a number here is ASCII digits only, of a
bounded length, within a range. Pages treat a bad value as absent (they show the default);
the API answers 400 with `ParamError`'s message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

MAX_ID = 999_999_999  # as core.web.converters: a longer number is no row's id (and overflows SQL)
MAX_DIGITS = 18  # below 2**63: fits every integer column
_INTEGER = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)


class ParamError(ValueError):
    """A query parameter that is not a number in range; `message` says so (translated)."""

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def is_digits(text: str) -> bool:
    """Whether `text` is one or more ASCII digits (what `isdigit()` should have meant)."""
    return bool(text) and text.isascii() and text.isdigit()


def parse_int(text: str, *, minimum: int | None = 0, maximum: int | None = None) -> int | None:
    """The integer written in `text` in ASCII digits (a leading '-' allowed when `minimum` is
    below 0), within [minimum, maximum]; None when it is anything else."""
    if not isinstance(text, str) or not _INTEGER.fullmatch(text):
        return None
    number = int(text)
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def range_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return _("%(min)s以上%(max)s以下の整数にしてください。") % {
            "min": f"{minimum:,}",
            "max": f"{maximum:,}",
        }
    if minimum is not None:
        return _("%(min)s以上の整数にしてください。") % {"min": f"{minimum:,}"}
    return _("整数にしてください。")


def int_param(
    query: Mapping[str, str],
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = 0,
    maximum: int | None = None,
    strict: bool = False,
) -> int | None:
    """The integer query[name]: `default` when it is absent or empty; when it is not an
    integer in range, `default` too, or ParamError when `strict` (the API)."""
    text = query.get(name, "")
    if text is None or text == "":
        return default
    number = parse_int(text.strip(), minimum=minimum, maximum=maximum)
    if number is None:
        if strict:
            raise ParamError(name, range_text(minimum, maximum))
        return default
    return number


def id_param(query: Mapping[str, str], name: str, *, strict: bool = False) -> int | None:
    """A row id from query[name] (1 to MAX_ID), or None."""
    return int_param(query, name, minimum=1, maximum=MAX_ID, strict=strict)


def is_id(value) -> bool:
    """Whether `value` (a str or an int) can be a row's id."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 1 <= value <= MAX_ID
    return parse_int(str(value), minimum=1, maximum=MAX_ID) is not None


def id_list(values: Iterable[str], *, limit: int = 10_000) -> list[int]:
    """The row ids among posted values (checkboxes), in order, without repeats; anything else
    is left out, and so is everything after the first `limit` values."""
    ids: dict[int, None] = {}
    for position, value in enumerate(values):
        if position >= limit:
            break
        number = parse_int(value, minimum=1, maximum=MAX_ID)
        if number is not None:
            ids[number] = None
    return list(ids)


def bool_param(query: Mapping[str, str], name: str, *, strict: bool = False) -> bool | None:
    """true/false (or 1/0) from query[name]; None when absent; ParamError when `strict` and
    it is something else."""
    text = (query.get(name) or "").strip().lower()
    if not text:
        return None
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    if strict:
        raise ParamError(name, _("true か false にしてください。"))
    return None


class QueryStringGuardMiddleware:
    """Refuses (400) a query string that holds a NUL character: PostgreSQL can neither store
    nor compare one (a search for "a%00b" was a 500), and no page has a use for it. Under
    /api/ it also refuses a parameter given more than once (`?limit=1&limit=500`): every API
    parameter takes one value, and which copy a view read would be a guess."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            raise BadRequest("NUL in the query string")
        if request.path.startswith("/api/") and any(
            len(values) > 1 for _name, values in request.GET.lists()
        ):
            raise BadRequest("a query parameter given more than once")
        return self.get_response(request)
