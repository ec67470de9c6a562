"""The tables and Chart.js charts of a series page. Each chart has a table with the same
numbers: the totals by year and area (a line chart), and each kind of breakdown with its
parts by area and year (a bar chart grouped by part)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from stats.models import StatisticSeries
from stats.selectors import Point, period_text, value_text


@dataclass
class Figure:
    """A table (row label × column label → value) and the chart drawn from it."""

    chart_id: str
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[str | None]]]  # values as shown, None where there is none
    chart: dict
    total: list[str | None] | None = None  # the totals of the columns, in the table only

    @property
    def label(self) -> str:
        """The chart's accessible name; its numbers are in the table beside it."""
        return _("%(caption)sのグラフ（同じ数値を表に示しています）") % {"caption": self.caption}


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _texts(series: StatisticSeries, values: list[Decimal | None]) -> list[str | None]:
    return [value_text(v, series.is_derived) if v is not None else None for v in values]


def _chart(kind: str, labels: list[str], datasets: list[tuple[str, list]], unit: str) -> dict:
    return {
        "type": kind,
        "data": {
            "labels": labels,
            "datasets": [
                {"label": label, "data": [_number(v) for v in values], "spanGaps": True}
                for label, values in datasets
            ],
        },
        "options": {
            "scales": {"y": {"beginAtZero": True, "title": {"display": True, "text": unit}}},
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def _totals_figure(series: StatisticSeries, points: list[Point]) -> Figure | None:
    totals = [p for p in points if p.is_total]
    if not totals:
        return None
    areas = list(dict.fromkeys(p.area for p in totals))
    periods = sorted({p.period for p in totals})
    values = {(p.area, p.period): p.value for p in totals}
    labels = [period_text(period, series.period_kind) for period in periods]
    rows = [
        (label, _texts(series, [values.get((area, period)) for area in areas]))
        for label, period in zip(labels, periods, strict=True)
    ]
    datasets = [(area, [values.get((area, period)) for period in periods]) for area in areas]
    return Figure(
        chart_id="chart-totals",
        caption=_("%(name)s（%(unit)s）の推移") % {"name": series.name, "unit": series.unit}
        if len(periods) > 1
        else _("%(name)s（%(unit)s）") % {"name": series.name, "unit": series.unit},
        row_heading=_("年度") if series.period_kind == "fiscal_year" else _("年"),
        columns=areas,
        rows=rows,
        chart=_chart("line" if len(periods) > 1 else "bar", labels, datasets, series.unit),
    )


def _breakdown_figure(
    series: StatisticSeries, points: list[Point], kind: str, index: int
) -> Figure:
    parts = [p for p in points if p.breakdown_kind == kind]
    breakdowns = list(dict.fromkeys(p.breakdown for p in parts))
    areas = list(dict.fromkeys(p.area for p in parts))
    periods = sorted({p.period for p in parts})
    columns = [
        (area, period)
        for area in areas
        for period in periods
        if any(p.area == area and p.period == period for p in parts)
    ]
    values = {(p.area, p.period, p.breakdown): p.value for p in parts}

    def column_label(area: str, period: int) -> str:
        label = period_text(period, series.period_kind)
        return f"{area} {label}" if len(areas) > 1 else label

    headers = [column_label(area, period) for area, period in columns]
    rows = [
        (
            breakdown,
            _texts(series, [values.get((area, period, breakdown)) for area, period in columns]),
        )
        for breakdown in breakdowns
    ]
    datasets = [
        (header, [values.get((area, period, b)) for b in breakdowns])
        for header, (area, period) in zip(headers, columns, strict=True)
    ]
    totals = {(p.area, p.period): p.value for p in points if p.is_total}
    total = _texts(series, [totals.get(column) for column in columns])
    return Figure(
        chart_id=f"chart-breakdown-{index}",
        caption=_("%(name)s（%(unit)s）の%(kind)s別")
        % {"name": series.name, "unit": series.unit, "kind": kind},
        row_heading=kind,
        columns=headers,
        rows=rows,
        chart=_chart("bar", breakdowns, datasets, series.unit),
        total=total if any(value is not None for value in total) else None,
    )


def figures(series: StatisticSeries, points: list[Point]) -> list[Figure]:
    """The figures of a series page: totals first, then one per kind of breakdown."""
    result = []
    # A share of its own total is 100 for every total: only its parts are worth a chart.
    share_of_total = series.is_derived and series.numerator_id == series.denominator_id
    totals = None if share_of_total else _totals_figure(series, points)
    if totals:
        result.append(totals)
    kinds = list(dict.fromkeys(p.breakdown_kind for p in points if p.breakdown_kind))
    for index, kind in enumerate(kinds, start=1):
        result.append(_breakdown_figure(series, points, kind, index))
    return result
