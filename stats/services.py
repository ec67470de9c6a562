"""Writes to the statistics: a secretariat's upload of values, and a plan package's series and
values. Each runs in one transaction, validates everything first and writes all or nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.changes import ADDED, CHANGED, REMOVED, ChangeLog, Source
from core.models import LocalGovernment
from stats import importer
from stats.importer import StatisticsPackage, ValueRow
from stats.models import StatisticSeries, StatisticValue
from stats.selectors import can_import

KEPT_BY_HAND = (
    "imported by hand in the back office; the secretariat's value wins over the package's"
)
KEPT_SERIES = "no longer in the package; kept because it holds values imported by hand"


class ImportResult(ChangeLog):
    """What an import or a package load changed: values counted as created / updated /
    deleted / unchanged, series as series_created …"""


def _value_source(file: str, row: ValueRow | None, key: tuple, note: str = "") -> Source:
    series, area, period, breakdown_kind, breakdown = key
    what = f"value {series} {area} {period}" + (
        f" {breakdown_kind}={breakdown}" if breakdown_kind else ""
    )
    return Source(file, what, row.row if row is not None else None, note)


def _upsert_values(
    local_government: LocalGovernment,
    rows: Iterable[ValueRow],
    series_by_key: dict[str, StatisticSeries],
    result: ImportResult,
    *,
    from_package: bool = False,
    file: str = "",
) -> None:
    """Create or update the values by (series, area, period, breakdown kind, breakdown).

    From a package (`from_package`): values imported by hand are left as they are (the
    secretariat's figures win over the package's), and the package's own earlier values
    that the package no longer holds are deleted. From an upload: every row is written and
    becomes the secretariat's value."""
    existing = {
        (v.series_id, v.area, v.period, v.breakdown_kind, v.breakdown): v
        for v in StatisticValue.objects.filter(local_government=local_government)
    }
    kept = set()
    new, changed = [], []
    for row in rows:
        series = series_by_key[row.series]
        key = (series.pk, row.area, row.period, row.breakdown_kind, row.breakdown)
        kept.add(key)
        value = existing.get(key)
        if from_package and value is not None and not value.from_package:
            result.counts["kept_imported"] += 1
            result.keep(
                _value_source(
                    file,
                    row,
                    row.key,
                    f"{value.value.normalize():f} by hand, {row.value.normalize():f} in the package",
                ),
                KEPT_BY_HAND,
                count_as="value",
            )
            continue
        if value is None:
            result.record(ADDED, _value_source(file, row, row.key))
            new.append(
                StatisticValue(
                    local_government=local_government,
                    series=series,
                    area=row.area,
                    period=row.period,
                    breakdown_kind=row.breakdown_kind,
                    breakdown=row.breakdown,
                    value=row.value,
                    note=row.note,
                    from_package=from_package,
                )
            )
        elif (
            value.value != row.value or value.note != row.note or value.from_package != from_package
        ):
            fields = {
                name: (getattr(value, name), after)
                for name, after in (
                    ("value", row.value),
                    ("note", row.note),
                    ("from_package", from_package),
                )
                if getattr(value, name) != after
            }
            value.value, value.note, value.from_package = row.value, row.note, from_package
            changed.append(value)
            result.record(CHANGED, _value_source(file, row, row.key), fields=fields)
        else:
            result.unchanged()
    StatisticValue.objects.bulk_create(new, batch_size=500)
    StatisticValue.objects.bulk_update(changed, ["value", "note", "from_package"], batch_size=500)
    if from_package:
        keys = {s.pk: s.key for s in series_by_key.values()}
        gone = [
            (key, value)
            for key, value in existing.items()
            if key not in kept and value.from_package
        ]
        if gone:
            StatisticValue.objects.filter(pk__in=[value.pk for _key, value in gone]).delete()
        for (series_id, *rest), _value in gone:
            key = (keys.get(series_id, series_id), *rest)
            result.record(REMOVED, _value_source(file, None, key))


def statistics_import_file(
    *, actor, local_government: LocalGovernment, filename: str, content: bytes
) -> ImportResult:
    """Validate an uploaded values file (CSV or .xlsx) and create or update its values, all
    or nothing; raise importer.ImportInvalid listing every bad row. Values the file does not
    mention are kept.

    The file is read and validated before the transaction opens (SQLite takes its write lock
    when it does); only the writes, and a second look at the stored totals, run inside it."""
    if not can_import(actor, local_government):
        raise PermissionDenied
    rows = importer.parse_upload(
        local_government=local_government, filename=filename, content=content
    )
    return _import_rows(actor, local_government, rows, filename)


def statistics_value_save(
    *,
    actor,
    local_government: LocalGovernment,
    series_key: str,
    period: int,
    value,
    note: str = "",
) -> tuple[ImportResult, StatisticValue | None]:
    """One total of the local government's own area, entered on a form (an indicator's
    page): validated as one row of an uploaded file and written by the same code, with the
    same audit entry, so that a form and a file write identically. Returns the result and
    the value it replaced (None for a new period)."""
    if not can_import(actor, local_government):
        raise PermissionDenied
    cells = {
        "series": series_key,
        "area": local_government.name,
        "period": str(period),
        "breakdown_kind": "",
        "breakdown": "",
        "value": "" if value is None else format(value, "f"),
        "note": (note or "").strip(),
    }
    series = importer.series_info(local_government)
    rows = importer.validate_values([(1, cells)], series, file="")
    before = StatisticValue.objects.filter(
        local_government=local_government,
        series__key=series_key,
        area=local_government.name,
        period=period,
        breakdown_kind="",
        breakdown="",
    ).first()
    label = f"form: {series_key} {local_government.name} {period}"
    return _import_rows(actor, local_government, rows, label), before


def _import_rows(
    actor, local_government: LocalGovernment, rows: list[ValueRow], label: str
) -> ImportResult:
    with transaction.atomic():
        # Another import may have changed the stored parts since they were read: the totals
        # are checked again against what is stored now (the rows are parsed already).
        importer.check_stored_totals(local_government, rows)
        series_by_key = {
            s.key: s for s in StatisticSeries.objects.filter(local_government=local_government)
        }
        result = ImportResult()
        _upsert_values(local_government, rows, series_by_key, result, file=label)
        result.counts["rows"] = len(rows)
        if result.changed:
            local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="stats.import_values",
            local_government=local_government,
            object_type="stats.statisticvalue",
            object_label=label[:300],
            changes={
                "file": label,
                "rows": len(rows),
                "series": len({row.series for row in rows}),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "unchanged": result.counts["unchanged"],
            },
        )
    return result


SERIES_FIELDS = (
    "name",
    "unit",
    "period_kind",
    "kind",
    "scale",
    "additive",
    "source",
    "figure",
    "note",
    "position",
)


@transaction.atomic
def statistics_load_package(
    *, local_government: LocalGovernment, package: StatisticsPackage, actor=None
) -> ImportResult:
    """Load a validated package's statistics: series by key, values by their natural key.
    Series and values the package no longer holds are deleted, so loading the same package
    twice changes nothing; values the secretariat imported by hand are never touched (nor
    the series that hold them)."""
    result = ImportResult()
    file = package.series_file
    existing = {s.key: s for s in StatisticSeries.objects.filter(local_government=local_government)}
    series_by_key: dict[str, StatisticSeries] = {}
    sources: dict[str, Source] = {}
    for position, row in enumerate(package.series, start=1):
        series = existing.get(row.key) or StatisticSeries(
            local_government=local_government, key=row.key
        )
        values = {name: getattr(row, name) for name in SERIES_FIELDS if name != "position"}
        values["position"] = position
        sources[row.key] = Source(file, f"series {row.key}", row.row, row.name)
        result.save(series, values, sources[row.key], count_as="series")
        series_by_key[row.key] = series
    for row in package.series:
        series = series_by_key[row.key]
        for name in ("numerator", "denominator"):
            target = series_by_key[getattr(row, name)] if getattr(row, name) else None
            if getattr(series, f"{name}_id") != (target.pk if target else None):
                before = getattr(series, name)
                setattr(series, name, target)
                series.save(update_fields=[name])
                result.field_changed(
                    series,
                    name,
                    before.key if before else None,
                    target.key if target else None,
                    sources[row.key],
                    count_as="series",
                )

    _upsert_values(
        local_government,
        package.values,
        series_by_key,
        result,
        from_package=True,
        file=package.values_file,
    )

    # A series the package no longer holds goes, unless values were imported into it by hand.
    by_hand = set(
        StatisticValue.objects.filter(
            local_government=local_government, from_package=False
        ).values_list("series_id", flat=True)
    )
    gone = [s for key, s in existing.items() if key not in series_by_key and s.pk not in by_hand]
    for key, series in existing.items():
        if key not in series_by_key and series.pk in by_hand:
            result.keep(
                Source(file, f"series {key}", None, series.name), KEPT_SERIES, count_as="series"
            )
    result.delete(gone, lambda s: Source(file, f"series {s.key}", None, s.name), count_as="series")
    result.counts["series"] = len(package.series)
    result.counts["values"] = len(package.values)
    if result.changed:
        local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="stats.load_package",
            local_government=local_government,
            object_type="stats.statisticseries",
            object_label=package.series_file,
            changes={
                "series": len(package.series),
                "values": len(package.values),
                "series_created": result.counts["series_created"],
                "series_updated": result.counts["series_updated"],
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "deleted": result.counts["deleted"],
                "series_deleted": result.counts["series_deleted"],
                "kept_imported": result.counts["kept_imported"],
                "series_kept": result.counts["series_kept"],
            },
        )
    return result
