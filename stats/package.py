"""The statistics of a plan package (statistics/series.csv and statistics/values.csv; see
docs/statistics.md): read and validate them from a package (nothing is written here; the
services load them all or nothing), and write a local government's statistics out in the
format that load_plan reads."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from core.periods import PeriodKind
from core.uploads import PackageYamlLoader, TableUnreadable, read_csv_path, read_text_path
from stats.importer import (
    BOOLEAN_WORDS,
    KEY_PATTERN,
    OPTIONAL_VALUE_COLUMNS,
    SERIES_COLUMNS,
    SERIES_FIELD,
    VALUE_COLUMNS,
    Errors,
    ImportInvalid,
    RowError,
    SeriesInfo,
    SeriesRow,
    StatisticsPackage,
    ValueRow,
    check_length,
    parse_number,
    table_rows,
    validate_values,
)
from stats.models import StatisticSeries, StatisticValue

# --- reading a package's statistics ---------------------------------------------------------


def _series_rows(errors: Errors, raw_rows: list[tuple[int, dict[str, str]]]) -> list[SeriesRow]:
    rows: list[SeriesRow] = []
    seen: dict[str, int] = {}
    kinds = set(StatisticSeries.Kind.values)
    for number, cells in raw_rows:
        before = len(errors)
        key = cells["key"]
        if not key:
            errors.add(number, "key", _("必須項目です。"))
        elif not KEY_PATTERN.match(key):
            errors.add(number, "key", _("キーは半角英数字・ハイフン・下線で書いてください。"))
        elif key in seen:
            errors.add(
                number,
                "key",
                _("%(key)s は%(line)s行目と重複しています。") % {"key": key, "line": seen[key]},
            )
        else:
            seen[key] = number
        for name in ("name", "unit"):
            if not cells[name]:
                errors.add(number, name, _("必須項目です。"))
        if cells["period_kind"] not in PeriodKind.values:
            errors.add(
                number,
                "period_kind",
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {
                    "value": cells["period_kind"] or _("（空）"),
                    "allowed": ", ".join(PeriodKind.values),
                },
            )
        if cells["kind"] not in kinds:
            errors.add(
                number,
                "kind",
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": cells["kind"] or _("（空）"), "allowed": ", ".join(sorted(kinds))},
            )
        additive = BOOLEAN_WORDS.get(cells["additive"].lower()) if cells["additive"] else False
        if additive is None:
            errors.add(number, "additive", _("yes または no にしてください。"))
        scale = None
        if cells["scale"]:
            scale = parse_number(cells["scale"])
            if scale is None or scale <= 0:
                errors.add(
                    number,
                    "scale",
                    _("正の数にしてください（%(value)s）。") % {"value": cells["scale"]},
                )
        is_rate = cells["kind"] == StatisticSeries.Kind.RATE
        for name in ("numerator", "denominator"):
            if is_rate and not cells[name]:
                errors.add(number, name, _("率（rate）の系列には分子と分母の系列キーが必要です。"))
            if not is_rate and cells[name]:
                errors.add(number, name, _("分子・分母は率（rate）の系列にだけ書きます。"))
        if is_rate and scale is None and not cells["scale"]:
            errors.add(number, "scale", _("率（rate）の系列には倍率（例: 100）が必要です。"))
        if is_rate and additive:
            errors.add(
                number,
                "additive",
                _("率（rate）の系列は内訳を合計できません（no にしてください）。"),
            )
        if not cells["source"].strip():
            # Open data carries the source of every value (a rate's values add how they are
            # derived from their counts, see stats.selectors.value_source).
            errors.add(
                number,
                "source",
                _(
                    "出典を書いてください（計画の表やグラフが示す出典。計画に出典の記載がなければ、"
                    "その値を載せている計画の箇所）。"
                ),
            )
        check_length(errors, number, cells, SERIES_FIELD)
        if len(errors) == before:
            rows.append(
                SeriesRow(
                    row=number,
                    key=key,
                    name=cells["name"],
                    unit=cells["unit"],
                    period_kind=cells["period_kind"],
                    kind=cells["kind"],
                    numerator=cells["numerator"],
                    denominator=cells["denominator"],
                    scale=scale,
                    additive=bool(additive),
                    source=cells["source"],
                    figure=cells["figure"],
                    note=cells["note"],
                )
            )
    by_key = {row.key: row for row in rows}
    for row in rows:
        for name in ("numerator", "denominator"):
            target = getattr(row, name)
            if not target:
                continue
            if target not in seen:
                errors.add(row.row, name, _("系列 %(key)s がありません。") % {"key": target})
            elif target in by_key and by_key[target].kind == StatisticSeries.Kind.RATE:
                errors.add(
                    row.row,
                    name,
                    _("率の系列 %(key)s は分子・分母にできません。") % {"key": target},
                )
    return rows


def statistics_files(path: str | Path) -> tuple[str, str] | None:
    """The series and values files of the package at `path`: `files.statistics` of
    package.yaml, else statistics/series.csv and statistics/values.csv when they exist;
    None when the package has no statistics."""
    root = Path(path)
    meta: Any = None
    try:
        meta = yaml.load(read_text_path(root / "package.yaml"), Loader=PackageYamlLoader)  # noqa: S506 - SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TableUnreadable):
        meta = None  # read_package reports a broken package.yaml
    files = meta.get("files") if isinstance(meta, dict) else None
    declared = files.get("statistics") if isinstance(files, dict) else None
    if isinstance(declared, dict):
        return (
            str(declared.get("series") or "statistics/series.csv"),
            str(declared.get("values") or "statistics/values.csv"),
        )
    if (root / "statistics" / "series.csv").is_file():
        return "statistics/series.csv", "statistics/values.csv"
    return None


def read_statistics_package(path: str | Path) -> StatisticsPackage | None:
    """Read and validate the statistics of the package at `path` (None when it has none);
    raise ImportInvalid with every problem, naming the file of each."""
    names = statistics_files(path)
    if names is None:
        return None
    root = Path(path)
    series_file, values_file = names
    tables = {}
    all_errors: list[RowError] = []
    for name, columns, optional in (
        (series_file, SERIES_COLUMNS, set()),
        (values_file, VALUE_COLUMNS, OPTIONAL_VALUE_COLUMNS),
    ):
        errors = Errors(name)
        file_path = root / name
        records = None
        if not file_path.is_file():
            errors.add(None, "", _("ファイルがありません。"))
        else:
            try:
                records = read_csv_path(file_path)
            except TableUnreadable as unreadable:
                errors.add(unreadable.row, "", unreadable.message)
        tables[name] = table_rows(records, columns, optional, errors) if records is not None else []
        all_errors.extend(errors.items)
    errors = Errors(series_file)
    series_rows = _series_rows(errors, tables[series_file])
    all_errors.extend(errors.items)
    values: list[ValueRow] = []
    if not all_errors:
        series = {row.key: SeriesInfo.of(row) for row in series_rows}
        try:
            values = validate_values(tables[values_file], series, file=values_file)
        except ImportInvalid as invalid:
            all_errors.extend(invalid.errors)
    if all_errors:
        raise ImportInvalid(all_errors)
    return StatisticsPackage(series_file, values_file, series_rows, values)


# --- writing them out -----------------------------------------------------------------------


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
