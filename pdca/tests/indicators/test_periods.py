"""Which period of an indicator a statistics value counts for (pdca.indicators.periods)."""

import pytest

from pdca.indicators.periods import as_of_month, indicator_period

CAL, FY = "calendar_year", "fiscal_year"


@pytest.mark.parametrize(
    ("value_note", "series_note", "month"),
    [
        ("1月末現在", "", 1),
        ("１月末現在", "", 1),  # full-width digits, as a PDF prints them
        ("", "表5：各年1月末現在。", 1),
        ("令和2年4月1日現在", "各年1月末現在", 4),  # the value's own date wins
        ("", "平成28年〜31年は4月1日現在の数値", None),  # not said of every year
        ("", "", None),
        ("13月末現在", "", None),
    ],
)
def test_it_reads_the_date_a_value_is_stated_at(value_note, series_note, month):
    assert as_of_month(value_note, series_note) == month


@pytest.mark.parametrize(
    ("period", "series_kind", "indicator_kind", "month", "expected"),
    [
        (2020, CAL, FY, 1, 2019),  # 2020年1月末 falls in 令和元年度
        (2020, CAL, FY, 3, 2019),
        (2020, CAL, FY, 4, 2020),  # 4月1日 opens 年度 2020
        (2020, CAL, FY, 10, 2020),
        (2020, CAL, FY, None, 2020),  # a count over the year: read as it is
        (2019, FY, CAL, 1, 2020),  # 年度 2019's January is in 2020
        (2019, FY, CAL, 7, 2019),
        (2020, CAL, CAL, 1, 2020),
    ],
)
def test_a_snapshot_counts_for_the_period_holding_its_date(
    period, series_kind, indicator_kind, month, expected
):
    assert (
        indicator_period(
            period, series_kind=series_kind, indicator_kind=indicator_kind, month=month
        )
        == expected
    )
