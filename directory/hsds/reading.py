"""Reading and validating an HSDS 3 tabular package for import (`manage.py import_hsds`).

Every row is checked before anything is written: ids are UUIDs and unique, required fields
are filled in, times, dates, numbers, e-mail addresses and URLs parse, and every reference
(`organization_id`, `service_id`, …) names a record of the package or of the same local
government's directory. DirectoryInvalid lists each problem with its file, row and column;
the writes are directory.services.directory_import_hsds, all or nothing.

Tsunagu keeps what its directory has fields for; other HSDS columns (tax_id, logo, contacts,
…) are ignored, and attributes that tag anything but a service are skipped."""

from __future__ import annotations

import datetime
import re
import uuid
from pathlib import Path

from django.utils.translation import gettext as _

from core.package.csv_files import RowError
from directory.hsds.export import derived_schedule_id
from directory.hsds.rows import (
    ADDRESS_TYPES,
    BYDAY,
    CODE,
    FREQUENCIES,
    MODELS,
    PHONE_TYPES,
    HSDSPackage,
    HSDSReader,
)
from directory.hsds.schema import (
    KIND_URN,
    RESOURCES,
)
from directory.models import (
    Location,
    Organization,
    Phone,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.contents import DirectoryInvalid


def _stored_ids(model, local_government) -> set[uuid.UUID]:
    return set(
        model.objects.filter(local_government=local_government).values_list("hsds_id", flat=True)
    )


def read_hsds_package(path: str | Path, *, local_government) -> HSDSPackage:
    """Read and validate the HSDS tabular package in the folder `path` for import into
    `local_government`'s directory; raise DirectoryInvalid with every problem."""
    root = Path(path)
    reader = HSDSReader(root, local_government)
    if not root.is_dir():
        raise DirectoryInvalid([RowError(str(root), None, "", _("フォルダがありません。"))])
    tables = {resource: reader.table(resource) for resource in RESOURCES}
    if all(table is None for table in tables.values()):
        raise DirectoryInvalid(
            [
                RowError(
                    str(root),
                    None,
                    "",
                    _("HSDS の CSV ファイル（services.csv など）がありません。"),
                )
            ]
        )
    rows = {
        resource: [reader.typed(resource, number, cells) for number, cells in (table or [])]
        for resource, table in tables.items()
    }
    for resource, resource_rows in rows.items():
        reader.unique_ids(resource, resource_rows)
    lg = local_government
    ids = {
        resource: {row["id"] for row in rows[resource] if row["id"]} | _stored_ids(model, lg)
        for resource, model in MODELS.items()
    }
    _check_taxonomies(reader, rows["taxonomy"])
    _check_terms(reader, rows["taxonomy_term"], rows["taxonomy"], ids)
    _check_organizations(reader, rows["organization"])
    for row in rows["location"]:
        reader.reference("location", row, "organization_id", ids["organization"], "organization")
        reader.choice(
            "location", row["row"], "location_type", row["location_type"], Location.Type.values
        )
        for name, limit in (("latitude", 90), ("longitude", 180)):
            if row[name] is not None and not -limit <= row[name] <= limit:
                reader.error("location", row["row"], name, _("緯度・経度の範囲外です。"))
    for row in rows["address"]:
        reader.reference("address", row, "location_id", ids["location"], "location")
        reader.choice("address", row["row"], "address_type", row["address_type"], ADDRESS_TYPES)
        if row["country"] and not re.fullmatch(r"[A-Z]{2}", row["country"]):
            reader.error("address", row["row"], "country", _("国は JP のような2文字のコードです。"))
    for row in rows["service"]:
        reader.reference("service", row, "organization_id", ids["organization"], "organization")
        reader.choice("service", row["row"], "status", row["status"], Status.values)
    _check_service_at_locations(reader, rows["service_at_location"], ids)
    for row in rows["phone"]:
        _check_owners(reader, "phone", row, ids, organization=True)
        phone_type = row["type"] or Phone.Type.VOICE
        reader.choice("phone", row["row"], "type", phone_type, PHONE_TYPES)
        row["type"] = PHONE_TYPES.get(phone_type, phone_type)
        extension = row["extension"]
        row["extension"] = (
            str(int(extension)) if extension is not None and extension == int(extension) else ""
        )
    around_the_clock = _check_schedules(
        reader, rows["schedule"], ids, tables["schedule"] is not None
    )
    attributes = []
    for row in rows["attribute"]:
        if row["link_entity"] and row["link_entity"] != "service":
            reader.skipped += 1
            continue
        reader.reference("attribute", row, "link_id", ids["service"], "service")
        reader.reference(
            "attribute", row, "taxonomy_term_id", ids["taxonomy_term"], "taxonomy_term"
        )
        attributes.append(row)
    rows["attribute"] = attributes
    if reader.errors:
        raise DirectoryInvalid(reader.errors)
    return HSDSPackage(
        source=str(root),
        rows=rows,
        around_the_clock=around_the_clock,
        skipped=reader.skipped,
    )


def _check_taxonomies(reader: HSDSReader, rows: list[dict]) -> None:
    stored = {t.hsds_id: t.kind for t in Taxonomy.objects.filter(local_government=reader.lg)}
    stored_kinds = {kind: hsds_id for hsds_id, kind in stored.items()}
    labels = {str(label): kind for kind, label in Taxonomy.Kind.choices}
    seen: dict[str, int] = {}
    for row in rows:
        uri = row["uri"] or ""
        kind = stored.get(row["id"])
        if kind is None and uri.startswith(KIND_URN):
            kind = uri[len(KIND_URN) :]
        if kind is None:
            kind = labels.get(row["name"]) or (row["name"] if row["name"] in stored_kinds else None)
        if kind not in Taxonomy.Kind.values:
            reader.error(
                "taxonomy",
                row["row"],
                "uri",
                _(
                    "Tsunagu の分類（%(kinds)s）のどれか分かりません。uri を %(urn)sneed のように"
                    "してください。"
                )
                % {"kinds": ", ".join(Taxonomy.Kind.values), "urn": KIND_URN},
            )
            continue
        if kind in seen:
            reader.error(
                "taxonomy",
                row["row"],
                "uri",
                _("分類 %(kind)s が%(row)s行目と重複しています。")
                % {"kind": kind, "row": seen[kind]},
            )
        elif stored_kinds.get(kind, row["id"]) != row["id"]:
            reader.error(
                "taxonomy",
                row["row"],
                "id",
                _("分類 %(kind)s はすでに別の id（%(id)s）で登録されています。")
                % {"kind": kind, "id": stored_kinds[kind]},
            )
        seen[kind] = row["row"]
        row["kind"] = kind
        if uri.startswith(KIND_URN):
            row["uri"] = None  # names the kind; not a web address to keep
    return None


def _check_terms(reader: HSDSReader, rows: list[dict], taxonomies: list[dict], ids) -> None:
    stored = {
        t.hsds_id: (t.taxonomy.hsds_id, t.taxonomy.kind, t.code)
        for t in TaxonomyTerm.objects.filter(local_government=reader.lg).select_related("taxonomy")
    }
    kinds = {t.hsds_id: t.kind for t in Taxonomy.objects.filter(local_government=reader.lg)}
    kinds.update({row["id"]: row.get("kind") for row in taxonomies if row["id"]})
    codes = {(taxonomy, code): hsds_id for hsds_id, (taxonomy, _k, code) in stored.items()}
    taxonomy_of = {hsds_id: taxonomy for hsds_id, (taxonomy, _k, _c) in stored.items()}
    taxonomy_of.update({row["id"]: row["taxonomy_id"] for row in rows if row["id"]})
    for row in rows:
        if not reader.reference("taxonomy_term", row, "taxonomy_id", ids["taxonomy"], "taxonomy"):
            continue
        kind = kinds.get(row["taxonomy_id"])
        code = row["code"] or ""
        if kind and code.startswith(f"{kind}:"):
            code = code[len(kind) + 1 :]
        row["code"] = code
        if row["code"] and not CODE.fullmatch(code):
            reader.error(
                "taxonomy_term",
                row["row"],
                "code",
                _("コードは英数字・ハイフン・下線で60文字以内にしてください（%(value)s）。")
                % {"value": code},
            )
            continue
        other = codes.get((row["taxonomy_id"], code))
        if code and other is not None and other != row["id"]:
            reader.error(
                "taxonomy_term",
                row["row"],
                "code",
                _("コード %(code)s はこの分類の別の項目（%(id)s）にあります。")
                % {"code": code, "id": other},
            )
        codes[(row["taxonomy_id"], code)] = row["id"]
        if row["parent_id"] and reader.reference(
            "taxonomy_term", row, "parent_id", ids["taxonomy_term"], "taxonomy_term"
        ):
            if row["parent_id"] == row["id"]:
                reader.error(
                    "taxonomy_term", row["row"], "parent_id", _("自分自身は親にできません。")
                )
            elif taxonomy_of.get(row["parent_id"]) != row["taxonomy_id"]:
                reader.error(
                    "taxonomy_term",
                    row["row"],
                    "parent_id",
                    _("親は同じ分類の項目にしてください。"),
                )


def _check_organizations(reader: HSDSReader, rows: list[dict]) -> None:
    names = dict(
        Organization.objects.filter(local_government=reader.lg).values_list("name", "hsds_id")
    )
    rows_by_name: dict[str, int] = {}
    for row in rows:
        name = row["name"]
        if not name:
            continue
        if name in rows_by_name:
            reader.error(
                "organization",
                row["row"],
                "name",
                _("%(name)s は%(row)s行目と重複しています。")
                % {"name": name, "row": rows_by_name[name]},
            )
        elif names.get(name, row["id"]) != row["id"]:
            reader.error(
                "organization",
                row["row"],
                "name",
                _("%(name)s はすでに別の id（%(id)s）で登録されています。")
                % {"name": name, "id": names[name]},
            )
        rows_by_name[name] = row["row"]


def _check_service_at_locations(reader: HSDSReader, rows: list[dict], ids) -> None:
    pairs = {
        (service, location): hsds_id
        for hsds_id, service, location in ServiceAtLocation.objects.filter(
            local_government=reader.lg
        ).values_list("hsds_id", "service__hsds_id", "location__hsds_id")
    }
    for row in rows:
        ok = reader.reference("service_at_location", row, "service_id", ids["service"], "service")
        ok = (
            reader.reference("service_at_location", row, "location_id", ids["location"], "location")
            and ok
        )
        pair = (row["service_id"], row["location_id"])
        if ok and None not in pair:
            if pairs.get(pair, row["id"]) != row["id"]:
                reader.error(
                    "service_at_location",
                    row["row"],
                    "location_id",
                    _("この支援とこの場所の組み合わせは別の id（%(id)s）にあります。")
                    % {"id": pairs[pair]},
                )
            pairs[pair] = row["id"]


def _check_owners(reader: HSDSReader, resource: str, row: dict, ids, *, organization: bool) -> None:
    owners = [("service_id", "service"), ("location_id", "location")]
    owners.append(("service_at_location_id", "service_at_location"))
    if organization:
        owners.append(("organization_id", "organization"))
    else:
        row["organization_id"] = None
    for name, target in owners:
        reader.reference(resource, row, name, ids[target], target)
    if not any(row.get(name) for name, _target in owners):
        reader.error(
            resource,
            row["row"],
            "",
            _("%(columns)s のどれかが必要です。") % {"columns": ", ".join(n for n, _t in owners)},
        )


def _check_schedules(reader: HSDSReader, rows: list[dict], ids, present: bool):
    around_the_clock: set[uuid.UUID] = set()
    for row in rows:
        _check_owners(reader, "schedule", row, ids, organization=False)
        row["freq"] = row["freq"] or "WEEKLY"
        reader.choice("schedule", row["row"], "freq", row["freq"], FREQUENCIES)
        days = [day.strip().upper() for day in (row["byday"] or "").split(",") if day.strip()]
        if any(not BYDAY.fullmatch(day) for day in days):
            reader.error(
                "schedule",
                row["row"],
                "byday",
                _("曜日は MO,TU,WE のように書いてください（%(value)s）。")
                % {"value": row["byday"]},
            )
        row["byday"] = ",".join(days)
        opens, closes = row["opens_at"], row["closes_at"]
        row["is_24_hours"] = (
            opens == datetime.time(0, 0) and closes is not None and closes >= datetime.time(23, 59)
        )
        if row["is_24_hours"]:
            row["opens_at"] = row["closes_at"] = None
            if row["service_id"]:
                around_the_clock.add(row["service_id"])
        row["derived"] = bool(
            row["is_24_hours"]
            and row["service_id"]
            and row["id"] == derived_schedule_id(row["service_id"])
        )
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            reader.error(
                "schedule", row["row"], "valid_to", _("有効期間の終わりが始まりより前です。")
            )
    return around_the_clock if present else None
