"""Which period of an indicator a statistics value counts for, when the series and the
indicator count their periods differently (a calendar year 年 against a fiscal year 年度).

A count over a calendar year (January to December) lies across two fiscal years: no fiscal
year holds it, and it is read with its own period as before (the pages name both kinds).
A value stated *as at a date* is a snapshot and belongs to the period that holds that date:
熊本市の保護司数 of 表5 is counted 「各年1月末現在」, so the 291 of January 2020 is the figure
of 令和元年度 (年度 2019), which is how 資料編 4 gives it as the baseline of 2019.

The date is read from the value's note (「1月末現在」「4月1日現在」), else from the series'
note when it says the date holds for every year (「各年1月末現在」)."""

from __future__ import annotations

import re
import unicodedata

from core.periods import PeriodKind

FIRST_MONTH_OF_FISCAL_YEAR = 4
_VALUE_AS_OF = re.compile(r"(\d{1,2})月(?:末|初|\d{1,2}日)現在")  # i18n-data
_SERIES_AS_OF = re.compile(r"各年(\d{1,2})月(?:末|初|\d{1,2}日)現在")  # i18n-data


def _month(pattern: re.Pattern, text: str) -> int | None:
    match = pattern.search(unicodedata.normalize("NFKC", text or ""))
    if match is None:
        return None
    month = int(match.group(1))
    return month if 1 <= month <= 12 else None


def as_of_month(value_note: str, series_note: str) -> int | None:
    """The month of the date a value is stated at, or None for a count over its period."""
    month = _month(_VALUE_AS_OF, value_note)
    return month if month is not None else _month(_SERIES_AS_OF, series_note)


def indicator_period(
    period: int, *, series_kind: str, indicator_kind: str, month: int | None
) -> int:
    """The indicator's period for a value of `period` (of `series_kind`) stated at `month`:
    a snapshot taken in January to March of year Y falls in 年度 Y-1, and one taken in
    January to March of 年度 Y falls in year Y+1. Counts over a period keep it."""
    if month is None or series_kind == indicator_kind:
        return period
    early = month < FIRST_MONTH_OF_FISCAL_YEAR
    if series_kind == PeriodKind.CALENDAR_YEAR and indicator_kind == PeriodKind.FISCAL_YEAR:
        return period - 1 if early else period
    if series_kind == PeriodKind.FISCAL_YEAR and indicator_kind == PeriodKind.CALENDAR_YEAR:
        return period + 1 if early else period
    return period
