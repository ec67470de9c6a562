"""Reading and validating a list of cooperating employers (CSV or Excel) before
employment.employers.services.employer_import_file takes it, all or nothing.

The file is read with the statistics importer's table reader (stats.importer.read_table:
UTF-8 or Shift_JIS CSV, or the first sheet of an .xlsx). Headings are the column keys below
or the Japanese labels this system's own export writes, so an exported list can be edited
and taken back. Every problem is reported with its row and column; nothing is written here.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from employment.employers.rules import check_values, folded_name
from employment.models import Employer, Industry
from stats.importer import ImportInvalid, RowError, read_table

COLUMNS = [
    "name",
    "name_kana",
    "industry",
    "postal_code",
    "address",
    "ward",
    "size",
    "employees",
    "registered_with_probation_office",
    "registered_on",
    "contact_name",
    "contact_phone",
    "contact_email",
    "hires_before_registration",
    "is_public",
]
REQUIRED = {"name", "industry"}
# Columns of the export that describe the record in this system; read and ignored.
EXPORT_ONLY = ["status", "applied_at", "reviewed_at", "hires_recorded", "account"]
TEXT_COLUMNS = [
    "name",
    "name_kana",
    "postal_code",
    "address",
    "ward",
    "contact_name",
    "contact_phone",
    "contact_email",
]
# the words a list may use for yes and no (besides yes/no, true/false, 1/0)
TRUE_WORDS = {"yes", "true", "1", *"はい ○ ◯ 済 あり する 登録済み 公開".split()}  # i18n-data
FALSE_WORDS = {"no", "false", "0", *"いいえ × 未 なし しない 未登録 非公開".split()}  # i18n-data
ERA_START = {"令和": 2019, "平成": 1989, "昭和": 1926}  # i18n-data
ERA_DATE = re.compile(r"^(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$")  # i18n-data
WESTERN_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][0-9:.]+)?$")
JAPANESE_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")  # i18n-data
MAX_COUNT = 100_000


def export_headings() -> dict[str, str]:
    """The Japanese heading of each column, as the export writes it."""
    fields = {f.name: f for f in Employer._meta.get_fields() if hasattr(f, "verbose_name")}
    headings = {name: str(fields[name].verbose_name) for name in COLUMNS}
    headings.update(
        {
            "status": _("状態"),
            "applied_at": _("申請日時"),
            "reviewed_at": _("審査日時"),
            "hires_recorded": _("システムに記録した就職者数"),
            "account": _("アカウント"),
        }
    )
    return headings


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def aliases() -> dict[str, str]:
    """Heading -> column key: the export's headings and a few common variants."""
    table = {_fold(heading): key for key, heading in export_headings().items()}
    extra = {
        "企業名": "name",  # i18n-data
        "会社名": "name",  # i18n-data
        "事業所名(ふりがな)": "name_kana",  # i18n-data
        "ふりがな": "name_kana",  # i18n-data
        "フリガナ": "name_kana",  # i18n-data
        "住所": "address",  # i18n-data
        "保護観察所への登録": "registered_with_probation_office",  # i18n-data
        "登録日": "registered_on",  # i18n-data
        "電話番号": "contact_phone",  # i18n-data
        "メールアドレス": "contact_email",  # i18n-data
        "雇用実績": "hires_before_registration",  # i18n-data
        "公開": "is_public",  # i18n-data
    }
    table.update({_fold(heading): key for heading, key in extra.items()})
    return table


# folded name -> (pk, updated_at) of the registered employer a row matched, None for a new one
Seen = dict[str, tuple[int, datetime.datetime] | None]


@dataclass(frozen=True)
class ImportRow:
    row: int
    values: dict[str, Any]  # the fields to set
    employer: Employer | None  # the registered employer of the same name, if any


class _Errors(list):
    def add(self, row: int | None, column: str, message: str) -> None:
        self.append(RowError(row, column, message))


def _choice(text: str, choices) -> str | None:
    """The value of a choice given as its value or its label (any width)."""
    folded = _fold(text)
    for value, label in choices.choices:
        if folded in (_fold(value), _fold(str(label))):
            return value
    return None


def _boolean(text: str) -> bool | None:
    folded = _fold(text)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


def _count(text: str) -> int | None:
    folded = _fold(text).replace(",", "").removesuffix("人")  # i18n-data: 12人
    if not re.fullmatch(r"\d{1,9}", folded):
        return None
    return int(folded)


def parse_date(text: str) -> datetime.date | None:
    """A date written 2019-04-01, 2019/4/1, 2019年4月1日 or 令和元年4月1日 (or an Excel date)."""
    folded = unicodedata.normalize("NFKC", text).strip()
    numbers = None
    if match := WESTERN_DATE.match(folded) or JAPANESE_DATE.match(folded):
        numbers = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := ERA_DATE.match(folded):
        era_year = 1 if match.group(2) == "元" else int(match.group(2))  # i18n-data
        year = ERA_START[match.group(1)] + era_year - 1
        numbers = (year, int(match.group(3)), int(match.group(4)))
    if numbers is None:
        return None
    try:
        return datetime.date(*numbers)
    except ValueError:
        return None


def _cells(errors: _Errors, number: int, cells: dict[str, str]) -> dict[str, Any]:
    """The parsed non-blank cells of a row; problems go to `errors`."""
    values: dict[str, Any] = {}
    lengths = {
        f.name: f.max_length for f in Employer._meta.get_fields() if hasattr(f, "max_length")
    }
    for name in TEXT_COLUMNS:
        text = cells.get(name, "")
        if not text:
            continue
        if lengths.get(name) and len(text) > lengths[name]:
            errors.add(
                number,
                name,
                _("%(max)s文字以内にしてください（%(length)s文字）。")
                % {"max": lengths[name], "length": len(text)},
            )
            continue
        values[name] = text
    if not cells.get("name"):
        errors.add(number, "name", _("必須項目です。事業所名を書いてください。"))

    if not cells.get("industry"):
        errors.add(number, "industry", _("必須項目です。業種を書いてください。"))
    else:
        industry = _choice(cells["industry"], Industry)
        if industry is None:
            errors.add(
                number,
                "industry",
                _("業種「%(value)s」は使えません。%(allowed)s のいずれかにしてください。")
                % {
                    "value": cells["industry"],
                    "allowed": "、".join(str(label) for label in Industry.labels),
                },
            )
        else:
            values["industry"] = industry

    if cells.get("size"):
        size = _choice(cells["size"], Employer.Size)
        if size is None:
            errors.add(
                number,
                "size",
                _("従業員規模「%(value)s」は使えません。%(allowed)s のいずれかにしてください。")
                % {
                    "value": cells["size"],
                    "allowed": "、".join(str(label) for label in Employer.Size.labels),
                },
            )
        else:
            values["size"] = size

    for name in ("employees", "hires_before_registration"):
        if cells.get(name):
            count = _count(cells[name])
            if count is None or count > MAX_COUNT:
                errors.add(
                    number,
                    name,
                    _("0以上の整数（人数）にしてください（%(value)s）。") % {"value": cells[name]},
                )
            else:
                values[name] = count

    for name in ("registered_with_probation_office", "is_public"):
        if cells.get(name):
            flag = _boolean(cells[name])
            if flag is None:
                errors.add(
                    number,
                    name,
                    _("「はい」か「いいえ」（yes / no）にしてください（%(value)s）。")
                    % {"value": cells[name]},
                )
            else:
                values[name] = flag

    if cells.get("registered_on"):
        day = parse_date(cells["registered_on"])
        if day is None:
            errors.add(
                number,
                "registered_on",
                _(
                    "日付は 2019-04-01 や 令和元年4月1日 のように書いてください"
                    "（%(value)s は読めません）。"
                )
                % {"value": cells["registered_on"]},
            )
        else:
            values["registered_on"] = day
            # a registration date says the employer is registered, unless the file says no
            values.setdefault("registered_with_probation_office", True)

    if values.get("contact_email"):
        try:
            EmailValidator()(values["contact_email"])
        except ValidationError:
            errors.add(
                number,
                "contact_email",
                _("メールアドレスの形が正しくありません（%(value)s）。")
                % {"value": values["contact_email"]},
            )
            del values["contact_email"]
    return values


def _merged(employer: Employer | None, values: dict[str, Any]) -> dict[str, Any]:
    """What the employer would hold after the row: the row's values over the stored ones."""
    base: dict[str, Any] = {
        "registered_with_probation_office": False,
        "registered_on": None,
        "employees": None,
        "size": "",
    }
    if employer is not None:
        base = {name: getattr(employer, name) for name in base}
    if "employees" in values and "size" not in values:
        base["size"] = ""  # worked out again from the new number
    if values.get("registered_with_probation_office") is False and "registered_on" not in values:
        values["registered_on"] = None  # no longer registered: no date either
    return {**base, **values}


def validate_rows(
    raw_rows: list[tuple[int, dict[str, str]]], existing: dict[str, Employer]
) -> list[ImportRow]:
    """Return the rows ready to write, or raise ImportInvalid listing every problem: missing
    or unreadable cells, unknown industries and sizes, a registration date in the future or
    without registration, a size that does not fit the number of employees, and the same
    employer twice in the file."""
    errors = _Errors()
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for number, cells in raw_rows:
        before = len(errors)
        values = _cells(errors, number, cells)
        key = folded_name(cells.get("name", ""))
        if key and key in seen:
            errors.add(
                number,
                "name",
                _("%(line)s行目と同じ事業所名です。1つの事業所は1行にしてください。")
                % {"line": seen[key]},
            )
        elif key:
            seen[key] = number
        employer = existing.get(key)
        merged = _merged(employer, values)
        for name, messages in check_values(merged, today=today).items():
            for message in messages:
                errors.add(number, name, message)
        if len(errors) != before:
            continue
        # keep what check_values normalized (kana, postal code, a size from employees)
        values = {
            name: merged[name]
            for name in merged
            if name in values or (name == "size" and merged["size"] and "employees" in values)
        }
        rows.append(ImportRow(row=number, values=values, employer=employer))
    if not raw_rows and not errors:
        errors.add(None, "", _("取り込む行がありません。"))
    if errors:
        raise ImportInvalid(list(errors))
    return rows


def parse_upload(*, local_government, filename: str, content: bytes) -> list[ImportRow]:
    """Read and validate an uploaded list against the local government's employers; raise
    ImportInvalid with every problem."""
    raw_rows = read_table(
        filename,
        content,
        [*COLUMNS, *EXPORT_ONLY],
        set(COLUMNS) - REQUIRED | set(EXPORT_ONLY),
        aliases=aliases(),
    )
    existing = {
        folded_name(employer.name): employer
        for employer in Employer.objects.filter(local_government=local_government)
    }
    return validate_rows(raw_rows, existing)


def check_unchanged_since_read(local_government, seen: Seen) -> None:
    """Raise ImportInvalid when an employer the file names was added, changed or removed
    since the file was validated against the register (one query; run in the writing
    transaction)."""
    now = {}
    for pk, name, updated_at in Employer.objects.filter(
        local_government=local_government
    ).values_list("pk", "name", "updated_at"):
        key = folded_name(name)
        if key in seen:
            now[key] = (pk, updated_at)
    if any(now.get(key) != expected for key, expected in seen.items()):
        message = _(
            "取り込みの途中で、ほかの人が協力雇用主の登録内容を変えました。"
            "何も取り込んでいません。もう一度取り込んでください。"
        )
        raise ImportInvalid([RowError(None, "", message)])
