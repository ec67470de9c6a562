import datetime

import pytest

from core import wareki


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2021, "令和3年（2021年）"),
        (2019, "令和元年（2019年）"),
        (2018, "平成30年（2018年）"),
        (1989, "平成元年（1989年）"),
        (2003, "平成15年（2003年）"),
    ],
)
def test_year_label(year, label):
    assert wareki.year_label(year) == label


@pytest.mark.parametrize(
    ("fiscal_year", "label"),
    [
        (2021, "令和3年度（2021年度）"),
        (2023, "令和5年度（2023年度）"),
        (2019, "令和元年度（2019年度）"),
        (2018, "平成30年度（2018年度）"),
    ],
)
def test_fiscal_year_label(fiscal_year, label):
    assert wareki.fiscal_year_label(fiscal_year) == label


def test_date_label_uses_the_era_of_the_day():
    assert wareki.date_label(datetime.date(2019, 4, 30)) == "平成31年（2019年）4月30日"
    assert wareki.date_label(datetime.date(2019, 5, 1)) == "令和元年（2019年）5月1日"


def test_fiscal_years_start_in_april():
    assert wareki.fiscal_year_of(datetime.date(2022, 3, 31)) == 2021
    assert wareki.fiscal_year_of(datetime.date(2022, 4, 1)) == 2022


def test_the_template_filter_shows_a_datetime_on_its_local_date():
    from datetime import UTC

    from core.templatetags.tsunagu import date_label

    # 2026-11-27 20:00 UTC is already 28 November in Japan.
    assert (
        date_label(datetime.datetime(2026, 11, 27, 20, 0, tzinfo=UTC))
        == "令和8年（2026年）11月28日"
    )
