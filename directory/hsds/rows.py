"""Reading one HSDS 3 file of a package for import (directory.hsds.reading): what Tsunagu keeps
of each resource and which of its fields are required, and HSDSReader, which reads a file's
rows and checks each cell (ids, required fields, times, dates, numbers, e-mail addresses, URLs),
collecting every problem with its file, row and column."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from core.package.csv_files import RowError
from core.uploads import TableUnreadable, read_csv_path
from directory.hsds.schema import (
    DATE_FIELDS,
    EMAIL_FIELDS,
    KIND_URN,
    NUMBER_FIELDS,
    RESOURCES,
    TIME_FIELDS,
    URI_FIELDS,
    is_id_field,
)
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

MODELS = {
    "organization": Organization,
    "service": Service,
    "service_at_location": ServiceAtLocation,
    "location": Location,
    "phone": Phone,
    "address": Address,
    "schedule": Schedule,
    "taxonomy_term": TaxonomyTerm,
    "taxonomy": Taxonomy,
}
# Fields Tsunagu needs filled in (beyond what HSDS itself requires, e.g. a location's
# organization, and short of it, e.g. an address's postal code, which may be unknown).
REQUIRED = {
    "organization": ("id", "name"),
    "service": ("id", "organization_id", "name", "status"),
    "attribute": ("id", "link_id", "taxonomy_term_id", "link_entity"),
    "service_at_location": ("id", "service_id", "location_id"),
    "location": ("id", "location_type", "organization_id"),
    "phone": ("id", "number"),
    "address": (
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "country",
        "address_type",
    ),
    "schedule": ("id",),
    "taxonomy_term": ("id", "code", "name", "taxonomy_id"),
    "taxonomy": ("id", "name"),
}
# HSDS field -> model field, where the names differ or the length is limited.
STORED = {
    "organization": ("name", "alternate_name", "description", "email", "website", "legal_status"),
    "service": (
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "application_process",
        "fees_description",
        "eligibility_description",
    ),
    "service_at_location": ("description",),
    "location": ("name", "description"),
    "phone": ("number", "description"),
    "address": (
        "address_1",
        "address_2",
        "city",
        "region",
        "state_province",
        "postal_code",
        "country",
    ),
    "schedule": ("byday", "description", "notes"),
    "taxonomy_term": ("name", "description"),
    "taxonomy": ("name", "description", "version"),
}
ADDRESS_TYPES = ("physical", "postal", "virtual")
PHONE_TYPES = {**{value: value for value in Phone.Type.values}, "cell": Phone.Type.VOICE}
FREQUENCIES = ("WEEKLY", "MONTHLY")
BYDAY = re.compile(r"[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)")
TIME = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?")
CODE = re.compile(r"[A-Za-z0-9_-]{1,60}")
JST = datetime.timedelta(hours=9)
BATCH = 500


@dataclass
class HSDSPackage:
    source: str
    rows: dict[str, list[dict[str, Any]]]  # resource -> typed rows, in file order
    around_the_clock: set[uuid.UUID] | None  # services with a 24-hour schedule (None: no file)
    skipped: int  # attributes of other entities than services

    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values()) + self.skipped


def parse_time(text: str) -> tuple[datetime.time | None, bool]:
    """Return (the time in Japan, ok) for HH:MM[:SS] with an optional Z or ±HH:MM offset."""
    match = TIME.fullmatch(text)
    if not match:
        return None, False
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        return None, False
    value = datetime.datetime(2000, 1, 1, hours, minutes, seconds)
    offset = match[4]
    if offset:
        if offset == "Z":
            delta = datetime.timedelta(0)
        else:
            sign = -1 if offset[0] == "-" else 1
            digits = offset[1:].replace(":", "")
            delta = sign * datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        value = value - delta + JST
    return value.time(), True


class HSDSReader:
    def __init__(self, root: Path, local_government):
        self.root = root
        self.lg = local_government
        self.errors: list[RowError] = []
        self.skipped = 0

    def error(self, resource: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(RESOURCES[resource][0], row, column, message))

    # files and cells

    def table(self, resource: str) -> list[tuple[int, dict[str, str]]] | None:
        path = self.root / RESOURCES[resource][0]
        if not path.is_file():
            return None
        try:
            records = read_csv_path(path)
        except TableUnreadable as unreadable:
            self.error(resource, unreadable.row, "", unreadable.message)
            return []
        header = [cell.strip() for cell in records[0][1]] if records else []
        present = set(header)
        missing = [name for name in REQUIRED[resource] if name not in present]
        if missing:
            self.error(
                resource,
                records[0][0] if records else 1,
                "",
                _("見出し行に %(columns)s がありません。") % {"columns": ", ".join(missing)},
            )
            return []
        known = set(RESOURCES[resource][1])
        result = []
        for number, record in records[1:]:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                self.error(
                    resource,
                    number,
                    "",
                    _("列の数が %(got)s です（%(expected)s 列必要です）。")
                    % {"got": len(record), "expected": len(header)},
                )
                continue
            cells = {name: "" for name in known}
            cells.update(
                (name, cell.strip())
                for name, cell in zip(header, record, strict=True)
                if name in known
            )
            result.append((number, cells))
        return result

    def typed(self, resource: str, number: int, cells: dict[str, str]) -> dict[str, Any]:
        """The row's values parsed by field type; problems are reported, the value is None."""
        model = MODELS.get(resource)
        row: dict[str, Any] = {"row": number}
        for name, text in cells.items():
            row[name] = self.cell(resource, number, name, text)
            if model is not None and name in STORED.get(resource, ()) and row[name]:
                limit = model._meta.get_field(name).max_length
                if limit and len(row[name]) > limit:
                    self.error(
                        resource,
                        number,
                        name,
                        _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
                        % {"limit": limit, "length": len(row[name])},
                    )
        for name in REQUIRED[resource]:
            if not cells.get(name):
                self.error(resource, number, name, _("必須項目です。"))
        return row

    def cell(self, resource: str, number: int, name: str, text: str) -> Any:
        if is_id_field(name):
            if not text:
                return None
            try:
                return uuid.UUID(text)
            except ValueError:
                self.error(
                    resource,
                    number,
                    name,
                    _("UUID の形ではありません（%(value)s）。") % {"value": text},
                )
                return None
        if not text:
            return None if name in NUMBER_FIELDS | DATE_FIELDS | TIME_FIELDS else ""
        if name in NUMBER_FIELDS:
            try:
                value = float(text)
            except ValueError:
                value = float("nan")
            if value != value or value in (float("inf"), float("-inf")):
                self.error(
                    resource, number, name, _("数値にしてください（%(value)s）。") % {"value": text}
                )
                return None
            return value
        if name in DATE_FIELDS:
            try:
                return datetime.date.fromisoformat(text) if len(text) == 10 else None
            except ValueError:
                pass
            self.error(
                resource,
                number,
                name,
                _("日付は YYYY-MM-DD にしてください（%(value)s）。") % {"value": text},
            )
            return None
        if name in TIME_FIELDS:
            value, ok = parse_time(text)
            if not ok:
                self.error(
                    resource,
                    number,
                    name,
                    _("時刻は 08:30 や 08:30+09:00 の形にしてください（%(value)s）。")
                    % {"value": text},
                )
            return value
        if name in EMAIL_FIELDS and resource in ("organization", "service") and name == "email":
            try:
                validate_email(text)
            except ValidationError:
                self.error(resource, number, name, _("メールアドレスの形が正しくありません。"))
        if name in URI_FIELDS and (resource, name) in (
            ("organization", "website"),
            ("service", "url"),
            ("taxonomy", "uri"),
        ):
            if not (resource == "taxonomy" and text.startswith(KIND_URN)):
                try:
                    URLValidator(schemes=["http", "https"])(text)
                except ValidationError:
                    self.error(
                        resource,
                        number,
                        name,
                        _("http:// か https:// から始まる URL にしてください。"),
                    )
        return text

    def choice(self, resource, number, name, value, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        if value and value not in allowed:
            self.error(
                resource,
                number,
                name,
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": value, "allowed": ", ".join(allowed)},
            )

    def unique_ids(self, resource: str, rows: list[dict[str, Any]]) -> None:
        seen: dict[uuid.UUID, int] = {}
        for row in rows:
            if row["id"] is None:
                continue
            if row["id"] in seen:
                self.error(
                    resource,
                    row["row"],
                    "id",
                    _("id が%(row)s行目と重複しています。") % {"row": seen[row["id"]]},
                )
            seen[row["id"]] = row["row"]
        model = MODELS.get(resource)
        if model is None:
            return
        ids = list(seen)
        for start in range(0, len(ids), BATCH):
            taken = set(
                model.objects.filter(hsds_id__in=ids[start : start + BATCH])
                .exclude(local_government=self.lg)
                .values_list("hsds_id", flat=True)
            )
            for hsds_id in taken:
                self.error(
                    resource,
                    seen[hsds_id],
                    "id",
                    _("この id は別の地方公共団体のデータに使われています。"),
                )

    def reference(
        self, resource: str, row: dict, name: str, known: set[uuid.UUID], target: str
    ) -> bool:
        value = row.get(name)
        if value is None or value in known:
            return True
        self.error(
            resource,
            row["row"],
            name,
            _("%(id)s は %(file)s にもこの団体のデータにもありません。")
            % {"id": value, "file": RESOURCES[target][0]},
        )
        return False
