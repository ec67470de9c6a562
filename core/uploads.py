"""Reading tables that come from outside, within limits: an upload in the back office (CSV or
.xlsx) or a CSV file of a package or HSDS folder (docs/operations.md, "Limits").

Every import reads its file here, so that a hostile file is refused in one place, in time
linear in its size and before any transaction opens: the bytes are bounded first, then every
record as it is read (its columns, the length of its cells, the number of rows). An .xlsx is
a zip whose unpacked size is checked before openpyxl opens it; anything openpyxl cannot read
(a chart sheet only, a broken part, a truncated zip) is a file error, never a 500.

The result is a list of (row number, cells) for the non-blank records, the first being the
header: the row number is the record's number in the file (as Excel shows it), blank records
are left out but counted. An .xlsx row ends at its last non-empty cell.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import zipfile
from dataclasses import dataclass
from itertools import compress, count
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
UPLOAD_ENCODINGS = ("utf-8-sig", "cp932")  # Japanese Excel saves CSV as Shift_JIS by default
PACKAGE_ENCODINGS = ("utf-8-sig",)

Record = tuple[int, list[str]]


@dataclass(frozen=True)
class TableLimits:
    max_bytes: int
    max_rows: int  # data rows, not counting the header and blank rows
    max_columns: int
    max_cell_chars: int
    max_unpacked_bytes: int  # an .xlsx's parts, unpacked

    @classmethod
    def for_uploads(cls) -> TableLimits:
        return cls(
            max_bytes=settings.TSUNAGU_UPLOAD_MAX_BYTES,
            max_rows=settings.TSUNAGU_UPLOAD_MAX_ROWS,
            max_columns=settings.TSUNAGU_UPLOAD_MAX_COLUMNS,
            max_cell_chars=settings.TSUNAGU_UPLOAD_MAX_CELL_CHARS,
            max_unpacked_bytes=settings.TSUNAGU_UPLOAD_MAX_XLSX_UNPACKED_BYTES,
        )

    @classmethod
    def for_packages(cls) -> TableLimits:
        uploads = cls.for_uploads()
        return cls(
            max_bytes=settings.TSUNAGU_PACKAGE_MAX_FILE_BYTES,
            max_rows=settings.TSUNAGU_PACKAGE_MAX_ROWS,
            max_columns=uploads.max_columns,
            max_cell_chars=uploads.max_cell_chars,
            max_unpacked_bytes=uploads.max_unpacked_bytes,
        )


class TableUnreadable(Exception):
    """The file is not a table that can be read within the limits. `message` says why, for
    the person who sent it (translated); `row` is where, when it is one row's fault."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


SHOWN_ERRORS = 200  # a file with thousands of bad rows gets a page, not megabytes of HTML


def error_report(errors: list) -> dict:
    """The template context of core/_import_errors.html: the first problems and how many."""
    return {"errors": errors[:SHOWN_ERRORS], "error_count": len(errors)}


def human_size(size: int) -> str:
    """A byte count for people: 5 MB, 412 KB, 900 バイト."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            text = f"{size / factor:,.1f}".removesuffix(".0")
            return f"{text} {unit}"
    return _("%(size)s バイト") % {"size": f"{size:,}"}


def too_large(size: int, limit: int) -> str:
    return _("ファイルが大きすぎます（上限 %(limit)s、このファイルは %(size)s）。") % {
        "limit": human_size(limit),
        "size": human_size(size),
    }


# --- the entry points ---------------------------------------------------------------------


def read_records(
    content: bytes,
    *,
    filename: str = "",
    limits: TableLimits | None = None,
    encodings: tuple[str, ...] = UPLOAD_ENCODINGS,
) -> list[Record]:
    """Return the non-blank records of an uploaded CSV or of the first worksheet of an .xlsx
    (by its name or its first bytes); raise TableUnreadable when it cannot be read within
    `limits` (the upload limits by default)."""
    limits = limits or TableLimits.for_uploads()
    if not content:
        raise TableUnreadable(_("ファイルが空です。"))
    if len(content) > limits.max_bytes:
        raise TableUnreadable(too_large(len(content), limits.max_bytes))
    if filename.lower().endswith(XLSX_SUFFIXES) or content.startswith(ZIP_MAGIC):
        return _xlsx_records(content, limits)
    return _csv_records(_decode(content, encodings), limits)


def read_upload(upload: UploadedFile, *, limits: TableLimits | None = None) -> bytes:
    """The content of an uploaded file for `read_records`: its size is checked before anything
    is read into memory, and no more than the limit (plus one byte, to catch a size that was
    wrong) is ever read; raise TableUnreadable over the limit. An OversizedUpload (what
    BoundedUploadHandler leaves of a larger file) is refused by its size."""
    limits = limits or TableLimits.for_uploads()
    if upload.size is not None and upload.size > limits.max_bytes:
        raise TableUnreadable(too_large(upload.size, limits.max_bytes))
    upload.seek(0)
    content = upload.read(limits.max_bytes + 1)
    if len(content) > limits.max_bytes:
        raise TableUnreadable(too_large(max(len(content), upload.size or 0), limits.max_bytes))
    return content


def read_csv_path(
    path: Path, *, limits: TableLimits | None = None, encodings=PACKAGE_ENCODINGS
) -> list[Record]:
    """Return the non-blank records of the CSV file at `path` (of a package or HSDS folder);
    its size is checked before it is read."""
    limits = limits or TableLimits.for_packages()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise TableUnreadable(too_large(size, limits.max_bytes))
    content = path.read_bytes()
    if not content:
        return []
    return _csv_records(_decode(content, encodings), limits)


def read_text_path(path: Path, *, limits: TableLimits | None = None) -> str:
    """The UTF-8 text of a package's file (e.g. its YAML), its size checked before it is read;
    raise TableUnreadable over the limit and UnicodeDecodeError when it is not UTF-8."""
    limits = limits or TableLimits.for_packages()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise TableUnreadable(too_large(size, limits.max_bytes))
    return path.read_text(encoding="utf-8")


class PackageYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (*name): a package has no use for them, and a few
    nested ones ("billion laughs") make a small file expand without bound when it is walked."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, _("別名（*名前）は使えません。"), self.peek_event().start_mark
            )
        return super().compose_node(parent, index)


# --- CSV ------------------------------------------------------------------------------------


def _decode(content: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise TableUnreadable(_("CSV ファイルとして読めません。"))
        return text
    if encodings == PACKAGE_ENCODINGS:
        raise TableUnreadable(_("UTF-8 で保存してください。"))
    raise TableUnreadable(_("文字コードが読めません。UTF-8 の CSV で保存してください。"))


def _width(cells: list[str]) -> int:
    """The number of columns up to the last non-empty cell (trailing empty cells, as Excel
    writes them, do not count). C-speed: a hostile row of millions of commas costs
    milliseconds."""
    if not cells or cells[-1]:
        return len(cells)
    return next(compress(count(len(cells) - 1, -1), reversed(cells)), -1) + 1


class _Checker:
    """The per-record checks, shared by CSV and .xlsx."""

    def __init__(self, limits: TableLimits):
        self.limits = limits
        self.records: list[Record] = []

    def take(self, number: int, cells: list[str]) -> bool:
        """Keep a record; False when it is blank. A record wider than the limit but for
        trailing empty cells is trimmed to its width (others are kept as they are, so that a
        package's reader can still tell a short row)."""
        width = _width(cells)
        if width > self.limits.max_columns:
            raise TableUnreadable(
                _("列が多すぎます（上限 %(limit)s列、%(row)s行目は %(count)s列）。")
                % {"limit": f"{self.limits.max_columns:,}", "row": number, "count": f"{width:,}"},
                row=number,
            )
        if len(cells) > self.limits.max_columns:
            cells = cells[:width]
        if not width or not "".join(cells).strip():
            return False
        if max(map(len, cells)) > self.limits.max_cell_chars:
            self.cell_too_long(number, cells)
        self.records.append((number, cells))
        return True

    def cell_too_long(self, number: int, cells: list[str]) -> None:
        column = next(i for i, cell in enumerate(cells) if len(cell) > self.limits.max_cell_chars)
        raise TableUnreadable(
            _(
                "セルの文字数が多すぎます（上限 %(limit)s文字、%(row)s行目の%(column)s列目は"
                "%(length)s文字）。"
            )
            % {
                "limit": f"{self.limits.max_cell_chars:,}",
                "row": number,
                "column": column + 1,
                "length": f"{len(cells[column]):,}",
            },
            row=number,
        )

    @property
    def full(self) -> bool:
        """More data rows than the limit (the first record is the header)."""
        return len(self.records) - 1 > self.limits.max_rows

    def too_many_rows(self, rows: int | None) -> TableUnreadable:
        if rows is None:
            message = _(
                "行が多すぎます（上限 %(limit)s行、このシートにはそれより多くの行があります）。"
                "分けて取り込んでください。"
            ) % {"limit": f"{self.limits.max_rows:,}"}
        else:
            message = _(
                "行が多すぎます（上限 %(limit)s行、このファイルは %(rows)s行）。"
                "分けて取り込んでください。"
            ) % {"limit": f"{self.limits.max_rows:,}", "rows": f"{rows:,}"}
        return TableUnreadable(message)


FIELD_LIMIT_ERROR = "field larger than field limit"


def _csv_records(text: str, limits: TableLimits) -> list[Record]:
    checker = _Checker(limits)
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            checker.take(number, cells)
            if checker.full:
                # Count the rest without keeping it (C-speed: blank lines are empty lists).
                rest = sum(map(bool, reader))
                raise checker.too_many_rows(len(checker.records) - 1 + rest)
    except csv.Error as exc:
        if str(exc).startswith(FIELD_LIMIT_ERROR):
            raise TableUnreadable(
                _("セルの文字数が多すぎます（上限 %(limit)s文字、%(row)s行目）。")
                % {"limit": f"{limits.max_cell_chars:,}", "row": number + 1},
                row=number + 1,
            ) from None
        raise TableUnreadable(_("CSV として読めません: %(problem)s") % {"problem": exc}) from None
    return checker.records


# --- .xlsx ----------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without ".0", dates in
    ISO form, error values (#DIV/0!) as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _unreadable_xlsx() -> TableUnreadable:
    return TableUnreadable(
        _("Excel ファイル（.xlsx）として読めません。ファイルが壊れているか、別の形式です。")
    )


def _check_zip(content: bytes, limits: TableLimits) -> None:
    """Refuse a zip that is not one, or that unpacks to more than the limit, before openpyxl
    opens it. The declared sizes can be trusted as a bound: Python's zipfile never returns
    more bytes of a part than its declared size (and fails on the CRC if the data differ)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable_xlsx() from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise TableUnreadable(
            _("Excel ファイルを展開すると大きすぎます（上限 %(limit)s、このファイルは %(size)s）。")
            % {"limit": human_size(limits.max_unpacked_bytes), "size": human_size(unpacked)}
        )
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise TableUnreadable(
            _("Excel のブック（.xlsx）ではありません（xl/workbook.xml がありません）。")
        )


def _log_unreadable(exc: Exception) -> None:
    """Log why openpyxl could not read a workbook, naming the first cause (openpyxl wraps
    e.g. defusedxml's EntitiesForbidden for an entity bomb in a ValueError)."""
    cause = exc.__cause__ or exc.__context__
    because = f" (because {type(cause).__name__}: {cause})" if cause is not None else ""
    logger.info("unreadable .xlsx upload: %s: %s%s", type(exc).__name__, exc, because)


def _xlsx_records(content: bytes, limits: TableLimits) -> list[Record]:
    from openpyxl import load_workbook

    _check_zip(content, limits)
    checker = _Checker(limits)
    # openpyxl raises whatever its parser meets in a broken part (KeyError, AttributeError,
    # ParseError, OverflowError for a date out of range, …): any of them means the file is
    # not a readable table, so each is a file error here, never a 500.
    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:
        _log_unreadable(exc)
        raise _unreadable_xlsx() from None
    try:
        if not workbook.worksheets:
            raise TableUnreadable(
                _("ワークシートがありません（グラフシートだけのブックは読めません）。")
            )
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; read every row that is there instead.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            width = len(values)
            while width and (values[width - 1] is None or values[width - 1] == ""):
                width -= 1
            checker.take(number, [cell_text(value) for value in values[:width]])
            if checker.full:
                raise checker.too_many_rows(None)
    except TableUnreadable:
        raise
    except Exception as exc:
        _log_unreadable(exc)
        raise _unreadable_xlsx() from None
    finally:
        workbook.close()
    return checker.records


# --- the upload handler -----------------------------------------------------------------------


class OversizedUpload(UploadedFile):
    """What is left of a file larger than TSUNAGU_UPLOAD_MAX_BYTES: its name and its size,
    no content. The upload forms refuse it by its size."""

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(), name, content_type, size)


class BoundedUploadHandler(FileUploadHandler):
    """Reads a multipart upload on, but keeps nothing of a file past TSUNAGU_UPLOAD_MAX_BYTES
    (neither in memory nor in a temporary file); the form then says how large it was."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.TSUNAGU_UPLOAD_MAX_BYTES:
            return None  # the handlers after this one get no more of it
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.TSUNAGU_UPLOAD_MAX_BYTES:
            return OversizedUpload(self.file_name, self.content_type, self.received)
        return None  # the next handler (memory or temporary file) has it all
