"""The housing records of a plan package (`<package>/housing/`, docs/housing/package.md): the
housing providers (with the accounts organization each signs in with), the city's own
registration standard, and the 市営住宅 rules and recruitment rounds as the plan states them.

`read_housing_package` reads and validates every file without touching the database and raises
HousingPackageInvalid listing each problem with its file, row and column. Safety-net homes are
not package data: they are the providers' own listings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from core.package.csv_files import PackageInvalid
from core.package.folder_reader import FolderReader, split_list
from housing.models import (
    HousingProvider,
    HousingRules,
    ProviderService,
    PublicHousingRound,
    PublicHousingRule,
)

FOLDER = "housing"
PROVIDERS_FILE = "providers.csv"
REGISTRATION_FILE = "registration_rules.csv"
RULES_FILE = "public_housing_rules.csv"
ROUNDS_FILE = "public_housing_rounds.csv"
FILES = (PROVIDERS_FILE, REGISTRATION_FILE, RULES_FILE, ROUNDS_FILE)

PROVIDER_COLUMNS = [
    "name",
    "kind",
    "designation_number",
    "established_on",
    "services",
    "areas",
    "directory_organization",
    "note",
    "source_note",
]
REGISTRATION_COLUMNS = ["min_floor_area", "note"]
RULE_COLUMNS = ["order", "title", "body", "source_note"]
ROUND_COLUMNS = [
    "kind",
    "title",
    "application_from",
    "application_until",
    "units",
    "description",
    "contact",
    "url",
    "is_published",
]
ORGANIZATION_NAME_LENGTH = 200  # accounts.Organization.name


class HousingPackageInvalid(PackageInvalid):
    """The files have problems; `errors` lists each with its file, row and column. Nothing
    was written."""


@dataclass
class ProviderRow:
    row: int
    name: str  # the accounts organization's name: the provider's natural key
    kind: str
    designation_number: str
    established_on: datetime.date | None
    services: list[str]
    areas: list[str]
    directory_organization: str  # a directory organization's name, or ""
    note: str
    source_note: str


@dataclass
class RegistrationRow:
    row: int
    min_floor_area: Decimal
    note: str


@dataclass
class RuleRow:
    row: int
    order: int
    title: str
    body: str
    source_note: str


@dataclass
class RoundRow:
    row: int
    kind: str
    title: str
    application_from: datetime.date
    application_until: datetime.date | None
    units: int | None
    description: str
    contact: str
    url: str
    is_published: bool

    @property
    def key(self) -> tuple[str, str, datetime.date]:
        return (self.kind, self.title, self.application_from)


@dataclass
class HousingPackage:
    providers: list[ProviderRow]
    registration: RegistrationRow | None
    rules: list[RuleRow]
    rounds: list[RoundRow]

    def summary(self) -> str:
        return (
            f"{len(self.providers)} providers, "
            f"{1 if self.registration else 0} registration standards, "
            f"{len(self.rules)} public-housing rules, {len(self.rounds)} public-housing rounds"
        )


def read_housing_package(path: str | Path, plan=None) -> HousingPackage | None:
    """Read and validate the housing records of the plan package at `path` (None when it has
    no `housing/` folder); raise HousingPackageInvalid with every problem. `plan` (the
    validated plan, or None) gives the wards a provider's `areas` may name."""
    root = Path(path) / FOLDER
    if not root.is_dir():
        return None
    reader = FolderReader(root, FOLDER)
    if not any((root / name).is_file() for name in FILES):
        reader.error(
            "", None, "", _("%(files)s のどれもありません。") % {"files": ", ".join(FILES)}
        )
    wards = list(plan.local_government.wards) if plan is not None else []
    package = HousingPackage(
        providers=_read_providers(reader, wards),
        registration=_read_registration(reader),
        rules=_read_rules(reader),
        rounds=_read_rounds(reader),
    )
    if reader.errors:
        raise HousingPackageInvalid(reader.errors)
    return package


def _read_providers(reader: FolderReader, wards: list[str]) -> list[ProviderRow]:
    file = PROVIDERS_FILE
    rows: list[ProviderRow] = []
    seen: dict[str, int] = {}
    for number, cells in reader.rows(file, PROVIDER_COLUMNS):
        if not reader.required(file, number, cells, "name", "kind"):
            continue
        if reader.duplicate(file, number, "name", cells["name"], seen, cells["name"]):
            continue
        if len(cells["name"]) > ORGANIZATION_NAME_LENGTH:
            reader.error(
                file,
                number,
                "name",
                _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
                % {"limit": ORGANIZATION_NAME_LENGTH, "length": len(cells["name"])},
            )
        reader.choice(file, number, "kind", cells["kind"], list(HousingProvider.Kind.values))
        for column in ("designation_number", "source_note"):
            reader.length(file, number, column, cells[column], HousingProvider, column)
        services = reader.choices(
            file, number, "services", cells["services"], list(ProviderService.values)
        )
        areas = (
            reader.choices(file, number, "areas", cells["areas"], wards)
            if wards
            else split_list(cells["areas"])
        )
        rows.append(
            ProviderRow(
                row=number,
                name=cells["name"],
                kind=cells["kind"],
                designation_number=cells["designation_number"],
                established_on=reader.date(file, number, "established_on", cells["established_on"]),
                services=services,
                areas=areas,
                directory_organization=cells["directory_organization"],
                note=cells["note"],
                source_note=cells["source_note"],
            )
        )
    return rows


def _read_registration(reader: FolderReader) -> RegistrationRow | None:
    file = REGISTRATION_FILE
    found = None
    for number, cells in reader.rows(file, REGISTRATION_COLUMNS):
        if found is not None:
            reader.error(file, number, "", _("登録基準は1行だけにしてください。"))
            continue
        if not reader.required(file, number, cells, "min_floor_area"):
            continue
        reader.length(file, number, "note", cells["note"], HousingRules, "note")
        area = reader.decimal(
            file,
            number,
            "min_floor_area",
            cells["min_floor_area"],
            minimum=Decimal("1"),
            maximum=Decimal("999.99"),
        )
        if area is not None:
            found = RegistrationRow(row=number, min_floor_area=area, note=cells["note"])
    return found


def _read_rules(reader: FolderReader) -> list[RuleRow]:
    file = RULES_FILE
    rows: list[RuleRow] = []
    seen: dict[str, int] = {}
    for number, cells in reader.rows(file, RULE_COLUMNS):
        if not reader.required(file, number, cells, "order", "title", "body"):
            continue
        if reader.duplicate(file, number, "title", cells["title"], seen, cells["title"]):
            continue
        for column in ("title", "source_note"):
            reader.length(file, number, column, cells[column], PublicHousingRule, column)
        order = reader.count(file, number, "order", cells["order"], maximum=32767)
        if order is None:
            continue
        rows.append(
            RuleRow(
                row=number,
                order=order,
                title=cells["title"],
                body=cells["body"],
                source_note=cells["source_note"],
            )
        )
    return rows


def _read_rounds(reader: FolderReader) -> list[RoundRow]:
    file = ROUNDS_FILE
    rows: list[RoundRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in reader.rows(file, ROUND_COLUMNS):
        if not reader.required(file, number, cells, "kind", "title", "application_from"):
            continue
        reader.choice(file, number, "kind", cells["kind"], list(PublicHousingRound.Kind.values))
        for column in ("title", "contact"):
            reader.length(file, number, column, cells[column], PublicHousingRound, column)
        starts = reader.date(file, number, "application_from", cells["application_from"])
        ends = reader.date(file, number, "application_until", cells["application_until"])
        if starts and ends and ends < starts:
            reader.error(file, number, "application_until", _("受付終了日が受付開始日より前です。"))
        units = reader.count(file, number, "units", cells["units"])
        if cells["url"]:
            try:
                URLValidator(schemes=["http", "https"])(cells["url"])
            except ValidationError:
                reader.error(
                    file, number, "url", _("http:// か https:// で始まるURLにしてください。")
                )
        published = reader.boolean(file, number, "is_published", cells["is_published"])
        if starts is None:
            continue
        row = RoundRow(
            row=number,
            kind=cells["kind"],
            title=cells["title"],
            application_from=starts,
            application_until=ends,
            units=units,
            description=cells["description"],
            contact=cells["contact"],
            url=cells["url"],
            is_published=published,
        )
        label = f"{row.title}（{row.application_from.isoformat()}）"
        if reader.duplicate(file, number, "title", row.key, seen, label):
            continue
        rows.append(row)
    return rows
