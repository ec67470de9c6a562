"""Indicators against their targets. The status is computed, never typed:

- a numeric target is reached (or passed, in the better direction) → achieved, even early;
- otherwise the latest actual is compared with the straight path from the baseline to the
  target at that period → on track or off track (without a baseline there is no path, and
  the actual is compared with the target itself → off track until it is reached);
- a directional target (増加 / 減少 / 維持) compares the latest actual with the baseline:
  the right direction is on track before the target period and achieved from it;
- no actual after the baseline period → no data.

"Which way is better" (Indicator.better) decides the sign of every comparison.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.indicators import periods
from pdca.models import IndicatorValue
from plans.models import Indicator, Plan
from stats.models import StatisticValue


class Status(models.TextChoices):
    ACHIEVED = "achieved", gettext_lazy("達成")
    ON_TRACK = "on_track", gettext_lazy("順調")
    OFF_TRACK = "off_track", gettext_lazy("遅れ")
    NO_DATA = "no_data", gettext_lazy("実績なし")


@dataclass
class Assessment:
    status: Status
    reason: str
    period: int | None = None
    value: Decimal | None = None
    expected: Decimal | None = None

    @property
    def label(self) -> str:
        return self.status.label


def _at_least_as_good(value: Decimal, other: Decimal, better: str) -> bool:
    return value <= other if better == Indicator.Better.LOWER else value >= other


def assess(indicator: Indicator, actuals: dict[int, Decimal]) -> Assessment:
    """Assess `indicator` from its actual values by period."""
    if not actuals:
        return Assessment(Status.NO_DATA, _("実績値がまだありません。"))
    better = indicator.better
    baseline, base_year = indicator.baseline_value, indicator.baseline_year
    if base_year is not None:
        # the baseline period itself (or earlier) says nothing about progress
        actuals = {p: v for p, v in actuals.items() if p > base_year}
        if not actuals:
            return Assessment(Status.NO_DATA, _("基準年（度）より後の実績値がまだありません。"))
    period = max(actuals)
    value = actuals[period]
    target, target_year = indicator.target_value, indicator.target_year
    reached_target_period = target_year is not None and period >= target_year

    if target is not None:
        if _at_least_as_good(value, target, better):
            return Assessment(Status.ACHIEVED, _("目標値に達しています。"), period, value, target)
        if baseline is None or base_year is None or target_year is None or target_year <= base_year:
            return Assessment(
                Status.OFF_TRACK,
                _("基準値がないため目標値と比べています。目標値に達していません。"),
                period,
                value,
                target,
            )
        if reached_target_period:
            return Assessment(
                Status.OFF_TRACK,
                _("目標年（度）を迎えましたが目標値に達していません。"),
                period,
                value,
                target,
            )
        elapsed = Decimal(max(period - base_year, 0)) / Decimal(target_year - base_year)
        expected = baseline + (target - baseline) * elapsed
        if _at_least_as_good(value, expected, better):
            return Assessment(
                Status.ON_TRACK,
                _("基準値から目標値への直線の見込みどおりです。"),
                period,
                value,
                expected,
            )
        return Assessment(
            Status.OFF_TRACK,
            _("基準値から目標値への直線の見込みに届いていません。"),
            period,
            value,
            expected,
        )

    direction = indicator.target_direction
    if not direction:
        return Assessment(Status.NO_DATA, _("目標が設定されていません。"), period, value)
    if baseline is None:
        return Assessment(Status.NO_DATA, _("基準値がないため判定できません。"), period, value)
    if direction == Indicator.Direction.INCREASE:
        good = value > baseline
    elif direction == Indicator.Direction.DECREASE:
        good = value < baseline
    else:  # maintain: not worse than the baseline
        good = _at_least_as_good(value, baseline, better)
    if not good:
        return Assessment(
            Status.OFF_TRACK,
            _("基準値と比べて目標の方向（%(direction)s）に進んでいません。")
            % {"direction": indicator.get_target_direction_display()},
            period,
            value,
            baseline,
        )
    if reached_target_period:
        return Assessment(
            Status.ACHIEVED, _("目標年（度）に目標の方向へ進んでいます。"), period, value, baseline
        )
    return Assessment(
        Status.ON_TRACK, _("基準値と比べて目標の方向に進んでいます。"), period, value, baseline
    )


@dataclass(frozen=True)
class CountedIndicator:
    """An indicator whose actuals another app counts from its own records (never typed)."""

    code: str  # the indicator's code (plans.indicator_codes)
    source: str  # what the value is counted from, as IndicatorValue.source says it
    url_name: str  # the page where the records it is counted from are kept


# Registered by the counting app in its AppConfig.ready(), by indicator code: a renamed
# indicator is still counted.
COUNTED_INDICATORS: dict[str, CountedIndicator] = {}


def register_counted(counted: CountedIndicator) -> None:
    COUNTED_INDICATORS[counted.code] = counted


def counted_by(indicator: Indicator) -> CountedIndicator | None:
    """How `indicator`'s actuals are counted, or None where they are entered by hand."""
    return COUNTED_INDICATORS.get(indicator.code)


@dataclass(frozen=True)
class RelatedFigure:
    """A figure another app keeps beside an indicator (e.g. the support cases' outcomes of the
    indicator's pillar): display text only, already suppressed by the app that made it."""

    label: str
    text: str
    period: str = ""  # e.g. 令和8年度（2026年度）
    url: str = ""  # where the figure comes from, for the same readers as the indicator list


# A provider takes the plan and some of its indicators and returns {indicator pk: figures};
# higher apps register one from their AppConfig.ready() (pdca imports none of them).
RelatedFiguresProvider = Callable[[Plan, list[Indicator]], dict[int, list[RelatedFigure]]]
_RELATED_FIGURES: list[RelatedFiguresProvider] = []


def register_related_figures(provider: RelatedFiguresProvider) -> None:
    if provider not in _RELATED_FIGURES:
        _RELATED_FIGURES.append(provider)


def unregister_related_figures(provider: RelatedFiguresProvider) -> None:
    if provider in _RELATED_FIGURES:
        _RELATED_FIGURES.remove(provider)


def related_figures(plan: Plan, indicators: list[Indicator]) -> dict[int, list[RelatedFigure]]:
    """The figures every registered provider keeps beside `indicators`, by indicator pk."""
    merged: dict[int, list[RelatedFigure]] = {}
    for provider in _RELATED_FIGURES:
        for pk, figures in provider(plan, indicators).items():
            merged.setdefault(pk, []).extend(figures)
    return merged


@dataclass
class IndicatorRow:
    indicator: Indicator
    actuals: dict[int, Decimal] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)
    from_statistics: bool = False
    assessment: Assessment | None = None

    @property
    def periods(self) -> list[int]:
        return sorted(self.actuals)


@dataclass(frozen=True)
class SeriesTotal:
    """A total of a series as stored, with what decides the indicator period it counts for."""

    period: int
    value: Decimal
    series_kind: str
    month: int | None  # the month of the date the value is stated at (None: a count)


def _series_totals(local_government, indicator_ids: list[int]) -> dict[str, list[SeriesTotal]]:
    """The totals (no breakdown) of the local government's own area for the series the given
    indicators read, in period order: one query, whether or not any indicator reads one. A
    linked series is a count or a stated value (not a rate)."""

    keys = (
        Indicator.objects.filter(pk__in=indicator_ids)
        .exclude(statistic_series="")
        .values("statistic_series")
    )
    totals: dict[str, list[SeriesTotal]] = {}
    values = StatisticValue.objects.filter(
        local_government=local_government,
        series__key__in=keys,
        area=local_government.name,
        breakdown_kind="",
    ).values_list("series__key", "period", "value", "note", "series__period_kind", "series__note")
    for key, period, value, note, series_kind, series_note in values.order_by("period"):
        month = periods.as_of_month(note, series_note)
        totals.setdefault(key, []).append(SeriesTotal(period, value, series_kind, month))
    return totals


def _read_series(indicator: Indicator, totals: list[SeriesTotal]) -> dict[int, Decimal]:
    """The series' totals by the indicator's periods (pdca.indicators.periods): a snapshot
    of January 2020 is the figure of 年度 2019 for an indicator counted by fiscal year."""
    actuals = {}
    for total in totals:
        period = periods.indicator_period(
            total.period,
            series_kind=total.series_kind,
            indicator_kind=indicator.baseline_period_kind,
            month=total.month,
        )
        actuals[period] = total.value
    return actuals


def indicator_rows(
    plan: Plan, *, published_only: bool = True, indicators=None
) -> list[IndicatorRow]:
    """Every indicator of `plan` (or the given ones) with its actuals and assessment, in a
    fixed number of queries. An indicator linked to a statistics series reads its actuals
    from that series; the others from the values entered."""
    if indicators is None:
        indicators = list(
            plan.indicators.select_related("pillar").order_by("kind", "pillar__number", "position")
        )
    rows = {indicator.pk: IndicatorRow(indicator) for indicator in indicators}
    values = IndicatorValue.objects.filter(indicator_id__in=list(rows)).order_by("period")
    if published_only:
        values = values.filter(is_published=True)
    for item in values:
        row = rows[item.indicator_id]
        if not row.indicator.statistic_series:
            row.actuals[item.period] = item.value
            row.sources[item.period] = item.source
    totals = _series_totals(plan.local_government, list(rows)) if rows else {}
    for row in rows.values():
        key = row.indicator.statistic_series
        if key:
            row.actuals = _read_series(row.indicator, totals.get(key, []))
            row.from_statistics = True
        row.assessment = assess(row.indicator, row.actuals)
    return list(rows.values())


def chart_config(row: IndicatorRow, period_label) -> dict:
    """A Chart.js line chart of baseline, actuals and target for one indicator."""
    indicator = row.indicator
    periods = set(row.actuals)
    if indicator.baseline_year:
        periods.add(indicator.baseline_year)
    if indicator.target_year:
        periods.add(indicator.target_year)
    periods = sorted(periods)
    labels = [period_label(period) for period in periods]

    def series(values: dict[int, Decimal]):
        return [float(values[p]) if p in values else None for p in periods]

    datasets = [{"label": _("実績値"), "data": series(row.actuals), "spanGaps": True}]
    if indicator.baseline_value is not None and indicator.baseline_year:
        datasets.append(
            {
                "label": _("基準値"),
                "data": series({indicator.baseline_year: indicator.baseline_value}),
                "pointStyle": "rect",
                "pointRadius": 6,
                "showLine": False,
            }
        )
    if indicator.target_value is not None and indicator.target_year:
        path = {indicator.target_year: indicator.target_value}
        if indicator.baseline_value is not None and indicator.baseline_year:
            path[indicator.baseline_year] = indicator.baseline_value
        datasets.append(
            {
                "label": _("目標への道筋"),
                "data": series(path),
                "spanGaps": True,
                "borderDash": [6, 4],
                "pointStyle": "triangle",
                "pointRadius": 6,
            }
        )
    return {
        "type": "line",
        "data": {"labels": labels, "datasets": datasets},
        "options": {
            "scales": {"y": {"title": {"display": True, "text": indicator.unit}}},
            "plugins": {"legend": {"position": "bottom"}},
        },
    }
