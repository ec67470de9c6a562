"""Reading and validating statistics files: the values a secretariat uploads (CSV or Excel),
and the tables, rows and checks that a plan package's statistics share with them
(stats.package reads the package's series and values with these; docs/statistics.md).

Nothing here writes to the database. Every problem is collected with its row and column, so
that a file is reported whole and then loaded all or nothing by stats.services.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import (
    Record,
    TableUnreadable,
    read_records,
)
from stats.models import StatisticSeries, StatisticValue

VALUE_COLUMNS = ["series", "area", "period", "breakdown_kind", "breakdown", "value", "note"]
OPTIONAL_VALUE_COLUMNS = {"note"}
SERIES_COLUMNS = [
    "key",
    "name",
    "unit",
    "period_kind",
    "kind",
    "numerator",
    "denominator",
    "scale",
    "additive",
    "source",
    "figure",
    "note",
]
FIRST_YEAR = 1900
BOOLEAN_WORDS = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False}
KEY_PATTERN = re.compile(r"^[-a-zA-Z0-9_]+$")

_VALUE_FIELD = {f.name: f for f in StatisticValue._meta.get_fields() if hasattr(f, "max_length")}
SERIES_FIELD = {f.name: f for f in StatisticSeries._meta.get_fields() if hasattr(f, "max_length")}

ValueKey = tuple[str, str, int, str, str]  # series key, area, period, breakdown kind, breakdown


# --- errors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str
    message: str
    file: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where = f"{where}:{self.row}" if where else _("%(row)s行目") % {"row": self.row}
        parts = [part for part in (where, f"[{self.column}]" if self.column else "") if part]
        return " ".join([*parts, self.message])


class ImportInvalid(ValidationError):
    """The file has problems; `errors` lists each with its row and column. Nothing was
    written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(
            errors, key=lambda e: (e.file, e.row or 0, _column_order(e.column), e.message)
        )
        super().__init__([str(error) for error in self.errors])


def _column_order(column: str) -> int:
    for columns in (VALUE_COLUMNS, SERIES_COLUMNS):
        if column in columns:
            return columns.index(column)
    return -1


class Errors:
    def __init__(self, file: str = ""):
        self.file = file
        self.items: list[RowError] = []

    def add(self, row: int | None, column: str, message: str) -> None:
        self.items.append(RowError(row, column, message, self.file))

    def __len__(self) -> int:
        return len(self.items)


# --- the rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueRow:
    row: int
    series: str
    area: str
    period: int
    breakdown_kind: str
    breakdown: str
    value: Decimal
    note: str

    @property
    def key(self) -> ValueKey:
        return (self.series, self.area, self.period, self.breakdown_kind, self.breakdown)


@dataclass(frozen=True)
class SeriesRow:
    row: int
    key: str
    name: str
    unit: str
    period_kind: str
    kind: str
    numerator: str
    denominator: str
    scale: Decimal | None
    additive: bool
    source: str
    figure: str
    note: str


@dataclass(frozen=True)
class SeriesInfo:
    """What validating a value needs to know of its series."""

    key: str
    name: str
    kind: str
    additive: bool

    @classmethod
    def of(cls, series: StatisticSeries | SeriesRow) -> SeriesInfo:
        return cls(series.key, series.name, series.kind, series.additive)


@dataclass(frozen=True)
class StatisticsPackage:
    series_file: str
    values_file: str
    series: list[SeriesRow]
    values: list[ValueRow]


# --- reading tables ------------------------------------------------------------------------


def table_rows(
    records: list[Record],
    columns: list[str],
    optional: set[str],
    errors: Errors,
    aliases: dict[str, str] | None = None,
) -> list[tuple[int, dict[str, str]]]:
    """Map each record to {column: stripped text} by the header row; report a wrong header.
    `aliases` maps other headings (NFKC-normalized, lower case) to column names. The records
    come from core.uploads, within its limits of columns and rows; every check here is linear."""
    if not records:
        errors.add(None, "", _("中身が空です。"))
        return []
    header_row, header_cells = records[0]
    header = [unicodedata.normalize("NFKC", cell).strip().lower() for cell in header_cells]
    if aliases:
        header = [aliases.get(name, name) for name in header]
    while header and not header[-1]:
        header.pop()
    known = set(columns)
    present = Counter(header)
    blank = [number for number, name in enumerate(header, start=1) if not name]
    unknown = [name for name in header if name and name not in known]
    missing = [name for name in columns if name not in present and name not in optional]
    repeated = sorted(name for name, times in present.items() if name and times > 1)
    if unknown or missing or repeated or blank:
        for name in missing:
            errors.add(header_row, name, _("見出し行にこの列がありません。"))
        for name in unknown:
            errors.add(header_row, name, _("知らない列です。"))
        for name in repeated:
            errors.add(header_row, name, _("同じ見出しの列が2つ以上あります。"))
        if blank:
            errors.add(
                header_row,
                "",
                _(
                    "見出しが空の列があります（%(columns)s列目）。セルを結合している場合は"
                    "結合を解除して、列ごとに見出しを書いてください。"
                )
                % {"columns": "、".join(str(number) for number in blank[:10])},
            )
        errors.add(
            header_row,
            "",
            _("見出し行は %(expected)s にしてください。") % {"expected": ",".join(columns)},
        )
        return []
    rows = []
    width = len(header)
    for number, record in records[1:]:
        if any(cell.strip() for cell in record[width:]):
            errors.add(number, "", _("見出しのない列に値があります。"))
            continue
        cells = dict.fromkeys(columns, "")
        for name, cell in zip(header, record, strict=False):
            cells[name] = cell.strip()
        rows.append((number, cells))
    return rows


def _records(content: bytes, filename: str, errors: Errors) -> list[Record] | None:
    try:
        return read_records(content, filename=filename)
    except TableUnreadable as unreadable:
        errors.add(unreadable.row, "", unreadable.message)
        return None


def read_upload(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """Return the rows of an uploaded values file (CSV or .xlsx) with their row numbers;
    raise ImportInvalid when the file itself cannot be read."""
    return read_table(filename, content, VALUE_COLUMNS, OPTIONAL_VALUE_COLUMNS)


def read_table(
    filename: str,
    content: bytes,
    columns: list[str],
    optional: set[str] = frozenset(),
    *,
    aliases: dict[str, str] | None = None,
) -> list[tuple[int, dict[str, str]]]:
    """Return the rows of an uploaded table (CSV or .xlsx) with `columns` as {column: text},
    with their row numbers; raise ImportInvalid when the file or its header cannot be read
    (core.uploads: within the upload limits of bytes, rows, columns and cell length).
    Other apps' imports use it too (e.g. employment's employer lists)."""
    errors = Errors()
    records = _records(content, filename, errors)
    rows = table_rows(records, columns, optional, errors, aliases) if records is not None else []
    if errors:
        raise ImportInvalid(errors.items)
    return rows


# --- values --------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def parse_number(text: str) -> Decimal | None:
    try:
        number = Decimal(_normal(text).replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_length(errors: Errors, row: int, cells: dict[str, str], fields: dict) -> None:
    for name, field in fields.items():
        value = cells.get(name, "")
        if field.max_length and len(value) > field.max_length:
            errors.add(
                row,
                name,
                _("%(max)s文字以内にしてください（%(length)s文字）。")
                % {"max": field.max_length, "length": len(value)},
            )


def _latest_year() -> int:
    return datetime.date.today().year + 1


def _value_row(
    errors: Errors, row: int, cells: dict[str, str], series: dict[str, SeriesInfo]
) -> ValueRow | None:
    """Return the validated row, or None after reporting its problems."""
    before = len(errors)
    key = cells["series"]
    info = None
    if not key:
        errors.add(row, "series", _("必須項目です。"))
    elif key not in series:
        errors.add(row, "series", _("統計系列 %(key)s は登録されていません。") % {"key": key})
    else:
        info = series[key]
        if info.kind == StatisticSeries.Kind.RATE:
            errors.add(
                row,
                "series",
                _(
                    "%(name)s（%(key)s）は件数から算出する率です。値は取り込めません。"
                    "分子と分母の件数を取り込んでください。"
                )
                % {"name": info.name, "key": key},
            )
    if not cells["area"]:
        errors.add(row, "area", _("必須項目です。"))

    period = None
    if not cells["period"]:
        errors.add(row, "period", _("必須項目です。"))
    else:
        text = _normal(cells["period"])
        if not re.fullmatch(r"[0-9]{1,4}", text):
            errors.add(
                row,
                "period",
                _("年は西暦の4桁の数字で書いてください（例: 2019）。「%(value)s」は読めません。")
                % {"value": cells["period"]},
            )
        elif not FIRST_YEAR <= int(text) <= _latest_year():
            errors.add(
                row,
                "period",
                _("年 %(value)s はありえない年です（%(first)s〜%(last)s年）。")
                % {"value": text, "first": FIRST_YEAR, "last": _latest_year()},
            )
        else:
            period = int(text)

    if bool(cells["breakdown_kind"]) != bool(cells["breakdown"]):
        column = "breakdown" if cells["breakdown_kind"] else "breakdown_kind"
        errors.add(
            row,
            column,
            _("内訳の種類と内訳は、両方書くか両方空欄にしてください（総数は両方空欄）。"),
        )

    value = None
    if not cells["value"]:
        errors.add(row, "value", _("必須項目です。"))
    else:
        value = parse_number(cells["value"])
        if value is None:
            errors.add(
                row, "value", _("数値にしてください（%(value)s）。") % {"value": cells["value"]}
            )
        elif value.normalize().as_tuple().exponent < -3:
            errors.add(row, "value", _("小数は第3位までにしてください。"))
            value = None
        elif abs(value) >= Decimal(10) ** 13:
            errors.add(row, "value", _("値が大きすぎます。"))
            value = None
        elif value < 0 and info is not None and info.kind == StatisticSeries.Kind.COUNT:
            errors.add(row, "value", _("件数・人数は0以上にしてください。"))
            value = None
    check_length(errors, row, cells, _VALUE_FIELD)

    if len(errors) != before or info is None or period is None or value is None:
        return None
    return ValueRow(
        row=row,
        series=key,
        area=cells["area"],
        period=period,
        breakdown_kind=cells["breakdown_kind"],
        breakdown=cells["breakdown"],
        value=value,
        note=cells["note"],
    )


def _check_totals(
    errors: Errors,
    rows: list[ValueRow],
    series: dict[str, SeriesInfo],
    stored: dict[ValueKey, Decimal],
) -> None:
    """The parts of an additive series add up to its total, for every area, period and kind
    of breakdown the file touches; the file's rows replace the stored ones."""
    merged = dict(stored)
    in_file: dict[ValueKey, ValueRow] = {}
    for row in rows:
        merged[row.key] = row.value
        in_file[row.key] = row
    groups: dict[tuple[str, str, int, str], dict[str, Decimal]] = defaultdict(dict)
    for (key, area, period, kind, part), value in merged.items():
        if kind and series.get(key) and series[key].additive:
            groups[(key, area, period, kind)][part] = value
    for (key, area, period, kind), parts in sorted(groups.items()):
        total_key = (key, area, period, "", "")
        total = merged.get(total_key)
        if total is None:
            continue
        touched = [
            in_file[(key, area, period, kind, part)]
            for part in parts
            if (key, area, period, kind, part) in in_file
        ]
        if total_key not in in_file and not touched:
            continue
        added = sum(parts.values(), Decimal(0))
        if added == total:
            continue
        where = in_file.get(total_key) or min(touched, key=lambda r: r.row)
        errors.add(
            where.row,
            "value",
            _(
                "%(name)s %(area)s %(period)s: 内訳「%(kind)s」の合計 %(sum)s が"
                "総数 %(total)s と一致しません。"
            )
            % {
                "name": series[key].name,
                "area": area,
                "period": period,
                "kind": kind,
                "sum": _plain(added),
                "total": _plain(total),
            },
        )


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def validate_values(
    raw_rows: list[tuple[int, dict[str, str]]],
    series: dict[str, SeriesInfo],
    stored: dict[ValueKey, Decimal] | None = None,
    *,
    file: str = "",
) -> list[ValueRow]:
    """Return the rows as ValueRows, or raise ImportInvalid listing every problem: unknown
    or derived series, missing fields, bad numbers and years, duplicates within the file, and
    parts that do not add up to their total (with `stored` values merged in)."""
    errors = Errors(file)
    rows: list[ValueRow] = []
    seen: dict[ValueKey, int] = {}
    for number, cells in raw_rows:
        row = _value_row(errors, number, cells, series)
        if row is None:
            continue
        if row.key in seen:
            errors.add(
                number,
                "breakdown" if row.breakdown else "period",
                _("%(line)s行目と同じ系列・地域・年・内訳です。") % {"line": seen[row.key]},
            )
            continue
        seen[row.key] = number
        rows.append(row)
    if not raw_rows and not errors:
        errors.add(None, "", _("取り込む行がありません。"))
    if not errors:
        _check_totals(errors, rows, series, stored or {})
    if errors:
        raise ImportInvalid(errors.items)
    return rows


def stored_values(local_government, series_keys) -> dict[ValueKey, Decimal]:
    """The stored values of the given series, by their natural key."""
    rows = StatisticValue.objects.filter(
        local_government=local_government, series__key__in=list(series_keys)
    ).values_list("series__key", "area", "period", "breakdown_kind", "breakdown", "value")
    return {tuple(row[:5]): row[5] for row in rows}


def series_info(local_government) -> dict[str, SeriesInfo]:
    return {
        s.key: SeriesInfo.of(s)
        for s in StatisticSeries.objects.filter(local_government=local_government).only(
            "key", "name", "kind", "additive"
        )
    }


def parse_upload(*, local_government, filename: str, content: bytes) -> list[ValueRow]:
    """Read and validate an uploaded values file against the local government's series and
    stored values; raise ImportInvalid with every problem."""
    raw_rows = read_upload(filename, content)
    series = series_info(local_government)
    additive = {cells["series"] for _row, cells in raw_rows if cells["series"] in series}
    additive = {key for key in additive if series[key].additive}
    return validate_values(raw_rows, series, stored_values(local_government, additive))


def check_stored_totals(local_government, rows: list[ValueRow]) -> None:
    """Check the validated rows' totals again against the values stored now; raise
    ImportInvalid when the parts no longer add up (linear in the rows)."""
    series = series_info(local_government)
    errors = Errors()
    for row in rows:
        if row.series not in series:  # deleted meanwhile
            errors.add(
                row.row,
                "series",
                _("統計系列 %(key)s は登録されていません。") % {"key": row.series},
            )
    if errors:
        raise ImportInvalid(errors.items)
    additive = {row.series for row in rows if series[row.series].additive}
    _check_totals(errors, rows, series, stored_values(local_government, additive))
    if errors:
        raise ImportInvalid(errors.items)
