"""The one CSV and Excel writer of every download (ASVS V1.2.10: CSV and formula injection).

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some programs, a tab
or carriage return before one) as a formula: a posted `=HYPERLINK("http://evil…","x")` in a
name field would become a live link, or worse, in the secretariat's download. Every export goes
through `csv_response` or `xlsx_response`, which write such a text cell with a leading `'`
(what Excel itself shows for text typed that way). Only text is neutralised: a number stays a
number, so -3 is a negative number, not a formula.

Every export view carries `@export(...)` (outside its access decorators), which marks it for
`core/tests/test_exports.py`: that test enumerates the URL resolver for marked views and fails
when an export has no case there with a hostile value planted.
"""

import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"

# The first characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
NUMBER_TYPES = (int, float, Decimal)


def is_formula_like(value) -> bool:
    """True for text a spreadsheet would run as a formula (numbers never are)."""
    return isinstance(value, str) and value[:1] in FORMULA_PREFIXES


def neutralise(value):
    """The value to write: text that looks like a formula gets a leading `'`; numbers, dates,
    booleans and None come back unchanged."""
    if is_formula_like(value):
        return f"'{value}"
    return value


def csv_cell(value) -> str:
    """The text of one CSV cell: None is empty, a number is written as it is (a negative number
    is data), and any other value is text, neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, NUMBER_TYPES):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    return neutralise(str(value))


class _Echo:
    """A file-like object whose write returns what it was given (csv.writer → one line)."""

    def write(self, value):
        return value


def csv_lines(
    rows: Iterable[Iterable],
    *,
    header: Iterable | None = None,
    lineterminator: str = "\r\n",
    bom: bool = True,
) -> Iterator[str]:
    """The CSV text of `header` (when given) and `rows`, one line at a time, every cell through
    `csv_cell`, the first line starting with a BOM (unless `bom` is false: a plan package's
    file) so that Excel reads UTF-8."""
    writer = csv.writer(_Echo(), lineterminator=lineterminator)
    prefix = BOM if bom else ""
    for row in itertools.chain([header] if header is not None else [], rows):
        yield prefix + writer.writerow([csv_cell(value) for value in row])
        prefix = ""
    if prefix:  # no rows at all: still a UTF-8 file Excel recognises
        yield prefix


def csv_response(
    rows: Iterable[Iterable],
    filename: str,
    *,
    header: Iterable | None = None,
    lineterminator: str = "\r\n",
    bom: bool = True,
) -> StreamingHttpResponse:
    """A streaming CSV download (UTF-8 with a BOM) of `header` (or the first of `rows`) and
    `rows`. `rows` may be a generator over a queryset's iterator: nothing is held in memory."""
    lines = csv_lines(rows, header=header, lineterminator=lineterminator, bom=bom)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines),
        content_type=CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


THOUSANDS = "#,##0"
THOUSANDS_DECIMALS = "#,##0.0##"
PLAIN_INTEGER = "0"


def xlsx_number_format(value) -> str | None:
    """The number format of a number cell: thousands separators (9,000; 64.78), None for a
    cell that is not a number."""
    if isinstance(value, bool) or not isinstance(value, NUMBER_TYPES):
        return None
    if isinstance(value, Decimal):
        return THOUSANDS if value == value.to_integral_value() else THOUSANDS_DECIMALS
    if isinstance(value, float) and not value.is_integer():
        return THOUSANDS_DECIMALS
    return THOUSANDS


def neutralise_workbook(workbook) -> None:
    """Make every text cell of `workbook` text: one that looks like a formula gets its `'`,
    and no cell keeps the formula type (openpyxl turns any string starting with `=` into a
    formula). For workbooks built cell by cell (the compiled report)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = neutralise(cell.value)
                    cell.data_type = "s"


def xlsx_response(
    rows: Iterable[Iterable], filename: str, *, title: str = "", plain_columns: Iterable[int] = ()
) -> HttpResponse:
    """An Excel (.xlsx) download of `rows`, header first and frozen. Numbers stay numbers,
    shown with thousands separators (an id in one of `plain_columns`, counted from 0, without);
    text that looks like a formula is kept as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    plain = {column + 1 for column in plain_columns}
    workbook = Workbook()
    sheet = workbook.active
    if title:
        # Excel refuses sheet titles over 31 characters or with []:*?/\
        sheet.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet1"
    widths: dict[int, int] = {}
    for number, row in enumerate(rows):
        values = [neutralise(value) for value in row]
        for column, value in enumerate(values, start=1):
            widths[column] = max(widths.get(column, 0), len(str(value or "")))
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
        if number == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            continue
        for cell in sheet[sheet.max_row]:
            number_format = xlsx_number_format(cell.value)
            if number_format:
                cell.number_format = PLAIN_INTEGER if cell.column in plain else number_format
    sheet.freeze_panes = "A2"
    for column, width in widths.items():
        # Japanese characters are about twice as wide as Latin ones
        sheet.column_dimensions[get_column_letter(column)].width = min(60, max(8, width * 2 + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return xlsx_bytes_response(buffer.getvalue(), filename)


def xlsx_bytes_response(content: bytes, filename: str) -> HttpResponse:
    """An Excel download of a workbook already saved (neutralised with
    `neutralise_workbook`)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- marking the export views ------------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    """What a marked view downloads: its formats ("csv", "xlsx") and the query string that
    makes the view answer with the file rather than a page (e.g. "format=csv")."""

    formats: tuple[str, ...] = ("csv",)
    query: str = ""
    personal: bool = False  # people's names or contacts: behind re-authentication


EXPORT_ATTRIBUTE = "tsunagu_export"


def export(
    *formats: str, query: str = "", personal: bool = False
) -> Callable[[Callable], Callable]:
    """Mark a view as an export (see the module's docstring). Put it outermost."""

    def mark(view: Callable) -> Callable:
        setattr(view, EXPORT_ATTRIBUTE, Export(formats or ("csv",), query, personal))
        return view

    return mark


def export_of(view: Callable) -> Export | None:
    """The export a view is marked with, or None."""
    return getattr(view, EXPORT_ATTRIBUTE, None)
