"""Writing a plan package: the validated content back to YAML and CSV files, the format
`read_package` reads (`export_plan`).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from plans.package.content import (
    DEPARTMENT_COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    GLOSSARY_COLUMNS,
    ORGANIZATION_COLUMNS,
    PLAN_TEXT_FIELDS,
    Package,
)

# --- writing ---------------------------------------------------------------------------------


class _BlockDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal):
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        return dumper.represent_int(int(normalized))
    return dumper.represent_float(float(normalized))


_BlockDumper.add_representer(str, _represent_str)
_BlockDumper.add_representer(Decimal, _represent_decimal)


def _dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=10_000)


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})


def write_package(package: Package, path: str | Path) -> None:
    """Write `package` in the documented layout (the same one read_package reads)."""
    root = Path(path)
    (root / "pillars").mkdir(parents=True, exist_ok=True)
    pillar_files = [f"pillars/{pillar.number}.yaml" for pillar in package.pillars]
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": package.version,
        "source": package.source,
        "local_government": vars(package.local_government).copy(),
        "plan": {
            "key": package.plan.key,
            "title": package.plan.title,
            "status": package.plan.status,
            "start_fiscal_year": package.plan.start_fiscal_year,
            "end_fiscal_year": package.plan.end_fiscal_year,
            "adopted_year": package.plan.adopted_year,
            "adopted_month": package.plan.adopted_month,
            **{name: package.plan.texts.get(name, "") for name in PLAN_TEXT_FIELDS},
        },
        "files": {
            "departments": "departments.csv",
            "organizations": "organizations.csv",
            "pillars": pillar_files,
            "indicators": "indicators.yaml",
            "glossary": "glossary.csv",
        },
    }
    (root / "package.yaml").write_text(_dump_yaml(meta), encoding="utf-8")
    _write_csv(
        root / "departments.csv", DEPARTMENT_COLUMNS, [vars(row) for row in package.departments]
    )
    _write_csv(
        root / "organizations.csv",
        ORGANIZATION_COLUMNS,
        [vars(row) for row in package.organizations],
    )
    _write_csv(root / "glossary.csv", GLOSSARY_COLUMNS, [vars(row) for row in package.glossary])
    parents = {row.name: row.parent for row in package.departments}
    for pillar, name in zip(package.pillars, pillar_files, strict=True):
        data: dict[str, Any] = {
            "number": pillar.number,
            "title": pillar.title,
            "partner_activities": [
                {"organization": a.organization, "text": a.text} for a in pillar.partner_activities
            ],
        }
        if pillar.columns:
            data["columns"] = [{"title": c.title, "body": c.body} for c in pillar.columns]
        data["areas"] = [
            {
                "number": area.number,
                "title": area.title,
                "measures": [
                    {
                        "number": m.number,
                        "headings": list(m.headings),
                        "body": m.body,
                        "departments": [
                            f"{parents[d]}（{d}）" if parents.get(d) else d for d in m.departments
                        ],
                        "repeats": m.repeats,
                    }
                    for m in area.measures
                ],
            }
            for area in pillar.areas
        ]
        (root / name).write_text(_dump_yaml(data), encoding="utf-8")
    indicators: dict[str, list] = {"outcome": [], "reference": []}
    for indicator in package.indicators:
        item: dict[str, Any] = {}
        if indicator.kind == "reference":
            item["pillar"] = indicator.pillar
        item["code"] = indicator.code
        item["name"] = indicator.name
        if indicator.definition:
            item["definition"] = indicator.definition
        item["unit"] = indicator.unit
        item["baseline"] = {
            "value": indicator.baseline_value,
            "year": indicator.baseline_year,
            "period_kind": indicator.baseline_period_kind,
        }
        target: dict[str, Any] = (
            {"value": indicator.target_value}
            if indicator.target_value is not None
            else {"direction": indicator.target_direction}
        )
        target.update({"year": indicator.target_year, "period_kind": indicator.target_period_kind})
        if indicator.target_note:
            target["note"] = indicator.target_note
        item["target"] = target
        item["better"] = indicator.better
        if indicator.source_note:
            item["source_note"] = indicator.source_note
        if indicator.statistic_series:
            item["statistic_series"] = indicator.statistic_series
        indicators[indicator.kind].append(item)
    (root / "indicators.yaml").write_text(_dump_yaml(indicators), encoding="utf-8")
