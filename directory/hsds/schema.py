"""The Open Referral HSDS 3 specification as Tsunagu writes it (docs/directory.md): the
resources and their fields, which fields are required, numbers, dates, times, e-mail addresses
and URIs, the foreign keys and the data package's descriptor. The rows and the export are
directory.hsds.export; the import's checks are directory.hsds.reading."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import LocalGovernment
from directory.models import (
    Taxonomy,
)

HSDS_VERSION = "3.0"
TAXONOMY_DESCRIPTIONS = {
    Taxonomy.Kind.NEED: gettext_lazy(
        "相談する人の困りごと（住まい、仕事、お金など）。ポータルの入口のボタンです。"
    ),
    Taxonomy.Kind.AUDIENCE: gettext_lazy(
        "相談する人が誰か（本人、家族、支援者、被害にあった人）。"
    ),
    Taxonomy.Kind.SITUATION: gettext_lazy("相談する人の状況（出所予定、保護観察中など）。"),
}
CHUNK = 2000
TIMEZONE_OFFSET = 9  # Japan Standard Time, UTC+9 (no daylight saving)
TZ_SUFFIX = "+09:00"
KIND_URN = "urn:tsunagu:taxonomy:"  # taxonomy.uri that names a Tsunagu taxonomy kind
DERIVED_NAMESPACE = uuid.UUID("0b9f4a52-6e1c-4d8e-93a7-2c5d4e7f8a10")

# The HSDS 3.0 resources Tsunagu exchanges, in the specification's order, with their files
# and fields (datapackage-tabular.json of openreferral/specification 3.0).
RESOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": (
        "organizations.csv",
        (
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ),
    ),
    "service": (
        "services.csv",
        (
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ),
    ),
    "attribute": (
        "attributes.csv",
        ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    ),
    "service_at_location": (
        "service_at_location.csv",
        ("id", "service_id", "location_id", "description"),
    ),
    "location": (
        "locations.csv",
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ),
    ),
    "phone": (
        "phones.csv",
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    ),
    "address": (
        "addresses.csv",
        (
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
    ),
    "schedule": (
        "schedules.csv",
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
    ),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        (
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ),
    ),
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "uri", "version")),
}

# The fields HSDS 3 requires of each resource ("required" and, for the tabular format,
# "tabular_required" in datapackage-tabular.json): always filled in, marked
# constraints.required in the descriptors. A record without them is not exported (an address
# without a postal code, see address_rows).
REQUIRED: dict[str, frozenset[str]] = {
    "organization": frozenset({"id", "name", "description"}),
    "service": frozenset({"id", "name", "status", "organization_id"}),
    "attribute": frozenset({"id", "link_id", "taxonomy_term_id", "link_entity"}),
    "service_at_location": frozenset({"id", "service_id", "location_id"}),
    "location": frozenset({"id", "location_type"}),
    "phone": frozenset({"id", "number"}),
    "address": frozenset(
        {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"}
    ),
    "schedule": frozenset({"id"}),
    "taxonomy_term": frozenset({"id", "name", "description"}),
    "taxonomy": frozenset({"id", "name", "description"}),
}

# Table-schema type and format of each field (by name: the same name has the same type in
# every resource above). Everything else is a plain string.
NUMBER_FIELDS = frozenset(
    {
        "year_incorporated",
        "minimum_age",
        "maximum_age",
        "latitude",
        "longitude",
        "extension",
        "timezone",
        "count",
        "interval",
    }
)
DATE_FIELDS = frozenset({"assured_date", "valid_from", "valid_to", "dtstart", "until"})
TIME_FIELDS = frozenset({"opens_at", "closes_at"})
DATETIME_FIELDS = frozenset({"last_modified"})
EMAIL_FIELDS = frozenset({"email", "assurer_email"})
URI_FIELDS = frozenset({"website", "uri", "url", "schedule_link", "term_uri"})

# Foreign keys: (resource, field) -> referenced resource ("" = the same resource).
FOREIGN_KEYS: dict[tuple[str, str], str] = {
    ("service", "organization_id"): "organization",
    ("attribute", "link_id"): "service",  # Tsunagu links services only
    ("attribute", "taxonomy_term_id"): "taxonomy_term",
    ("service_at_location", "service_id"): "service",
    ("service_at_location", "location_id"): "location",
    ("location", "organization_id"): "organization",
    ("phone", "location_id"): "location",
    ("phone", "service_id"): "service",
    ("phone", "organization_id"): "organization",
    ("address", "location_id"): "location",
    ("schedule", "service_id"): "service",
    ("schedule", "location_id"): "location",
    ("taxonomy_term", "parent_id"): "",
    ("taxonomy_term", "taxonomy_id"): "taxonomy",
}


def is_id_field(name: str) -> bool:
    return name == "id" or name.endswith("_id")


def field_descriptor(name: str, resource: str | None = None) -> dict[str, Any]:
    """The Frictionless table-schema field of an HSDS field (of `resource`: with
    constraints.required where HSDS requires it)."""
    if is_id_field(name):
        spec = {"name": name, "type": "string", "format": "uuid"}
    elif name in NUMBER_FIELDS:
        spec = {"name": name, "type": "number"}
    elif name in DATE_FIELDS:
        spec = {"name": name, "type": "date"}
    elif name in TIME_FIELDS:
        spec = {"name": name, "type": "time", "format": "any"}
    elif name in DATETIME_FIELDS:
        spec = {"name": name, "type": "datetime"}
    elif name in EMAIL_FIELDS:
        spec = {"name": name, "type": "string", "format": "email"}
    elif name in URI_FIELDS:
        spec = {"name": name, "type": "string", "format": "uri"}
    else:
        spec = {"name": name, "type": "string"}
    if resource is not None and name in REQUIRED[resource]:
        spec["constraints"] = {"required": True}
    return spec


def foreign_keys(resource: str, names: Callable[[str], str] = str) -> list[dict[str, Any]]:
    """The resource's foreign keys; `names` maps an HSDS resource name to the name the
    package gives it."""
    return [
        {
            "fields": field_name,
            "reference": {"resource": names(target) if target else "", "fields": "id"},
        }
        for (source, field_name), target in FOREIGN_KEYS.items()
        if source == resource
    ]


def resource_descriptor(resource: str) -> dict[str, Any]:
    path, fields = RESOURCES[resource]
    return {
        "name": resource,
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [field_descriptor(name, resource) for name in fields],
            "primaryKey": ["id"],
            "foreignKeys": foreign_keys(resource),
        },
    }


def descriptor(local_government: LocalGovernment) -> dict[str, Any]:
    """datapackage.json of the export."""
    return {
        "profile": "tabular-data-package",
        "name": f"hsds-{local_government.slug}",
        "title": _("%(name)s 相談窓口・支援の情報（HSDS）") % {"name": local_government.name},
        "description": _(
            "Open Referral Human Services Data Specification (HSDS) %(version)s の表形式データ"
            "パッケージです。id は各レコードの UUID で、出し直しても変わりません。資料にない項目は"
            "空欄です。"
        )
        % {"version": HSDS_VERSION},
        "hsds_version": HSDS_VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "resources": [resource_descriptor(name) for name in RESOURCES],
    }
