"""Write a local government's statistics in the package format that load_plan reads
(statistics/series.csv and statistics/values.csv; see docs/statistics.md)."""

import csv
from decimal import Decimal
from pathlib import Path

from stats.importer import SERIES_COLUMNS, VALUE_COLUMNS
from stats.models import StatisticSeries, StatisticValue


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    return (
        format(value.normalize(), "f")
        if value == value.to_integral()
        else format(value, "f").rstrip("0").rstrip(".")
    )


def write_statistics(local_government, root: str | Path) -> int:
    """Write the stored series and values (derived rates as series only); return the number
    of values written, or 0 and no files when there are no series."""
    series = list(
        StatisticSeries.objects.filter(local_government=local_government)
        .select_related("numerator", "denominator")
        .order_by("position", "key")
    )
    if not series:
        return 0
    folder = Path(root) / "statistics"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "series.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(SERIES_COLUMNS)
        for item in series:
            writer.writerow(
                [
                    item.key,
                    item.name,
                    item.unit,
                    item.period_kind,
                    item.kind,
                    item.numerator.key if item.numerator_id else "",
                    item.denominator.key if item.denominator_id else "",
                    _plain(item.scale),
                    "yes" if item.additive else "no",
                    item.source,
                    item.figure,
                    item.note,
                ]
            )
    values = StatisticValue.objects.filter(local_government=local_government).select_related(
        "series"
    )
    count = 0
    with (folder / "values.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(VALUE_COLUMNS)
        for value in values.order_by("series__position", "series__key", "area", "period", "pk"):
            writer.writerow(
                [
                    value.series.key,
                    value.area,
                    value.period,
                    value.breakdown_kind,
                    value.breakdown,
                    _plain(value.value),
                    value.note,
                ]
            )
            count += 1
    return count
