"""The Chart.js configurations of the 保護司 page (drawn by static/js/charts.js, as the
statistics pages draw theirs); the same numbers are in the table beside them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.volunteers.selectors import OfficerFigures
from core.wareki import fiscal_year_label, year_label


def _line(labels, datasets, unit: str, begin_at_zero: bool) -> dict:
    return {
        "type": "line",
        "data": {"labels": labels, "datasets": datasets},
        "options": {
            "scales": {
                "y": {"beginAtZero": begin_at_zero, "title": {"display": True, "text": unit}}
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def _number(value):
    return float(value) if value is not None else None


def count_chart(figures: OfficerFigures) -> dict | None:
    """保護司数 by year, and the 定数 as a dashed reference line named with the year it is
    stated for (the seed gives it once)."""
    years = [year for year in figures.years if year.count is not None]
    if not years:
        return None
    labels = [year_label(year.period) for year in years]
    datasets = [
        {"label": _("保護司数"), "data": [_number(year.count) for year in years], "spanGaps": True}
    ]
    if figures.quota is not None:
        datasets.append(
            {
                "label": _("定数（%(year)sの値）")
                % {"year": fiscal_year_label(figures.quota_period)},
                "data": [_number(figures.quota)] * len(years),
                "borderDash": [6, 4],
                "pointRadius": 0,
            }
        )
    return _line(labels, datasets, _("人"), begin_at_zero=True)


def age_chart(figures: OfficerFigures) -> dict | None:
    years = [year for year in figures.years if year.average_age is not None]
    if not years:
        return None
    labels = [year_label(year.period) for year in years]
    datasets = [
        {
            "label": _("平均年齢"),
            "data": [_number(year.average_age) for year in years],
            "spanGaps": True,
        }
    ]
    return _line(labels, datasets, _("歳"), begin_at_zero=False)
