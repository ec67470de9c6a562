"""The directory of a plan package (`<package>/directory/`, docs/directory-package.md): read
and validate it, never touching the database.

`read_directory_package` checks every row and every reference (organizations, service keys,
term codes, the plan's measures, organizations and departments) and raises DirectoryInvalid
listing each problem with its file, row and column; loading is
`directory.services.directory_load_package`, all or nothing."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils.translation import gettext as _

from core.package_csv import PackageInvalid, RowError, read_csv_file
from core.params import is_digits
from core.uploads import TableUnreadable, read_text_path
from directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from directory.package_fields import (
    SCHEDULE_FIELD_COLUMNS,
    SERVICE_FIELD_COLUMNS,
    ServiceFields,
    parse_schedule_note,
    parse_service_fields,
)
from directory.postal import code_fits_address, postal_code_for

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


class _Reader:
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


def read_directory_package(path: str | Path, plan=None) -> DirectoryPackage | None:
    """Read and validate the directory of the plan package at `path` (None when it has no
    `directory/` folder); raise DirectoryInvalid with every problem.

    `plan` is the validated plans.package.Package the directory belongs to: its measures,
    organizations and departments are what `measures`, `partner` and `department` name. Without
    it those references are not checked (the plan package has problems of its own)."""
    root = Path(path) / FOLDER
    if not root.is_dir():
        return None
    reader = _Reader(root)
    terms = _read_taxonomy(reader)
    organizations = _read_organizations(reader, plan)
    organization_names = {row.name for row in organizations}
    locations = _read_locations(reader, organization_names)
    services = _read_services(reader, organization_names, locations, terms, plan)
    service_organizations = {row.key: row.organization for row in services}
    phones = _read_phones(reader, organization_names, service_organizations)
    schedules = _read_schedules(reader, service_organizations)
    if reader.errors:
        raise DirectoryInvalid(reader.errors)
    return DirectoryPackage(
        terms=terms,
        organizations=organizations,
        locations=locations,
        services=services,
        phones=phones,
        schedules=schedules,
        plan_key=plan.plan.key if plan is not None else None,
    )


def _read_taxonomy(reader: _Reader) -> dict[str, list[TermRow]]:
    from plans.package.reader import _line, _LineLoader

    file = TAXONOMY_FILE
    path = reader.root / file
    if not path.is_file():
        reader.error(file, None, "", _("ファイルがありません。"))
        return {}
    try:
        data = yaml.load(read_text_path(path), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except TableUnreadable as unreadable:
        reader.error(file, None, "", unreadable.message)
        return {}
    except UnicodeDecodeError:
        reader.error(file, None, "", _("UTF-8 で保存してください。"))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reader.error(
            file,
            mark.line + 1 if mark else None,
            "",
            _("YAML として読めません: %(problem)s") % {"problem": getattr(exc, "problem", exc)},
        )
        return {}
    kinds = list(Taxonomy.Kind.values)
    if not isinstance(data, dict) or not data:
        reader.error(
            file,
            None,
            "",
            _("%(kinds)s ごとの項目のリストにしてください。") % {"kinds": ", ".join(kinds)},
        )
        return {}
    terms: dict[str, list[TermRow]] = {}
    for kind, items in data.items():
        line = _line(data, kind)
        if kind not in kinds:
            reader.choice(file, line, str(kind), str(kind), kinds)
            continue
        if not isinstance(items, list):
            reader.error(file, line, kind, _("項目のリストにしてください。"))
            continue
        rows: list[TermRow] = []
        seen: set[str] = set()
        for index, item in enumerate(items, start=1):
            label = f"{kind}[{index}]"
            line = _line(item) or _line(data, kind)
            if not isinstance(item, dict):
                reader.error(file, line, label, _("code と name を持つ項目にしてください。"))
                continue
            values = {
                key: str(item.get(key) or "").strip()
                for key in ("code", "name", "plain_name", "description")
            }
            unknown = set(item) - set(values)
            if unknown:
                reader.error(
                    file,
                    line,
                    label,
                    _("知らない項目があります: %(keys)s") % {"keys": ", ".join(map(str, unknown))},
                )
            for key in ("code", "name"):
                if not values[key]:
                    reader.error(file, line, f"{label}.{key}", _("必須項目です。"))
            if not values["description"]:  # HSDS requires a term's description
                reader.error(
                    file,
                    line,
                    f"{label}.description",
                    _("必須項目です。1行の説明を書いてください（公開データ（HSDS）で必須です）。"),
                )
            code = values["code"]
            if code and not CODE.fullmatch(code):
                reader.error(
                    file,
                    line,
                    f"{label}.code",
                    _("コードは英小文字・数字・ハイフン・下線で60文字以内にしてください。"),
                )
            elif code in seen:
                reader.error(
                    file, line, f"{label}.code", _("%(code)s が重複しています。") % {"code": code}
                )
            seen.add(code)
            for key in ("name", "plain_name"):
                reader.length(file, line, f"{label}.{key}", values[key], TaxonomyTerm, key)
            rows.append(TermRow(kind=kind, **values))
        terms[kind] = rows
    return terms


def _read_organizations(reader: _Reader, plan) -> list[OrganizationRow]:
    from plans.package.reading import _department_resolver, _organization_resolver

    file = ORGANIZATIONS_FILE
    resolve_partner = _organization_resolver(plan.organizations) if plan is not None else None
    resolve_department = _department_resolver(plan.departments) if plan is not None else None
    categories = list(Organization.Category.values)
    rows: list[OrganizationRow] = []
    seen: dict[str, int] = {}
    for number, cells in reader.csv_rows(file, ORGANIZATION_COLUMNS):
        name = cells["name"]
        if not reader.required(file, number, cells, "name"):
            continue
        if not cells["description"]:  # HSDS requires an organization's description
            reader.error(
                file,
                number,
                "description",
                _(
                    "必須項目です。どんな機関・団体かを資料に基づいて書いてください"
                    "（公開データ（HSDS）で必須です）。"
                ),
            )
        if name in seen:
            reader.error(
                file,
                number,
                "name",
                _("%(name)s は%(row)s行目と重複しています。") % {"name": name, "row": seen[name]},
            )
            continue
        seen[name] = number
        reader.choice(file, number, "category", cells["category"], categories)
        for column in ("name", "alternate_name", "legal_status", "source"):
            reader.length(file, number, column, cells[column], Organization, column)
        partner = cells["partner"]
        if partner and resolve_partner is not None:
            partner = resolve_partner(partner) or ""
            if not partner:
                reader.error(
                    file,
                    number,
                    "partner",
                    _("%(name)s は計画の organizations.csv に（別称としても）ありません。")
                    % {"name": cells["partner"]},
                )
        department = cells["department"]
        if department and resolve_department is not None:
            department = resolve_department(department) or ""
            if not department:
                reader.error(
                    file,
                    number,
                    "department",
                    _("%(name)s は計画の departments.csv にありません。")
                    % {"name": cells["department"]},
                )
        _check_url(reader, file, number, "website", cells["website"])
        _check_email(reader, file, number, "email", cells["email"])
        rows.append(
            OrganizationRow(
                row=number,
                name=name,
                alternate_name=cells["alternate_name"],
                category=cells["category"],
                description=cells["description"],
                partner=partner,
                department=department,
                website=cells["website"],
                email=cells["email"],
                legal_status=cells["legal_status"],
                source=cells["source"],
            )
        )
    return rows


def _check_url(reader: _Reader, file: str, row: int, column: str, value: str) -> None:
    if not value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        reader.error(file, row, column, _("http:// か https:// から始まる URL にしてください。"))
        return
    reader.length(file, row, column, value, Service, "url")


def _check_email(reader: _Reader, file: str, row: int, column: str, value: str) -> None:
    if not value:
        return
    try:
        validate_email(value)
    except ValidationError:
        reader.error(file, row, column, _("メールアドレスの形が正しくありません。"))


def split_address(
    address: str, *, state_province: str, city: str, region: str, postal_code: str = ""
) -> AddressData:
    """Split an address as printed into HSDS fields: 〒 and the postal code, the prefecture
    and city when repeated, the ward (region) and the building after a space.

    split_address("中央区京町1丁目12-11", state_province="熊本県", city="熊本市", region="")
    → address_1 "京町1丁目12-11", region "中央区"."""
    text = unicodedata.normalize("NFKC", address).strip()
    match = POSTAL.match(text)
    if match:
        postal_code = postal_code or match[1]
        text = text[match.end() :]
    for prefix in (state_province, city):
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
    if region and text.startswith(region):
        text = text[len(region) :]
    elif not region:
        ward = WARD.match(text)
        if ward and city.endswith("市"):  # i18n-data (wards exist in designated cities only)
            region = ward[1]
            text = text[ward.end() :]
    street, _space, building = text.strip().partition(" ")
    if postal_code and re.fullmatch(r"\d{7}", postal_code):
        postal_code = f"{postal_code[:3]}-{postal_code[3:]}"
    return AddressData(
        address_1=street.strip(),
        address_2=building.strip(),
        city=city,
        region=region,
        state_province=state_province,
        postal_code=postal_code,
    )


def _read_locations(reader: _Reader, organization_names: set[str]) -> list[LocationRow]:
    file = LOCATIONS_FILE
    types = list(Location.Type.values)
    rows: list[LocationRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in reader.csv_rows(file, LOCATION_COLUMNS):
        organization = cells["organization"]
        if not reader.required(file, number, cells, "organization"):
            continue
        if organization not in organization_names:
            reader.error(
                file,
                number,
                "organization",
                _("%(name)s は organizations.csv にありません。") % {"name": organization},
            )
            continue
        key = (organization, cells["name"])
        if key in seen:
            reader.error(
                file,
                number,
                "name",
                _("同じ機関・団体の同じ名前の場所が%(row)s行目にあります。") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        location_type = cells["location_type"] or Location.Type.PHYSICAL
        reader.choice(file, number, "location_type", location_type, types)
        address = None
        if cells["address"]:
            if reader.required(file, number, cells, "state_province", "city"):
                address = split_address(
                    cells["address"],
                    state_province=cells["state_province"],
                    city=cells["city"],
                    region=cells["region"],
                    postal_code=cells["postal_code"],
                )
                if not address.address_1:
                    reader.error(file, number, "address", _("番地などの所在地がありません。"))
                if address.postal_code and not re.fullmatch(r"\d{3}-\d{4}", address.postal_code):
                    reader.error(
                        file, number, "postal_code", _("郵便番号は 860-8601 の形にしてください。")
                    )
                elif address.postal_code and not code_fits_address(
                    address.postal_code,
                    state_province=address.state_province,
                    city=address.city,
                    region=address.region,
                    address_1=address.address_1,
                    address_2=address.address_2,
                ):
                    reader.error(
                        file,
                        number,
                        "postal_code",
                        _(
                            "郵便番号 %(code)s は所在地と合いません（日本郵便の郵便番号データでは"
                            " %(expected)s）。manage.py derive_postal_codes で確かめてください。"
                        )
                        % {
                            "code": address.postal_code,
                            "expected": postal_code_for(
                                state_province=address.state_province,
                                city=address.city,
                                region=address.region,
                                address_1=address.address_1,
                            ),
                        },
                    )
        elif cells["postal_code"]:
            reader.error(file, number, "address", _("郵便番号だけで所在地がありません。"))
        reader.length(file, number, "name", cells["name"], Location, "name")
        reader.length(file, number, "region", cells["region"], Location, "ward")
        reader.length(file, number, "source", cells["source"], Location, "source")
        rows.append(
            LocationRow(
                row=number,
                organization=organization,
                name=cells["name"],
                location_type=location_type,
                region=address.region if address else cells["region"],
                source=cells["source"],
                address=address,
            )
        )
    return rows


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _read_services(
    reader: _Reader,
    organization_names: set[str],
    locations: list[LocationRow],
    terms: dict[str, list[TermRow]],
    plan,
) -> list[ServiceRow]:
    file = SERVICES_FILE
    codes = {kind: {term.code for term in rows} for kind, rows in terms.items()}
    measure_keys = (
        {
            f"{pillar.number}-{area.number}-{measure.number}"
            for pillar in plan.pillars
            for area in pillar.areas
            for measure in area.measures
        }
        if plan is not None
        else None
    )
    # the wards a service_area may name (None: not checked, like the measures)
    wards = list(plan.local_government.wards) if plan is not None else None
    places: dict[str, list[str]] = {}
    for location in locations:
        places.setdefault(location.organization, []).append(location.name)
    rows: list[ServiceRow] = []
    keys: dict[str, int] = {}
    names: dict[tuple[str, str], int] = {}
    for number, cells in reader.csv_rows(file, SERVICE_COLUMNS):
        if not reader.required(file, number, cells, "key", "organization", "name"):
            continue
        key, organization, name = cells["key"], cells["organization"], cells["name"]
        if not KEY.fullmatch(key):
            reader.error(
                file, number, "key", _("キーは英数字・ハイフン・下線で60文字以内にしてください。")
            )
        elif key in keys:
            reader.error(
                file,
                number,
                "key",
                _("%(key)s は%(row)s行目と重複しています。") % {"key": key, "row": keys[key]},
            )
            continue
        keys[key] = number
        if organization not in organization_names:
            reader.error(
                file,
                number,
                "organization",
                _("%(name)s は organizations.csv にありません。") % {"name": organization},
            )
            continue
        if (organization, name) in names:
            reader.error(
                file,
                number,
                "name",
                _("同じ機関・団体の同じ名前の支援が%(row)s行目にあります。")
                % {"row": names[(organization, name)]},
            )
        names[(organization, name)] = number
        reader.length(file, number, "name", name, Service, "name")
        reader.length(file, number, "source", cells["source"], Service, "source")
        service_terms: dict[str, list[str]] = {}
        for column, kind in TERM_COLUMNS.items():
            service_terms[kind] = []
            for code in _split(cells[column]):
                if kind not in codes or code not in codes[kind]:
                    reader.error(
                        file,
                        number,
                        column,
                        _("%(code)s は taxonomy.yaml の %(kind)s にありません。")
                        % {"code": code, "kind": kind},
                    )
                elif code not in service_terms[kind]:
                    service_terms[kind].append(code)
        measures: list[str] = []
        for measure in _split(cells["measures"]):
            if not MEASURE_KEY.fullmatch(measure):
                reader.error(
                    file,
                    number,
                    "measures",
                    _("取組は「節-分野-番号」（例: 2-1-3）で書いてください（%(value)s）。")
                    % {"value": measure},
                )
            elif measure_keys is not None and measure not in measure_keys:
                reader.error(
                    file,
                    number,
                    "measures",
                    _("取組 %(key)s は計画にありません。") % {"key": measure},
                )
            elif measure not in measures:
                measures.append(measure)
        own_places = places.get(organization, [])
        location: str | None = cells["location"]
        if location and location not in own_places:
            reader.error(
                file,
                number,
                "location",
                _("%(name)s は locations.csv にこの機関・団体の場所としてありません。")
                % {"name": location},
            )
        elif not location:
            location = own_places[0] if own_places else None
        rows.append(
            ServiceRow(
                row=number,
                key=key,
                organization=organization,
                name=name,
                description=cells["description"],
                eligibility=cells["eligibility"],
                application_process=cells["application_process"],
                is_24_hours=reader.boolean(file, number, "is_24_hours", cells["is_24_hours"]),
                terms=service_terms,
                measures=measures,
                location=location,
                source=cells["source"],
                fields=None
                if not any(column in cells for column in SERVICE_FIELD_COLUMNS)
                else parse_service_fields(
                    cells,
                    wards,
                    lambda column, message, number=number: reader.error(
                        file, number, column, message
                    ),
                    lambda column, value, number=number: reader.boolean(
                        file, number, column, value
                    ),
                ),
            )
        )
    return rows


def normalize_number(number: str) -> str:
    """Return a phone number in half-width digits and hyphens, as printed."""
    text = unicodedata.normalize("NFKC", number).strip()
    text = re.sub("[‐‑‒–—―−ーｰ]", "-", text)  # i18n-data (dash look-alikes)
    return re.sub(r"\s+", "", text)


def _read_phones(
    reader: _Reader, organization_names: set[str], service_organizations: dict[str, str]
) -> list[PhoneRow]:
    file = PHONES_FILE
    types = list(Phone.Type.values)
    rows: list[PhoneRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, cells in reader.csv_rows(file, PHONE_COLUMNS):
        if not reader.required(file, number, cells, "organization", "number"):
            continue
        organization, service = cells["organization"], cells["service"]
        if organization not in organization_names:
            reader.error(
                file,
                number,
                "organization",
                _("%(name)s は organizations.csv にありません。") % {"name": organization},
            )
            continue
        if service and service not in service_organizations:
            reader.error(
                file,
                number,
                "service",
                _("%(key)s は services.csv のキーにありません。") % {"key": service},
            )
            continue
        if service and service_organizations[service] != organization:
            reader.error(
                file,
                number,
                "service",
                _("%(key)s は %(name)s の支援ではありません。")
                % {"key": service, "name": organization},
            )
            continue
        phone = normalize_number(cells["number"])
        if not PHONE_CHARACTERS.fullmatch(phone) or not any(is_digits(ch) for ch in phone):
            reader.error(
                file,
                number,
                "number",
                _("電話番号は数字とハイフンで書いてください（%(value)s）。")
                % {"value": cells["number"]},
            )
        reader.length(file, number, "number", phone, Phone, "number")
        reader.length(file, number, "description", cells["description"], Phone, "description")
        phone_type = cells["type"] or Phone.Type.VOICE
        reader.choice(file, number, "type", phone_type, types)
        key = (organization, service, phone, phone_type)
        if key in seen:
            reader.error(
                file,
                number,
                "number",
                _("同じ電話番号が%(row)s行目にあります。") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        rows.append(
            PhoneRow(
                row=number,
                organization=organization,
                service=service,
                number=phone,
                type=phone_type,
                description=cells["description"],
            )
        )
    return rows


def _read_schedules(reader: _Reader, service_organizations: dict[str, str]) -> list[ScheduleRow]:
    file = SCHEDULES_FILE
    rows: list[ScheduleRow] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in reader.csv_rows(file, SCHEDULE_COLUMNS):
        if not reader.required(file, number, cells, "service"):
            continue
        if cells["service"] not in service_organizations:
            reader.error(
                file,
                number,
                "service",
                _("%(key)s は services.csv のキーにありません。") % {"key": cells["service"]},
            )
            continue
        days = [day.strip().upper() for day in cells["byday"].split(",") if day.strip()]
        unknown = [day for day in days if day not in WEEKDAYS]
        if unknown:
            reader.error(
                file,
                number,
                "byday",
                _("曜日は %(days)s をカンマで区切って書いてください（%(value)s）。")
                % {"days": ",".join(WEEKDAYS), "value": cells["byday"]},
            )
        elif len(set(days)) != len(days):
            reader.error(file, number, "byday", _("同じ曜日が重複しています。"))
        byday = ",".join(day for day in WEEKDAYS if day in days)
        opens_at = reader.time(file, number, "opens_at", cells["opens_at"])
        closes_at = reader.time(file, number, "closes_at", cells["closes_at"])
        is_24_hours = reader.boolean(file, number, "is_24_hours", cells["is_24_hours"])
        if is_24_hours and (cells["opens_at"] or cells["closes_at"]):
            reader.error(file, number, "is_24_hours", _("24時間なら時刻は空欄にしてください。"))
        elif not is_24_hours:
            if bool(cells["opens_at"]) != bool(cells["closes_at"]):
                reader.error(
                    file,
                    number,
                    "closes_at" if cells["opens_at"] else "opens_at",
                    _("開始時刻と終了時刻は両方書くか、両方空欄にしてください。"),
                )
            elif opens_at is not None and opens_at == closes_at:
                reader.error(file, number, "closes_at", _("終了時刻が開始時刻と同じです。"))
            if not byday and not cells["opens_at"]:
                reader.error(file, number, "byday", _("曜日か時刻のどちらかは書いてください。"))
        reader.length(file, number, "notes", cells["notes"], Schedule, "notes")
        key = (cells["service"], byday, opens_at, closes_at, is_24_hours)
        if key in seen:
            reader.error(
                file, number, "", _("同じ受付時間が%(row)s行目にあります。") % {"row": seen[key]}
            )
            continue
        seen[key] = number
        rows.append(
            ScheduleRow(
                row=number,
                service=cells["service"],
                byday=byday,
                opens_at=opens_at,
                closes_at=closes_at,
                is_24_hours=is_24_hours,
                notes=cells["notes"],
                internal_note=None
                if "internal_note" not in cells
                else parse_schedule_note(
                    cells,
                    lambda column, message, number=number: reader.error(
                        file, number, column, message
                    ),
                ),
            )
        )
    return rows
