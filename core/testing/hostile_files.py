"""Hostile and malformed files for the upload tests, built in the tests (no binary fixtures):
workbooks that are not tables, zips that are not workbooks, and tables past the limits."""

from __future__ import annotations

import datetime
import io
import zipfile

from openpyxl import Workbook


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook(rows: list[list]) -> bytes:
    """A well-formed .xlsx whose first sheet holds `rows`."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    return _saved(book)


def _rewritten(content: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The zip with some parts replaced (bytes) or left out (None)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    target.writestr(info.filename, replace[info.filename])
            else:
                target.writestr(info, source.read(info))
    return out.getvalue()


def not_a_zip() -> bytes:
    return b"series,area\nthis is text in a file named .xlsx\n"


def truncated_zip(header: list[str]) -> bytes:
    content = workbook([header, ["x"] * len(header)])
    return content[: len(content) // 2]


def zip_without_workbook(header: list[str]) -> bytes:
    return _rewritten(workbook([header]), {"xl/workbook.xml": None})


def chart_sheet_only() -> bytes:
    """A workbook whose only sheet is a chart sheet (openpyxl used to fail reading it)."""
    book = Workbook()
    book.create_chartsheet()
    book.remove(book.active)
    return _saved(book)


def empty_sheet() -> bytes:
    return _saved(Workbook())


def merged_header(header: list[str], row: list) -> bytes:
    """The first heading merged over two columns: the second heading cell is empty."""
    book = Workbook()
    sheet = book.active
    sheet.append([header[0], None, *header[1:]])
    sheet.append([row[0], None, *row[1:]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    return _saved(book)


def with_cell(header: list[str], row: list, column: str, value) -> bytes:
    """A header and one row, with `value` (an error value such as "#DIV/0!", a date, …) in
    `column`. openpyxl writes "#DIV/0!" as an error cell, as Excel does."""
    cells = list(row)
    cells[header.index(column)] = value
    return workbook([header, cells])


def date_out_of_range(header: list[str], row: list, column: str) -> bytes:
    """A number cell formatted as a date whose serial is no date at all."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    cells = list(row)
    cells[header.index(column)] = 1e20
    sheet.append(cells)
    sheet.cell(row=2, column=header.index(column) + 1).number_format = "yyyy-mm-dd"
    return _saved(book)


def broken_sheet_xml(header: list[str]) -> bytes:
    return _rewritten(workbook([header]), {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData"})


def entity_bomb(header: list[str]) -> bytes:
    """A sheet whose XML expands entities a billion times (expat refuses it)."""
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    return _rewritten(workbook([header]), {"xl/worksheets/sheet1.xml": xml})


def zip_bomb(header: list[str], unpacked: int) -> bytes:
    """A valid workbook plus a part of `unpacked` zero bytes (it compresses a thousandfold)."""
    content = workbook([header])
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(unpacked))
    return out.getvalue()


def wide_csv(columns: int) -> bytes:
    """A CSV whose header has `columns` one-letter headings (200,000 of them: about 400 KB)."""
    return b"x," * (columns - 1) + b"x\n"


def a_date() -> datetime.datetime:
    return datetime.datetime(2020, 4, 1)
