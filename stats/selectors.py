"""Reads of the statistics: series, their values, and the rates derived from counts.

Every statistic stored for a local government is public (the secretariat publishes by
importing). Rates (kind "rate") are never stored: they are computed here from their
numerator and denominator series, value = numerator ÷ denominator × scale, rounded half up
to one decimal place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.http import Http404

from core import wareki
from core.access import has_role
from core.models import LocalGovernment
from core.periods import PeriodKind
from core.roles import Role
from stats.models import StatisticSeries, StatisticValue

RATE_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Point:
    """One value of a series, stored or derived."""

    area: str
    period: int
    breakdown_kind: str
    breakdown: str
    value: Decimal
    note: str = ""
    derived: bool = False
    # a derived rate's parts: the numerator's and the denominator's stored values
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def is_total(self) -> bool:
        return not self.breakdown_kind and not self.breakdown


def plain_value(value: Decimal, derived: bool = False) -> str:
    """A value for files and the API: 564 (not 564.000); a derived rate keeps its one
    decimal place (53.0)."""
    if derived:
        return str(value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP))
    return format(value.normalize(), "f")


def parts_text(point: Point, scale: Decimal | None) -> str:
    """A derived point's computation with its parts, as a page shows it:
    564 ÷ 1,107 × 100 = 50.9."""
    text = f"{value_text(point.numerator)} ÷ {value_text(point.denominator)}"
    if scale is not None and scale != 1:
        text += f" × {value_text(scale)}"
    return f"{text} = {value_text(point.value, derived=True)}"


def value_text(value: Decimal, derived: bool = False) -> str:
    """A value for pages, with thousands separators: 14,007; 64.78; 53.0 for a rate."""
    if derived:
        return f"{value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP):,f}"
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


def can_import(user, local_government: LocalGovernment) -> bool:
    """The secretariat of a local government imports its statistics."""
    return has_role(user, [Role.SECRETARIAT]) and user.local_government_id == local_government.pk


def period_text(period: int, period_kind: str) -> str:
    """2019 -> 令和元年（2019年） for a calendar year, 令和元年度（2019年度） for a fiscal year."""
    if period_kind == PeriodKind.FISCAL_YEAR:
        return wareki.fiscal_year_label(period)
    return wareki.year_label(period)


def _series_queryset(local_government: LocalGovernment):
    return StatisticSeries.objects.filter(local_government=local_government).select_related(
        "numerator", "denominator"
    )


def series_list(local_government: LocalGovernment) -> list[StatisticSeries]:
    return list(_series_queryset(local_government).order_by("position", "key"))


def series_detail(local_government: LocalGovernment, key: str) -> StatisticSeries:
    """Return the series with `key` of the local government, or raise Http404."""
    series = _series_queryset(local_government).filter(key=key).first()
    if series is None:
        raise Http404("no such series")
    return series


def series_with_counts(local_government: LocalGovernment) -> list[StatisticSeries]:
    """The series with `value_count` (stored values), for the staff list."""
    return list(
        _series_queryset(local_government)
        .annotate(value_count=Count("values"))
        .order_by("position", "key")
    )


def derive(
    series: StatisticSeries, numerators: Iterable[Point], denominators: Iterable[Point]
) -> list[Point]:
    """The rate `series` computed from its numerator's and denominator's points: the same
    area, period and breakdown; when both are the same series, each part over its total."""
    scale = series.scale if series.scale is not None else Decimal(1)
    share_of_total = series.numerator_id == series.denominator_id
    below = {(p.area, p.period, p.breakdown_kind, p.breakdown): p.value for p in denominators}
    points = []
    for point in numerators:
        if share_of_total:
            denominator = below.get((point.area, point.period, "", ""))
        else:
            denominator = below.get(
                (point.area, point.period, point.breakdown_kind, point.breakdown)
            )
        if not denominator:  # missing, or zero
            continue
        value = (point.value / denominator * scale).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
        points.append(
            Point(
                point.area,
                point.period,
                point.breakdown_kind,
                point.breakdown,
                value,
                derived=True,
                numerator=point.value,
                denominator=denominator,
            )
        )
    return points


def _stored_points(values) -> dict[int, list[Point]]:
    stored: dict[int, list[Point]] = defaultdict(list)
    for series_id, area, period, kind, breakdown, value, note in values.values_list(
        "series_id", "area", "period", "breakdown_kind", "breakdown", "value", "note"
    ).order_by("id"):
        stored[series_id].append(Point(area, period, kind, breakdown, value, note))
    return stored


def points_by_series(
    local_government: LocalGovernment, series: Iterable[StatisticSeries]
) -> dict[int, list[Point]]:
    """Every series' points (stored, or derived for a rate), in one query. Points keep the
    order they were loaded in, which is the order of the source's tables."""
    stored = _stored_points(StatisticValue.objects.filter(local_government=local_government))
    result = {}
    for item in series:
        if item.is_derived:
            result[item.pk] = derive(
                item, stored.get(item.numerator_id, []), stored.get(item.denominator_id, [])
            )
        else:
            result[item.pk] = stored.get(item.pk, [])
    return result


def series_points(series: StatisticSeries) -> list[Point]:
    """The points of one series (stored, or derived for a rate), in one query."""
    if not series.is_derived:
        return _stored_points(series.values.all()).get(series.pk, [])
    stored = _stored_points(
        StatisticValue.objects.filter(series_id__in=[series.numerator_id, series.denominator_id])
    )
    return derive(
        series, stored.get(series.numerator_id, []), stored.get(series.denominator_id, [])
    )


def series_totals(local_government: LocalGovernment, key: str) -> dict[int, Decimal]:
    """The totals (no breakdown) of the series `key` for the area named like the local
    government, by period; {} when there is no such series. Outcome indicators read their
    actuals from here."""
    series = _series_queryset(local_government).filter(key=key).first()
    if series is None:
        return {}
    return {
        point.period: point.value
        for point in series_points(series)
        if point.is_total and point.area == local_government.name
    }


# --- summaries for the pages -------------------------------------------------------------------


@dataclass
class SeriesSummary:
    series: StatisticSeries
    points: list[Point]

    @property
    def areas(self) -> list[str]:
        return list(dict.fromkeys(point.area for point in self.points))

    @property
    def periods(self) -> list[int]:
        return sorted({point.period for point in self.points})

    @property
    def breakdown_kinds(self) -> list[str]:
        return list(dict.fromkeys(p.breakdown_kind for p in self.points if p.breakdown_kind))

    @property
    def period_range(self) -> str:
        periods = self.periods
        if not periods:
            return ""
        kind = self.series.period_kind
        first, last = period_text(periods[0], kind), period_text(periods[-1], kind)
        return first if first == last else f"{first}〜{last}"


@dataclass
class SeriesGroup:
    title: str
    items: list[SeriesSummary]


def grouped_series(local_government: LocalGovernment, titles) -> list[SeriesGroup]:
    """The series that have values, grouped by the areas they cover: the local government's
    own first, then those that compare several areas, then each other area. `titles` maps
    ("own" | "several" | "area", area name) to a group's title."""
    series = series_list(local_government)
    points = points_by_series(local_government, series)
    groups: dict[tuple[str, str], list[SeriesSummary]] = {}
    for item in series:
        summary = SeriesSummary(item, points[item.pk])
        areas = summary.areas
        if not areas:
            continue
        if len(areas) > 1:
            group_key = ("several", "")
        elif areas[0] == local_government.name:
            group_key = ("own", areas[0])
        else:
            group_key = ("area", areas[0])
        groups.setdefault(group_key, []).append(summary)
    order = {"own": 0, "several": 1, "area": 2}
    keys = sorted(groups, key=lambda k: order[k[0]])  # stable: areas keep the series order
    return [SeriesGroup(titles(*key), groups[key]) for key in keys]


# --- rows for CSV and open data ----------------------------------------------------------------


def derivation_text(series: StatisticSeries) -> str:
    """How a rate's values are computed from its counts, by key: "derived: reoffenders ÷
    arrested_persons × 100" (a part over its total when both are the same series)."""
    numerator = series.numerator.key if series.numerator_id else "?"
    denominator = series.denominator.key if series.denominator_id else "?"
    if series.numerator_id and series.numerator_id == series.denominator_id:
        denominator = f"{denominator} (total)"
    text = f"derived: {numerator} ÷ {denominator}"
    if series.scale is not None and series.scale != 1:
        text += f" × {plain_value(series.scale)}"
    return text


def value_source(series: StatisticSeries, derived: bool) -> str:
    """The source of a value: its series' (the table of the plan it comes from) and, for a
    derived rate, how it is computed."""
    if not derived:
        return series.source
    return "; ".join(part for part in (series.source, derivation_text(series)) if part)


def export_rows(
    local_government: LocalGovernment, series: list[StatisticSeries] | None = None
) -> Iterator[dict]:
    """One row per value (derived rates included, marked `derived`), for CSV and open data."""
    if series is None:
        series = series_list(local_government)
        points = points_by_series(local_government, series)
    else:
        points = {item.pk: series_points(item) for item in series}
    for item in series:
        for point in points[item.pk]:
            yield {
                "series": item.key,
                "series_name": item.name,
                "area": point.area,
                "period_kind": item.period_kind,
                "period": point.period,
                "period_label": period_text(point.period, item.period_kind),
                "breakdown_kind": point.breakdown_kind,
                "breakdown": point.breakdown,
                "value": plain_value(point.value, point.derived),
                "unit": item.unit,
                "source": value_source(item, point.derived),
                "derived": "true" if point.derived else "false",
                "note": point.note,
            }


def template_file_name(local_government) -> str:
    return f"{local_government.slug}-statistics-template.csv"


def template_rows(local_government) -> Iterator[list]:
    """The import template's rows: every stored value of the body, in the import's columns."""
    values = (
        StatisticValue.objects.filter(local_government=local_government)
        .order_by("series__position", "series__key", "id")
        .values_list(
            "series__key", "area", "period", "breakdown_kind", "breakdown", "value", "note"
        )
    )
    return (
        [key, area, period, kind, breakdown, value.normalize(), note]
        for key, area, period, kind, breakdown, value, note in values.iterator()
    )
