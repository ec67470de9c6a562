"""The directory of a plan package (`<package>/directory/`, docs/directory-package.md): read
and validate it, never touching the database.

`read_directory_package` checks every row and every reference (organizations, service keys,
term codes, the plan's measures, organizations and departments) and raises DirectoryInvalid
listing each problem with its file, row and column; loading is
`directory.services.directory_load_package`, all or nothing."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from core.uploads import TableUnreadable, read_text_path
from directory.models import (
    Location,
    Organization,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.contents import (
    CODE,
    FOLDER,
    LOCATION_COLUMNS,
    LOCATIONS_FILE,
    ORGANIZATION_COLUMNS,
    ORGANIZATIONS_FILE,
    POSTAL,
    TAXONOMY_FILE,
    WARD,
    AddressData,
    DirectoryInvalid,
    DirectoryPackage,
    LocationRow,
    OrganizationRow,
    PackageReader,
    TermRow,
)
from directory.plan_package.service_rows import (
    read_phones,
    read_schedules,
    read_services,
)
from directory.postal import code_fits_address, postal_code_for
from plans.package.reader import _line, _LineLoader
from plans.package.reading import _department_resolver, _organization_resolver


def read_directory_package(path: str | Path, plan=None) -> DirectoryPackage | None:
    """Read and validate the directory of the plan package at `path` (None when it has no
    `directory/` folder); raise DirectoryInvalid with every problem.

    `plan` is the validated plans.package.Package the directory belongs to: its measures,
    organizations and departments are what `measures`, `partner` and `department` name. Without
    it those references are not checked (the plan package has problems of its own)."""
    root = Path(path) / FOLDER
    if not root.is_dir():
        return None
    reader = PackageReader(root)
    terms = _read_taxonomy(reader)
    organizations = _read_organizations(reader, plan)
    organization_names = {row.name for row in organizations}
    locations = _read_locations(reader, organization_names)
    services = read_services(reader, organization_names, locations, terms, plan)
    service_organizations = {row.key: row.organization for row in services}
    phones = read_phones(reader, organization_names, service_organizations)
    schedules = read_schedules(reader, service_organizations)
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


def _read_taxonomy(reader: PackageReader) -> dict[str, list[TermRow]]:

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


def _read_organizations(reader: PackageReader, plan) -> list[OrganizationRow]:

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
        check_url(reader, file, number, "website", cells["website"])
        check_email(reader, file, number, "email", cells["email"])
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


def check_url(reader: PackageReader, file: str, row: int, column: str, value: str) -> None:
    if not value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        reader.error(file, row, column, _("http:// か https:// から始まる URL にしてください。"))
        return
    reader.length(file, row, column, value, Service, "url")


def check_email(reader: PackageReader, file: str, row: int, column: str, value: str) -> None:
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


def _read_locations(reader: PackageReader, organization_names: set[str]) -> list[LocationRow]:
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
