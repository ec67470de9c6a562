"""Checks of the Excel workbooks Tsunagu writes: a number is a number (not text such as
'9,000' or '80以下'), and a number shows its thousands separator."""

import re
from io import BytesIO

from openpyxl import load_workbook

# 9,000 / 752 / -3 / 62.5 / 80以下 / 50% : text a reader takes for a number
NUMERIC_TEXT = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*(以下|以上|%|％)?")


def open_workbook(content: bytes):
    return load_workbook(BytesIO(content))


def numeric_text_cells(workbook) -> list[tuple[str, str, str]]:
    """(sheet, cell, text) of every text cell that holds a number."""
    return [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and NUMERIC_TEXT.fullmatch(cell.value.strip())
    ]


def unseparated_numbers(workbook, *, skip: frozenset[tuple[str, str]] = frozenset()) -> list:
    """(sheet, cell, value) of every number of 1,000 or more shown without a thousands
    separator; `skip` names (sheet, column letter) pairs that hold ids."""
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue
                if (sheet.title, cell.column_letter) in skip or abs(value) < 1000:
                    continue
                if "#,##" not in cell.number_format:
                    found.append((sheet.title, cell.coordinate, value))
    return found


def numbers(workbook) -> list:
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    ]
