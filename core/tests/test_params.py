"""core.web.params: numbers from the query string and posted lists are ASCII digits, bounded in
length and range; anything else is absent (pages) or a ParamError (the API)."""

import pytest

from core.web.params import (
    MAX_ID,
    ParamError,
    bool_param,
    id_list,
    id_param,
    int_param,
    is_digits,
    is_id,
    parse_int,
)


@pytest.mark.parametrize(
    "text", ["²", "١٢", "１２", "1" * 19, "9223372036854775808", "-1", "1.5", "0x1", "1e3", " ", ""]
)
def test_only_ascii_integers_in_range_are_numbers(text):
    assert parse_int(text) is None


def test_numbers_in_range():
    assert parse_int("0") == 0 and parse_int("007") == 7
    assert parse_int("-3", minimum=-5) == -3
    assert parse_int("10", maximum=9) is None and parse_int("4", minimum=5) is None
    assert parse_int("1" * 18, minimum=None) == int("1" * 18)


def test_int_param_gives_the_default_or_raises_when_strict():
    query = {"year": "²", "limit": "300", "ok": " 12 "}
    assert int_param(query, "year", default=2024) == 2024
    assert int_param(query, "missing", default=5) == 5
    assert int_param(query, "ok") == 12
    with pytest.raises(ParamError) as caught:
        int_param(query, "limit", minimum=1, maximum=200, strict=True)
    assert caught.value.name == "limit"
    assert caught.value.message == "1以上200以下の整数にしてください。"


def test_ids():
    assert id_param({"pk": "42"}, "pk") == 42
    assert id_param({"pk": "0"}, "pk") is None
    assert id_param({"pk": str(MAX_ID + 1)}, "pk") is None
    assert is_id(7) and is_id("7") and not is_id(True) and not is_id("٧") and not is_id(0)
    assert id_list(["3", "x", "²", "1" * 30, "3", "-1", "5"]) == [3, 5]
    assert id_list([str(n) for n in range(1, 100)], limit=3) == [1, 2, 3]


def test_booleans_and_digits():
    assert bool_param({"a": "TRUE"}, "a") is True and bool_param({"a": "0"}, "a") is False
    assert bool_param({}, "a") is None and bool_param({"a": "maybe"}, "a") is None
    with pytest.raises(ParamError, match="true か false"):
        bool_param({"a": "maybe"}, "a", strict=True)
    assert is_digits("0123") and not is_digits("") and not is_digits("²") and not is_digits("٣")
