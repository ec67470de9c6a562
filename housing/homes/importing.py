"""Reading and validating a list of safety-net homes (CSV or Excel) before
housing.homes.services.home_import takes it, all or nothing.

The file is read with the statistics importer's table reader (stats.importer.read_table, within
core.uploads' limits). Headings are the column keys below or the Japanese labels the homes
list's own CSV writes, so an exported list can be edited and taken back. A row whose
registration number is already registered in the body updates that home; the others are new.
Every problem is reported with its row and column; nothing is written here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from housing.homes import selectors
from housing.homes.standards import standards_problems
from housing.models import Acceptance, HousingProvider, SafetyNetHome
from stats.importer import ImportInvalid, RowError, read_table

COLUMNS = [
    "provider",
    "registration_number",
    "name",
    "address",
    "ward",
    "rent",
    "common_fee",
    "deposit",
    "floor_area",
    "layout",
    "units",
    "vacancies",
    "earthquake_resistant",
    "barrier_free",
    "pets_allowed",
    "dedicated",
    "accepts",
    "contact",
    "is_public",
    "latitude",
    "longitude",
    "note",
]
REQUIRED = {"name", "address", "rent", "floor_area", "layout"}
# Columns of the export that describe the record in this system; read and ignored.
EXPORT_ONLY = ["is_active", "updated_at"]
TEXT_COLUMNS = ["registration_number", "name", "address", "ward", "layout", "contact", "note"]
MONEY_COLUMNS = ["rent", "common_fee", "deposit"]
COUNT_COLUMNS = ["units", "vacancies"]
FLAG_COLUMNS = ["earthquake_resistant", "barrier_free", "pets_allowed", "dedicated", "is_public"]
TRUE_WORDS = {"yes", "true", "1", *"はい ○ ◯ あり 可 有 する 公開".split()}  # i18n-data
FALSE_WORDS = {"no", "false", "0", *"いいえ × なし 不可 無 しない 非公開".split()}  # i18n-data
LIST_SEPARATORS = re.compile(r"[、,;；/／\n]")
MAX_NUMBER = 99_999_999


def export_headings() -> dict[str, str]:
    """The Japanese heading of each column, as the homes list's CSV writes it."""
    fields = {f.name: f for f in SafetyNetHome._meta.get_fields() if hasattr(f, "verbose_name")}
    headings = {
        name: str(fields[name].verbose_name)
        for name in COLUMNS
        if name not in ("provider", "accepts")
    }
    headings.update(
        {
            "provider": _("事業者"),
            "accepts": _("受け入れる住宅確保要配慮者"),
            "is_active": _("掲載中"),
            "updated_at": _("更新日時"),
        }
    )
    return headings


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def aliases() -> dict[str, str]:
    """Heading → column key: the export's headings and the ones city lists often use."""
    table = {_fold(heading): key for key, heading in export_headings().items()}
    extra = {
        "事業者名": "provider",  # i18n-data
        "登録事業者": "provider",  # i18n-data
        "住宅名": "name",  # i18n-data
        "名称": "name",  # i18n-data
        "住所": "address",  # i18n-data
        "家賃": "rent",  # i18n-data
        "共益費": "common_fee",  # i18n-data
        "管理費": "common_fee",  # i18n-data
        "敷金": "deposit",  # i18n-data
        "床面積": "floor_area",  # i18n-data
        "専有面積": "floor_area",  # i18n-data
        "戸数": "units",  # i18n-data
        "空室数": "vacancies",  # i18n-data
        "耐震性": "earthquake_resistant",  # i18n-data
        "ペット": "pets_allowed",  # i18n-data
        "受け入れ対象": "accepts",  # i18n-data
        "入居を拒まない者": "accepts",  # i18n-data
        "連絡先": "contact",  # i18n-data
        "公開": "is_public",  # i18n-data
    }
    table.update({_fold(heading): key for heading, key in extra.items()})
    return table


@dataclass(frozen=True)
class ImportRow:
    row: int
    values: dict[str, Any]  # the home's fields the row sets
    provider: HousingProvider
    home: SafetyNetHome | None  # the registered home of the same registration number


@dataclass
class Scope:
    """What the importer may touch: the body's, or one provider's own homes."""

    local_government: Any
    provider: HousingProvider | None  # None: the secretariat (every provider of the body)


class _Errors(list):
    def add(self, row: int | None, column: str, message: str) -> None:
        self.append(RowError(row, column, message))


def _number(text: str, suffixes: tuple[str, ...]) -> str:
    folded = _fold(text).replace(",", "").replace("¥", "").replace("\\", "")
    for suffix in suffixes:
        folded = folded.removesuffix(suffix)
    return folded.strip()


def _integer(text: str, suffixes: tuple[str, ...]) -> int | None:
    folded = _number(text, suffixes)
    if not re.fullmatch(r"-?\d{1,9}", folded):
        return None
    return int(folded)


def _decimal(text: str, suffixes: tuple[str, ...] = ()) -> Decimal | None:
    folded = _number(text, suffixes)
    if not re.fullmatch(r"-?\d{1,6}(\.\d{1,6})?", folded):
        return None
    try:
        return Decimal(folded)
    except InvalidOperation:
        return None


def _flag(text: str) -> bool | None:
    folded = _fold(text)
    if folded in TRUE_WORDS:
        return True
    if folded in FALSE_WORDS:
        return False
    return None


def acceptance_lookup(local_government) -> dict[str, int]:
    """Folded label or key → bit, for the national list and the body's own."""
    table = {}
    for i, (value, label) in enumerate(Acceptance.choices):
        table[_fold(value)] = i
        table[_fold(str(label))] = i
    for item in selectors.local_acceptances(local_government):
        table[_fold(item.label)] = item.bit
    return table


def _cells(errors: _Errors, number: int, cells: dict[str, str], lookup) -> dict[str, Any]:
    values: dict[str, Any] = {}
    lengths = {
        f.name: f.max_length
        for f in SafetyNetHome._meta.get_fields()
        if getattr(f, "max_length", None)
    }
    for name in TEXT_COLUMNS:
        text = cells.get(name, "")
        if not text:
            continue
        # a TextField (the note) has no length of its own: the upload's cell limit bounds it
        if lengths.get(name) and len(text) > lengths[name]:
            errors.add(
                number,
                name,
                _("%(max)s文字以内にしてください（%(length)s文字）。")
                % {"max": lengths[name], "length": len(text)},
            )
            continue
        values[name] = text
    for name in sorted(REQUIRED - {"rent", "floor_area"}):
        if not cells.get(name):
            errors.add(number, name, _("必須項目です。"))
    for name in MONEY_COLUMNS:
        text = cells.get(name, "")
        if not text:
            if name == "rent":
                errors.add(number, name, _("必須項目です。家賃（円・月額）を書いてください。"))
            continue
        amount = _integer(text, ("円",))  # i18n-data
        if amount is None or amount > MAX_NUMBER:
            errors.add(
                number, name, _("金額は数字で書いてください（%(value)s）。") % {"value": text}
            )
        elif amount < 0:
            errors.add(number, name, _("金額は0円以上にしてください。"))
        else:
            values[name] = amount
    for name in COUNT_COLUMNS:
        text = cells.get(name, "")
        if text:
            count = _integer(text, ("戸", "室"))  # i18n-data
            if count is None or count < 0 or count > MAX_NUMBER:
                errors.add(
                    number, name, _("0以上の整数にしてください（%(value)s）。") % {"value": text}
                )
            else:
                values[name] = count
    text = cells.get("floor_area", "")
    if not text:
        errors.add(number, "floor_area", _("必須項目です。床面積（㎡）を書いてください。"))
    else:
        area = _decimal(text, ("㎡", "m2", "m²", "平米"))  # i18n-data
        if area is None or area < 0 or area >= 10000 or area != round(area, 2):
            errors.add(
                number,
                "floor_area",
                _("床面積は小数点以下2桁までの数字で書いてください（%(value)s）。")
                % {"value": text},
            )
        else:
            values["floor_area"] = area
    for name in FLAG_COLUMNS:
        text = cells.get(name, "")
        if text:
            flag = _flag(text)
            if flag is None:
                errors.add(
                    number,
                    name,
                    _("「はい」か「いいえ」（yes / no）にしてください（%(value)s）。")
                    % {"value": text},
                )
            else:
                values[name] = flag
    for name, bound in (("latitude", 90), ("longitude", 180)):
        text = cells.get(name, "")
        if text:
            degree = _decimal(text)
            if degree is None or abs(degree) > bound or degree != round(degree, 6):
                errors.add(
                    number, name, _("緯度・経度の数字が読めません（%(value)s）。") % {"value": text}
                )
            else:
                values[name] = degree
    text = cells.get("accepts", "")
    if text:
        mask = 0
        for part in LIST_SEPARATORS.split(text):
            if not part.strip():
                continue
            position = lookup.get(_fold(part))
            if position is None:
                errors.add(
                    number,
                    "accepts",
                    _("住宅確保要配慮者「%(value)s」はこの市の区分にありません。")
                    % {"value": part},
                )
            else:
                mask |= 1 << position
        values["accepts"] = mask
    return values


def _provider_of_row(errors, number, cells, scope: Scope, providers) -> HousingProvider | None:
    name = cells.get("provider", "")
    if scope.provider is not None:
        if name and _fold(name) != _fold(scope.provider.organization.name):
            errors.add(
                number,
                "provider",
                _("ほかの事業者の住宅は取り込めません（%(value)s）。") % {"value": name},
            )
            return None
        return scope.provider
    if not name:
        errors.add(number, "provider", _("必須項目です。事業者名を書いてください。"))
        return None
    provider = providers.get(_fold(name))
    if provider is None:
        errors.add(
            number,
            "provider",
            _("事業者「%(value)s」は登録されていません。先に事業者を登録してください。")
            % {"value": name},
        )
    return provider


def _merged(home: SafetyNetHome | None, values: dict[str, Any]) -> dict[str, Any]:
    """The home's values after the row: the row's values over the stored (or default) ones."""
    base = {
        "units": 1,
        "vacancies": 0,
        "earthquake_resistant": True,
        "rent": None,
        "common_fee": 0,
        "deposit": 0,
        "floor_area": None,
        "accepts": 0,
    }
    if home is not None:
        base = {name: getattr(home, name) for name in base}
    return {**base, **values}


def validate_rows(scope: Scope, raw_rows: list[tuple[int, dict[str, str]]]) -> list[ImportRow]:
    """Return the rows ready to write, or raise ImportInvalid listing every problem: missing
    or unreadable cells, unknown providers and attributes, the registration standards, the same
    registration number twice, and another provider's home for a provider."""
    local_government = scope.local_government
    errors = _Errors()
    lookup = acceptance_lookup(local_government)
    providers = {_fold(p.organization.name): p for p in selectors.providers_of(local_government)}
    numbers = [cells.get("registration_number", "") for _n, cells in raw_rows]
    existing = {
        home.registration_number: home
        for home in SafetyNetHome.objects.filter(
            local_government=local_government,
            registration_number__in=[n for n in numbers if n],
        ).select_related("provider__organization")
    }
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    for number, cells in raw_rows:
        before = len(errors)
        values = _cells(errors, number, cells, lookup)
        provider = _provider_of_row(errors, number, cells, scope, providers)
        registration = cells.get("registration_number", "")
        home = existing.get(registration) if registration else None
        if registration and registration in seen:
            errors.add(
                number,
                "registration_number",
                _("%(line)s行目と同じ登録番号です。1つの住宅は1行にしてください。")
                % {"line": seen[registration]},
            )
        elif registration:
            seen[registration] = number
        if (
            home is not None
            and scope.provider is not None
            and home.provider_id != scope.provider.pk
        ):
            errors.add(
                number,
                "registration_number",
                _("この登録番号は、ほかの事業者の住宅として登録されています。"),
            )
        for name, messages in standards_problems(local_government, _merged(home, values)).items():
            if name == "accepts":
                continue  # the attributes were checked by name above
            for message in messages:
                errors.add(number, name, message)
        if len(errors) == before and provider is not None:
            rows.append(ImportRow(row=number, values=values, provider=provider, home=home))
    if not raw_rows and not errors:
        errors.add(None, "", _("取り込む行がありません。"))
    if errors:
        raise ImportInvalid(list(errors))
    return rows


def read_rows(*, filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows of an uploaded list as {column: text}; ImportInvalid when the file or its
    header cannot be read."""
    return read_table(
        filename,
        content,
        [*COLUMNS, *EXPORT_ONLY],
        set(COLUMNS) - REQUIRED | set(EXPORT_ONLY),
        aliases=aliases(),
    )
