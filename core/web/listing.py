"""Helpers shared by the back office's lists: the query string without paging or sorting,
sortable column headers, and CSV / Excel downloads of what a list shows."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def query_without(request, *names) -> str:
    """The request's query string without `page` and `names` (for links that keep filters)."""
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


def sort_links(request, current: str, columns: dict[str, tuple[str, str | None]]) -> dict:
    """For each sortable column: the link that sorts by it (or reverses it) and, on the
    column in use, its aria-sort value."""
    base = query_without(request, "sort")
    links = {}
    for column, (ascending, descending) in columns.items():
        next_key = descending if current == ascending and descending else ascending
        if current == ascending:
            state = "ascending"
        elif current == descending:
            state = "descending"
        else:
            state = ""
        links[column] = {
            "href": f"?{base}&sort={next_key}" if base else f"?sort={next_key}",
            "aria_sort": state,
        }
    return links


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    # a cell Excel would run as a formula is written as text
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    """A CSV download (UTF-8 with a BOM, so that Excel reads it) of `rows`, header first."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


THOUSANDS = "#,##0"
THOUSANDS_DECIMALS = "#,##0.0##"
PLAIN_INTEGER = "0"


def xlsx_number_format(value) -> str | None:
    """The number format of a number cell: thousands separators (9,000; 64.78), None for a
    cell that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, Decimal):
        return THOUSANDS if value == value.to_integral_value() else THOUSANDS_DECIMALS
    if isinstance(value, float) and not value.is_integer():
        return THOUSANDS_DECIMALS
    return THOUSANDS


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
        values = []
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = csv_cell(value)
            values.append(value)
            widths[column] = max(widths.get(column, 0), len(str(value or "")))
        sheet.append(values)
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
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
