"""Reading the CSV files of one folder of a plan package (housing/, campaigns/ …) cell by
cell, gathering every problem with its file, line and column (core.package.csv_files)."""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _

from core.package.csv_files import RowError, Rows, read_csv_file
from core.web.params import parse_int

DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TIME = re.compile(r"(\d{1,2}):(\d{2})")
BOOLEANS = {
    "yes": True,
    "true": True,
    "1": True,
    "no": False,
    "false": False,
    "0": False,
    "": False,
}
LIST_SEPARATORS = re.compile(r"[;；、]")
MAX_COUNT = 1_000_000


class FolderReader:
    """The reader of the package folder `root` (named `folder` in messages); `errors` holds
    every problem found so far."""

    def __init__(self, root: Path, folder: str):
        self.root = root
        self.folder = folder
        self.errors: list[RowError] = []

    def error(self, file: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(
            RowError(f"{self.folder}/{file}" if file else self.folder, row, column, message)
        )

    def rows(self, name: str, columns: list[str], optional: tuple[str, ...] = ()) -> Rows:
        """The rows of `name` as (line number, {column: stripped text}); [] when the file is
        absent (every file of a folder is optional)."""
        path = self.root / name
        if not path.is_file():
            return []
        return read_csv_file(path, name, columns, self.error, any_order=True, optional=optional)

    def required(self, file: str, row: int, cells: dict[str, str], *columns: str) -> bool:
        missing = [column for column in columns if not cells.get(column)]
        for column in missing:
            self.error(file, row, column, _("必須項目です。"))
        return not missing

    def length(self, file, row, column, value: str, model: type[models.Model], name: str) -> bool:
        limit = model._meta.get_field(name).max_length
        if limit and len(value) > limit:
            self.error(
                file,
                row,
                column,
                _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
                % {"limit": limit, "length": len(value)},
            )
            return False
        return True

    def choice(self, file, row, column, value: str, allowed: list[str]) -> bool:
        if value not in allowed:
            self.error(
                file,
                row,
                column,
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": value or _("（空）"), "allowed": ", ".join(allowed)},
            )
            return False
        return True

    def choices(self, file, row, column, value: str, allowed: list[str]) -> list[str]:
        """A list of choices separated by `;` (or `、`); each must be one of `allowed`."""
        chosen = split_list(value)
        for part in chosen:
            self.choice(file, row, column, part, allowed)
        return [part for part in chosen if part in allowed]

    def boolean(self, file, row, column, value: str) -> bool:
        key = unicodedata.normalize("NFKC", value).lower()
        if key not in BOOLEANS:
            self.error(file, row, column, _("yes か no（または空欄）にしてください。"))
            return False
        return BOOLEANS[key]

    def count(self, file, row, column, value: str, *, minimum=0, maximum=MAX_COUNT) -> int | None:
        """An integer cell; None when empty (or not a valid number, reported)."""
        text = unicodedata.normalize("NFKC", value).replace(",", "")
        if not text:
            return None
        number = parse_int(text, minimum=minimum, maximum=maximum)
        if number is None:
            self.error(
                file,
                row,
                column,
                _("%(min)s以上%(max)s以下の整数にしてください（%(value)s）。")
                % {"min": minimum, "max": maximum, "value": value},
            )
        return number

    def decimal(self, file, row, column, value: str, *, minimum: Decimal, maximum: Decimal):
        text = unicodedata.normalize("NFKC", value)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not minimum <= number <= maximum:
            self.error(
                file,
                row,
                column,
                _("%(min)s以上%(max)s以下の数にしてください（%(value)s）。")
                % {"min": minimum, "max": maximum, "value": value},
            )
            return None
        return number

    def date(self, file, row, column, value: str) -> datetime.date | None:
        """A YYYY-MM-DD cell; None when empty (or invalid, reported)."""
        text = unicodedata.normalize("NFKC", value)
        if not text:
            return None
        match = DAY.fullmatch(text)
        try:
            if match:
                return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
        self.error(
            file,
            row,
            column,
            _("日付は 2021-07-01 のように書いてください（%(value)s）。") % {"value": value},
        )
        return None

    def time(self, file, row, column, value: str) -> datetime.time | None:
        text = unicodedata.normalize("NFKC", value)
        if not text:
            return None
        match = TIME.fullmatch(text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return datetime.time(int(match[1]), int(match[2]))
        self.error(
            file,
            row,
            column,
            _("時刻は 13:30 のように HH:MM で書いてください（%(value)s）。") % {"value": value},
        )
        return None

    def duplicate(self, file, row, column, key, seen: dict, label: str) -> bool:
        """Whether `key` was seen on an earlier row (reported); remember it otherwise."""
        if key in seen:
            self.error(
                file,
                row,
                column,
                _("%(label)s は%(row)s行目と重複しています。") % {"label": label, "row": seen[key]},
            )
            return True
        seen[key] = row
        return False


def split_list(value: str) -> list[str]:
    """The items of a cell listing several values, separated by `;` (or `；`, `、`)."""
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def day_text(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def time_text(time: datetime.time | None) -> str:
    return f"{time:%H:%M}" if time else ""


def number_text(value) -> str:
    return "" if value is None else str(value)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def write_csv(folder: Path, name: str, columns: list[str], rows: list[list]) -> None:
    """Write `rows` under a header of `columns` to `folder`/`name` (UTF-8, \\n line ends), the
    format FolderReader reads."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
