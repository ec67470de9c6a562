"""Reading the CSV files of a package (plan, directory, …) with row-level errors."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.uploads import TableUnreadable, read_csv_path


@dataclass(frozen=True)
class RowError:
    """One problem of a package file: where (file, line, column) and what."""

    file: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        return (
            f"{where} [{self.column}] {self.message}" if self.column else f"{where} {self.message}"
        )


class PackageInvalid(ValidationError):
    """The files have problems; `errors` lists each with its file, row and column. Nothing
    was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: (e.file, e.row or 0, e.column, e.message))
        super().__init__([str(error) for error in self.errors])


ErrorSink = Callable[[str, int | None, str, str], None]
Rows = list[tuple[int, dict[str, str]]]


def read_csv_file(
    path: Path,
    name: str,
    columns: list[str],
    error: ErrorSink,
    *,
    any_order: bool = False,
    optional: tuple[str, ...] = (),
) -> Rows:
    """The rows of the CSV file at `path` as (line number, {column: stripped cell}).

    The header must name exactly `columns` (in that order unless `any_order`); with
    `any_order`, the `optional` columns may also appear; a missing one is absent from every
    row's dict (a column added later: older files still load, and the caller can tell "not
    given" from "empty"). Blank lines
    are skipped. The file is read within the package limits (core.uploads). Every problem
    goes to `error(name, line, column, message)`; a file that cannot be read gives no rows, a
    row of the wrong length is left out."""
    if not path.is_file():
        error(name, None, "", _("ファイルがありません。"))
        return []
    try:
        records = read_csv_path(path)
    except TableUnreadable as unreadable:
        error(name, unreadable.row, "", unreadable.message)
        return []
    header = [cell.strip() for cell in records[0][1]] if records else []
    if any_order:
        required = set(columns) - set(optional)
        header_ok = required <= set(header) <= set(columns)
        header_ok = header_ok and len(set(header)) == len(header)
    else:
        header_ok = header == columns
    if not header_ok:
        error(
            name,
            records[0][0] if records else 1,
            "",
            _("見出し行は %(expected)s にしてください。") % {"expected": ",".join(columns)},
        )
        return []
    rows = []
    for number, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            error(
                name,
                number,
                "",
                _("列の数が %(got)s です（%(expected)s 列必要です）。")
                % {"got": len(record), "expected": len(header)},
            )
            continue
        rows.append(
            (number, {column: cell.strip() for column, cell in zip(header, record, strict=True)})
        )
    return rows
