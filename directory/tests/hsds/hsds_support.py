"""What the HSDS tests share: the reference schemas, the package check, a snapshot of a directory
and its wipe (test_hsds.py: the export; test_hsds_import.py: the import)."""

import csv
import datetime
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from jsonschema import Draft202012Validator, FormatChecker

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

REFERENCE = Path(__file__).parents[1] / "hsds3"


def reference_resources() -> dict[str, dict]:
    tabular = json.loads((REFERENCE / "datapackage-tabular.json").read_text(encoding="utf-8"))
    return {name: spec["items"] for name, spec in tabular["properties"].items()}


def flat_fields(spec: dict) -> dict[str, dict]:
    return {
        name: prop
        for name, prop in spec["properties"].items()
        if prop.get("type") not in ("array", "object")
    }


def row_schema(spec: dict) -> dict:
    """A JSON Schema for one CSV row of the resource: its flat fields' types, formats and
    enums, and its required fields."""
    properties = {}
    for name, prop in flat_fields(spec).items():
        properties[name] = {key: prop[key] for key in ("type", "format", "enum") if key in prop}
    return {
        "type": "object",
        "properties": properties,
        "required": list(spec.get("required", [])),
        "additionalProperties": False,
    }


def as_json(row: dict[str, str], spec: dict) -> dict:
    """A CSV row as the JSON object it stands for: an empty cell is an absent value, except
    a required text field, which is then the empty string (the column is there)."""
    fields = flat_fields(spec)
    required = set(spec.get("required", []))
    result = {}
    for name, text in row.items():
        prop = fields[name]
        if text == "":
            if name in required and prop["type"] == "string" and "format" not in prop:
                result[name] = ""
            continue
        result[name] = float(text) if prop["type"] == "number" else text
    return result


FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.scheme == "urn")


def check_datapackage_type(kind: str, value: str) -> None:
    if kind == "date":
        datetime.date.fromisoformat(value)
    elif kind == "time":
        assert re.fullmatch(r"\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?", value), value
    elif kind == "datetime":
        datetime.datetime.fromisoformat(value)


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_valid_hsds_package(root: Path) -> dict[str, list[dict[str, str]]]:
    """Every resource's field list matches the reference, every row validates against its
    JSON Schema, required fields are filled in, ids are unique and references resolve."""
    reference = reference_resources()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    tables = {}
    for resource in descriptor["resources"]:
        spec = reference[resource["name"]]
        fields = flat_fields(spec)
        assert resource["path"] == spec["path"]
        assert [f["name"] for f in resource["schema"]["fields"]] == list(fields)
        for field in resource["schema"]["fields"]:
            prop = fields[field["name"]]
            assert field["type"] == prop.get("datapackage_type", prop["type"]), field
        with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == list(fields)
        rows = read_table(root / resource["path"])
        validator = Draft202012Validator(row_schema(spec), format_checker=FORMATS)
        must_fill = set(spec.get("required", [])) | set(spec.get("tabular_required", []))
        for number, row in enumerate(rows, start=2):
            errors = [e.message for e in validator.iter_errors(as_json(row, spec))]
            assert not errors, (resource["path"], number, errors)
            assert all(row[name] for name in must_fill), (resource["path"], number, row)
            for name, prop in fields.items():
                if row[name] and "datapackage_type" in prop:
                    check_datapackage_type(prop["datapackage_type"], row[name])
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), resource["path"]
        tables[resource["name"]] = rows
    for resource in descriptor["resources"]:
        for key in resource["schema"]["foreignKeys"]:
            target = key["reference"]["resource"] or resource["name"]
            known = {row["id"] for row in tables[target]}
            for row in tables[resource["name"]]:
                value = row[key["fields"]]
                assert not value or value in known, (resource["name"], key["fields"], value)
    return tables


def snapshot(local_government) -> dict:
    """The directory's content that HSDS carries, by hsds_id."""
    lg = {"local_government": local_government}
    return {
        "taxonomies": sorted(
            Taxonomy.objects.filter(**lg).values_list("hsds_id", "kind", "name", "description")
        ),
        "terms": sorted(
            TaxonomyTerm.objects.filter(**lg).values_list(
                "hsds_id", "taxonomy__hsds_id", "code", "name", "description", "position"
            )
        ),
        "organizations": sorted(
            Organization.objects.filter(**lg).values_list(
                "hsds_id",
                "name",
                "alternate_name",
                "description",
                "email",
                "website",
                "legal_status",
            )
        ),
        "locations": sorted(
            Location.objects.filter(**lg).values_list(
                "hsds_id",
                "organization__hsds_id",
                "location_type",
                "name",
                "ward",
                "latitude",
                "longitude",
            )
        ),
        "addresses": sorted(
            Address.objects.filter(**lg).values_list(
                "hsds_id",
                "location__hsds_id",
                "address_1",
                "address_2",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
            )
        ),
        "services": sorted(
            Service.objects.filter(**lg).values_list(
                "hsds_id",
                "organization__hsds_id",
                "name",
                "description",
                "url",
                "status",
                "eligibility_description",
                "application_process",
                "is_24_hours",
                "last_verified_on",
            )
        ),
        "service_terms": sorted(
            Service.terms.through.objects.filter(
                service__local_government=local_government
            ).values_list("service__hsds_id", "taxonomyterm__hsds_id")
        ),
        "places": sorted(
            ServiceAtLocation.objects.filter(**lg).values_list(
                "hsds_id", "service__hsds_id", "location__hsds_id"
            )
        ),
        "phones": sorted(
            Phone.objects.filter(**lg).values_list(
                "hsds_id",
                "organization__hsds_id",
                "service__hsds_id",
                "location__hsds_id",
                "number",
                "extension",
                "type",
                "description",
            ),
            key=str,
        ),
        "phone_order": list(
            Phone.objects.filter(**lg).order_by("position", "pk").values_list("number", flat=True)
        ),
        "schedules": sorted(
            Schedule.objects.filter(**lg).values_list(
                "hsds_id",
                "service__hsds_id",
                "location__hsds_id",
                "byday",
                "opens_at",
                "closes_at",
                "is_24_hours",
                "valid_from",
                "valid_to",
                "notes",
            ),
            key=str,
        ),
    }


def wipe(local_government) -> None:
    Organization.objects.filter(local_government=local_government).delete()
    Taxonomy.objects.filter(local_government=local_government).delete()
