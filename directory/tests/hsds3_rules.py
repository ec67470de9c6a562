"""The official HSDS 3 tabular rules as a Frictionless data package: the resources, fields,
types, formats, enums, unique ids and required fields of the specification's
datapackage-tabular.json (vendored in hsds3/, see its README), laid over the CSV files of an
export, for frictionless to validate. Nothing here comes from Tsunagu's own descriptor."""

import json
from collections import Counter
from pathlib import Path

from frictionless import Package

REFERENCE = Path(__file__).parent / "hsds3" / "datapackage-tabular.json"
STRING_FORMATS = {"uuid", "email", "uri"}


def reference_resources() -> dict[str, dict]:
    tabular = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return {name: spec["items"] for name, spec in tabular["properties"].items()}


def required_fields(spec: dict) -> set[str]:
    """HSDS's required fields of a resource, and those the tabular format adds (the ids that
    the JSON form expresses by nesting)."""
    return set(spec.get("required", [])) | set(spec.get("tabular_required", []))


def _field(name: str, prop: dict, required: bool) -> dict:
    kind = prop.get("datapackage_type", prop["type"])
    field = {"name": name, "type": kind}
    if prop.get("format") in STRING_FORMATS:
        field["format"] = prop["format"]
    if kind == "time":
        # HSDS asks for HH:MM with an offset (09:00-05:00; its description of opens_at), which
        # Table Schema's default time format (HH:MM:SS, no offset) does not read.
        field["format"] = "any"
    constraints = {}
    if required:
        constraints["required"] = True
    if prop.get("constraints", {}).get("unique"):
        constraints["unique"] = True
    if "enum" in prop:
        constraints["enum"] = prop["enum"]
    if constraints:
        field["constraints"] = constraints
    return field


def hsds3_package(root: Path) -> Package:
    """The HSDS 3 tabular package of the CSV files in `root` (the resources the files exist
    for), described by the specification alone."""
    resources = []
    for name, spec in reference_resources().items():
        if not (root / spec["path"]).exists():
            continue
        required = required_fields(spec)
        fields = [
            _field(field_name, prop, field_name in required)
            for field_name, prop in spec["properties"].items()
            if prop.get("type") not in ("array", "object")
        ]
        resources.append(
            {
                "name": name,
                "path": spec["path"],
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["id"]},
            }
        )
    return Package({"name": "hsds", "resources": resources}, basepath=str(root))


def hsds3_errors(root: Path) -> Counter:
    """The errors frictionless finds, counted by (resource, error type, field)."""
    report = hsds3_package(root).validate()
    counts: Counter = Counter()
    for task in report.tasks:
        for error in task.errors:
            counts[(task.name, error.type, getattr(error, "field_name", ""))] += 1
    for error in report.errors:
        counts[("", error.type, "")] += 1
    return counts
