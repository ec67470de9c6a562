"""Open data: a Frictionless tabular data package per local government.

Apps register their resources here (see plans/opendata.py); the download page, the CSV
endpoints and `manage.py export_opendata` all read this registry.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import LocalGovernment
from core.web.exports import neutralise


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless table schema type: string, integer, number
    description: str = ""
    # Always filled in: marked constraints.required, so that a validator reports an empty cell.
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str
    title: Any  # lazy translatable string
    fields: tuple[Field, ...]
    rows: Callable[[LocalGovernment], Iterable[dict[str, Any]]]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def descriptor(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [
                {
                    "name": f.name,
                    "type": f.type,
                    **({"description": str(f.description)} if f.description else {}),
                    **({"constraints": {"required": True}} if f.required else {}),
                }
                for f in self.fields
            ]
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = list(self.foreign_keys)
        return {
            "name": self.name,
            "title": str(self.title),
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


_REGISTRY: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    if resource.name in _REGISTRY:
        raise ValueError(f"open-data resource {resource.name} is registered twice")
    _REGISTRY[resource.name] = resource
    return resource


def resources() -> list[Resource]:
    return list(_REGISTRY.values())


def get_resource(name: str) -> Resource | None:
    return _REGISTRY.get(name)


def license_descriptor() -> dict[str, str]:
    """The licence the data is published under (settings.TSUNAGU_OPENDATA_LICENSE), as a
    Data Package `licenses` entry: name, path (its URL) and title."""
    return {key: value for key, value in settings.TSUNAGU_OPENDATA_LICENSE.items() if value}


def license_note() -> str:
    return settings.TSUNAGU_OPENDATA_LICENSE_NOTE or ""


def descriptor(local_government: LocalGovernment) -> dict[str, Any]:
    licence = license_descriptor()
    terms = _("利用条件: %(title)s（%(path)s）。") % {
        "title": licence.get("title") or licence.get("name", ""),
        "path": licence.get("path", ""),
    }
    return {
        "profile": "tabular-data-package",
        "name": f"tsunagu-{local_government.slug}",
        "title": _("%(name)s 再犯防止推進計画 オープンデータ") % {"name": local_government.name},
        "description": str(
            gettext_lazy(
                "地方公共団体の再犯防止推進計画（計画・取組・担当課・指標）を機械で読める形にしたものです。"
                "出典は各団体が公表した計画です。"
            )
        )
        + terms
        + license_note(),
        "licenses": [licence],
        "keywords": ["再犯防止推進計画", local_government.name],  # i18n-data
        "resources": [resource.descriptor() for resource in resources()],
    }


def plain_number(value: Decimal | float | int) -> str:
    """Return 3000 for Decimal('3E+3'), 62.5 for Decimal('62.500') and 0.0001 for 1e-4:
    a plain decimal, never exponent notation, which CSV readers take for text."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a number an open-data file can hold")
        value = Decimal(repr(value))
    elif not isinstance(value, Decimal):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def cell_text(value: Any) -> str:
    """The text of one CSV cell: the one place open-data files turn values into text. Text that
    a spreadsheet would run as a formula is neutralised by core.web.exports' rule (a number,
    negative or not, is written as a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | float | int):
        return plain_number(value)
    return neutralise(str(value))


def csv_lines(resource: Resource, local_government: LocalGovernment) -> Iterator[str]:
    """Yield the resource as UTF-8 CSV text, one row at a time (for streaming)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [f.name for f in resource.fields]
    writer.writerow(names)
    yield buffer.getvalue()
    for row in resource.rows(local_government):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([cell_text(row.get(name)) for name in names])
        yield buffer.getvalue()


def write_package(local_government: LocalGovernment, directory: str | Path) -> list[Path]:
    """Write datapackage.json and one CSV per resource into `directory`; return the paths."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    written = []
    for resource in resources():
        path = root / resource.path
        with path.open("w", encoding="utf-8", newline="") as handle:
            for line in csv_lines(resource, local_government):
                handle.write(line)
        written.append(path)
    meta = root / "datapackage.json"
    meta.write_text(
        json.dumps(descriptor(local_government), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    written.append(meta)
    return written
