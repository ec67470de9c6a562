"""What the directory of a plan package holds (`<package>/directory/`, docs/directory-package.md):
its files and columns, the validated rows (terms, organizations, locations, services, phones,
schedules) and DirectoryPackage that holds them, DirectoryInvalid, and PackageReader, which reads
a file's rows and checks a cell, collecting every problem with its file, row and column."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from django.utils.translation import gettext as _

from core.package.csv_files import PackageInvalid, RowError, read_csv_file
from directory.plan_package.fields import (
    SCHEDULE_FIELD_COLUMNS,
    SERVICE_FIELD_COLUMNS,
    ServiceFields,
)

FOLDER = "directory"
TAXONOMY_FILE = "taxonomy.yaml"
ORGANIZATIONS_FILE = "organizations.csv"
LOCATIONS_FILE = "locations.csv"
PHONES_FILE = "phones.csv"
SERVICES_FILE = "services.csv"
SCHEDULES_FILE = "schedules.csv"

ORGANIZATION_COLUMNS = [
    "name",
    "alternate_name",
    "category",
    "description",
    "partner",
    "department",
    "website",
    "email",
    "legal_status",
    "source",
    "note",
]
LOCATION_COLUMNS = [
    "organization",
    "name",
    "location_type",
    "address",
    "state_province",
    "city",
    "region",
    "postal_code",
    "source",
]
PHONE_COLUMNS = ["organization", "service", "number", "type", "description"]
SERVICE_COLUMNS = [
    "key",
    "organization",
    "name",
    "description",
    "eligibility",
    "application_process",
    "is_24_hours",
    "needs",
    "audiences",
    "situations",
    "measures",
    "location",
    "source",
    *SERVICE_FIELD_COLUMNS,
]
SCHEDULE_COLUMNS = [
    "service",
    "byday",
    "opens_at",
    "closes_at",
    "is_24_hours",
    "notes",
    *SCHEDULE_FIELD_COLUMNS,
    "source",
]
# Columns added after the first packages: optional, so that those still load.
OPTIONAL_COLUMNS = (*SERVICE_FIELD_COLUMNS, *SCHEDULE_FIELD_COLUMNS)

TERM_COLUMNS = {"needs": "need", "audiences": "audience", "situations": "situation"}
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BOOLEANS = {"yes": True, "no": False, "": False}
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")
CODE = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
MEASURE_KEY = re.compile(r"\d+-\d+-\d+")
TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
POSTAL = re.compile(r"^〒?\s*(\d{3}-?\d{4})\s*")  # i18n-data (the postal mark)
WARD = re.compile(r"^(\S{1,5}?区)(?=\S)")  # i18n-data (中央区京町… → 中央区)
PHONE_CHARACTERS = re.compile(r"[0-9#*+()\-]+")


# --- errors ----------------------------------------------------------------------------------


class DirectoryInvalid(PackageInvalid):
    """The files have problems; `errors` lists each with its file, row and column. Nothing
    was written."""


# --- the validated content -------------------------------------------------------------------


@dataclass
class TermRow:
    kind: str
    code: str
    name: str
    plain_name: str = ""
    description: str = ""


@dataclass
class OrganizationRow:
    row: int
    name: str
    alternate_name: str
    category: str
    description: str
    partner: str  # canonical name in the plan's organizations.csv, or ""
    department: str  # name in the plan's departments.csv, or ""
    website: str
    email: str
    legal_status: str
    source: str


@dataclass
class AddressData:
    address_1: str
    address_2: str
    city: str
    region: str
    state_province: str
    postal_code: str


@dataclass
class LocationRow:
    row: int
    organization: str
    name: str
    location_type: str
    region: str
    source: str
    address: AddressData | None


@dataclass
class ServiceRow:
    row: int
    key: str
    organization: str
    name: str
    description: str
    eligibility: str
    application_process: str
    is_24_hours: bool
    terms: dict[str, list[str]]  # kind -> codes
    measures: list[str]  # "pillar-area-number"
    location: str | None  # a location name of the organization; None: none at all
    source: str
    # area, reach, summary …; None: the package has no such columns (a reload keeps them)
    fields: ServiceFields | None = None


@dataclass
class PhoneRow:
    row: int
    organization: str
    service: str  # a service key, or ""
    number: str
    type: str
    description: str


@dataclass
class ScheduleRow:
    row: int
    service: str  # a service key
    byday: str
    opens_at: datetime.time | None
    closes_at: datetime.time | None
    is_24_hours: bool
    notes: str
    internal_note: str | None = None  # staff-only provenance; None: no such column


@dataclass
class DirectoryPackage:
    terms: dict[str, list[TermRow]]  # kind -> terms in order
    organizations: list[OrganizationRow]
    locations: list[LocationRow]
    services: list[ServiceRow]
    phones: list[PhoneRow]
    schedules: list[ScheduleRow]
    plan_key: str | None = None  # the plan whose measures `measures` name

    def summary(self) -> str:
        return (
            f"{sum(len(terms) for terms in self.terms.values())} terms, "
            f"{len(self.organizations)} organizations, {len(self.locations)} locations, "
            f"{len(self.services)} services, {len(self.phones)} phones, "
            f"{len(self.schedules)} schedules"
        )


# --- reading ---------------------------------------------------------------------------------


class PackageReader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[RowError] = []

    def error(self, file: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(f"{FOLDER}/{file}", row, column, message))

    def csv_rows(self, name: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
        return read_csv_file(
            self.root / name, name, columns, self.error, any_order=True, optional=OPTIONAL_COLUMNS
        )

    def required(self, file: str, row: int, cells: dict[str, str], *columns: str) -> bool:
        missing = [column for column in columns if not cells[column]]
        for column in missing:
            self.error(file, row, column, _("必須項目です。"))
        return not missing

    def length(
        self, file: str, row: int, column: str, value: str, model: type[models.Model], name: str
    ) -> None:
        limit = model._meta.get_field(name).max_length
        if limit and len(value) > limit:
            self.error(
                file,
                row,
                column,
                _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
                % {"limit": limit, "length": len(value)},
            )

    def choice(self, file: str, row: int, column: str, value: str, allowed) -> None:
        if value not in allowed:
            self.error(
                file,
                row,
                column,
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": value or _("（空）"), "allowed": ", ".join(allowed)},
            )

    def boolean(self, file: str, row: int, column: str, value: str) -> bool:
        if value.lower() not in BOOLEANS:
            self.error(file, row, column, _("yes か no（または空欄）にしてください。"))
            return False
        return BOOLEANS[value.lower()]

    def time(self, file: str, row: int, column: str, value: str) -> datetime.time | None:
        if not value:
            return None
        match = TIME.fullmatch(unicodedata.normalize("NFKC", value))
        if not match:
            self.error(
                file,
                row,
                column,
                _("時刻は 8:30 のように HH:MM で書いてください（%(value)s）。") % {"value": value},
            )
            return None
        return datetime.time(int(match[1]), int(match[2]))
