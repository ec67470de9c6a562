"""Japanese era (和暦) labels with the Western year, as the plan writes them."""

import datetime

from django.utils.translation import gettext as _

# (first day of the era, era name); era names are data.  # i18n-data-file
_ERAS = [
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
    (datetime.date(1912, 7, 30), "大正"),
    (datetime.date(1868, 10, 23), "明治"),
]


def era_of(day: datetime.date) -> tuple[str, int]:
    """Return (era name, year of era) for a day."""
    for start, name in _ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day} is before the Meiji era")


def _era_year_label(name: str, number: int) -> str:
    return f"{name}{'元' if number == 1 else number}"


def year_era(year: int) -> str:
    """The era of a calendar year as administrative documents name it: the era in force on
    31 December (2019 -> 令和元, since 令和 began in May 2019)."""
    name, number = era_of(datetime.date(year, 12, 31))
    return _era_year_label(name, number)


def fiscal_year_era(fiscal_year: int) -> str:
    """The era of a fiscal year (April to March), named by the era in force on 1 April of its
    first year, except that FY2019 is 令和元年度 as the government names it."""
    if fiscal_year == 2019:
        return _era_year_label("令和", 1)
    name, number = era_of(datetime.date(fiscal_year, 4, 1))
    return _era_year_label(name, number)


def year_label(year: int) -> str:
    """Return e.g. '令和3年（2021年）'."""
    return _("%(era)s年（%(year)s年）") % {"era": year_era(year), "year": year}


def fiscal_year_label(fiscal_year: int) -> str:
    """Return e.g. '令和3年度（2021年度）'."""
    return _("%(era)s年度（%(year)s年度）") % {
        "era": fiscal_year_era(fiscal_year),
        "year": fiscal_year,
    }


def date_label(day: datetime.date) -> str:
    """Return e.g. '令和3年（2021年）3月1日'."""
    name, number = era_of(day)
    return _("%(era)s年（%(year)s年）%(month)s月%(day)s日") % {
        "era": _era_year_label(name, number),
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def fiscal_year_of(day: datetime.date) -> int:
    """Return the fiscal year (April to March) a day falls in."""
    return day.year if day.month >= 4 else day.year - 1
