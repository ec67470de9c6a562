"""Plan packages: read and validate a folder of YAML and CSV files (docs/plan-package.md).

`read_package` validates everything and raises PackageInvalid listing every problem with its
file, line and field; it never touches the database. Loading into the database is
`plans.loading.plan_load_package`; writing one is `plans.package.writing.write_package`.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext as _

from core.models import LocalGovernment
from core.tenancy import RESERVED_SLUGS
from core.text import fold
from plans.package.content import (
    DEPARTMENT_COLUMNS,
    DEPARTMENT_KINDS,
    FORMAT,
    FORMAT_VERSION,
    GLOSSARY_COLUMNS,
    ORGANIZATION_COLUMNS,
    PLAN_STATUSES,
    PLAN_TEXT_FIELDS,
    SUBUNIT,
    DepartmentRow,
    GlossaryRow,
    LocalGovernmentData,
    OrganizationRow,
    Package,
    PackageError,
    PackageInvalid,
    PlanData,
)
from plans.package.indicators import _read_indicators
from plans.package.pillars import _check_repeats, _check_sequence, _read_pillar
from plans.package.reader import _line, _Reader


def check_digit_ok(code: str) -> bool:
    """Return whether a 6-digit 全国地方公共団体コード has the right check digit."""
    if not re.fullmatch(r"\d{6}", code):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(code[:5], (6, 5, 4, 3, 2), strict=True)
    )
    return (11 - total % 11) % 10 == int(code[5])


def read_package(path: str | Path) -> Package:
    """Read and validate the package at `path`; raise PackageInvalid with every problem."""
    root = Path(path)
    reader = _Reader(root)
    if not root.is_dir():
        raise PackageInvalid([PackageError(str(root), None, "", _("フォルダがありません。"))])

    meta = reader.yaml_file("package.yaml")
    if not isinstance(meta, dict):
        if not reader.errors:
            reader.error("package.yaml", None, "", _("内容が空か、形式が違います。"))
        raise PackageInvalid(reader.errors)

    if meta.get("format") != FORMAT:
        reader.error(
            "package.yaml",
            _line(meta, "format"),
            "format",
            _("format は %(format)s にしてください。") % {"format": FORMAT},
        )
    if meta.get("format_version") != FORMAT_VERSION:
        reader.error(
            "package.yaml",
            _line(meta, "format_version"),
            "format_version",
            _("この版の Tsunagu が読める format_version は %(version)s です。")
            % {"version": FORMAT_VERSION},
        )

    local_government = _read_local_government(reader, meta)
    plan = _read_plan(reader, meta)
    files = meta.get("files") if isinstance(meta.get("files"), dict) else {}
    if not files:
        reader.error("package.yaml", _line(meta, "files"), "files", _("必須項目です。"))

    errors_before = len(reader.errors)
    departments = _read_departments(reader, files.get("departments", "departments.csv"))
    departments_ok = len(reader.errors) == errors_before
    errors_before = len(reader.errors)
    organizations = _read_organizations(reader, files.get("organizations", "organizations.csv"))
    organizations_ok = len(reader.errors) == errors_before
    # When a reference file itself is broken, its names are not checked again in every
    # pillar: one cause, one message.
    resolve_department = _department_resolver(departments) if departments_ok else _accept_any
    resolve_organization = (
        _organization_resolver(organizations) if organizations_ok else _accept_any
    )

    pillar_files = files.get("pillars") or []
    if not isinstance(pillar_files, list) or not pillar_files:
        reader.error(
            "package.yaml",
            _line(files, "pillars"),
            "files.pillars",
            _("推進施策のファイルを1つ以上挙げてください。"),
        )
        pillar_files = []
    pillars = [
        pillar
        for name in pillar_files
        if (pillar := _read_pillar(reader, str(name), resolve_department, resolve_organization))
        is not None
    ]
    if len(pillars) == len(pillar_files):  # else a pillar file is broken and already reported
        numbered = [(p.number, pillar_files[i]) for i, p in enumerate(pillars)]
        _check_sequence(reader, numbered, "number", _("節番号"))
        _check_repeats(reader, pillars, pillar_files)

    indicators = _read_indicators(
        reader,
        files.get("indicators", "indicators.yaml"),
        {p.number for p in pillars} if len(pillars) == len(pillar_files) else None,
    )
    glossary = _read_glossary(reader, files["glossary"]) if files.get("glossary") else []
    file_names = {
        "departments": files.get("departments", "departments.csv"),
        "organizations": files.get("organizations", "organizations.csv"),
        "indicators": files.get("indicators", "indicators.yaml"),
        "glossary": files.get("glossary", ""),
    }

    if reader.errors:
        raise PackageInvalid(reader.errors)
    return Package(
        version=str(meta.get("version") or ""),
        source=str(meta.get("source") or ""),
        local_government=local_government,
        plan=plan,
        departments=departments,
        organizations=organizations,
        pillars=pillars,
        indicators=indicators,
        glossary=glossary,
        files=file_names,
    )


def _read_local_government(reader: _Reader, meta: dict) -> LocalGovernmentData:
    data = meta.get("local_government")
    file = "package.yaml"
    if not isinstance(data, dict):
        reader.error(file, _line(meta, "local_government"), "local_government", _("必須項目です。"))
        data = {}
    code = reader.text(data, "code", file, label="local_government.code")
    if code and not check_digit_ok(code):
        reader.error(
            file,
            _line(data, "code"),
            "local_government.code",
            _("%(code)s は全国地方公共団体コード（6桁、検査数字付き）ではありません。")
            % {"code": code},
        )
    slug = reader.text(data, "slug", file, label="local_government.slug")
    if slug and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", slug):
        reader.error(
            file,
            _line(data, "slug"),
            "local_government.slug",
            _("英小文字・数字・ハイフンで40文字以内にしてください。"),
        )
    elif slug in RESERVED_SLUGS:
        reader.error(
            file,
            _line(data, "slug"),
            "local_government.slug",
            _("%(slug)s はシステムが使う名前なので使えません。") % {"slug": slug},
        )
    kind = reader.text(data, "kind", file, label="local_government.kind")
    if kind:
        reader.choice(
            kind,
            set(LocalGovernment.Kind.values),
            file,
            _line(data, "kind"),
            "local_government.kind",
        )
    wards = data.get("wards") or []
    if not isinstance(wards, list) or not all(isinstance(w, str) and w.strip() for w in wards):
        reader.error(
            file,
            _line(data, "wards"),
            "local_government.wards",
            _("区の名称を文字列のリストで書いてください（例: [中央区, 東区]）。"),
        )
        wards = []
    elif len(set(wards)) != len(wards):
        reader.error(
            file, _line(data, "wards"), "local_government.wards", _("同じ区が2回あります。")
        )
    return LocalGovernmentData(
        code=code,
        slug=slug,
        name=reader.text(data, "name", file, label="local_government.name"),
        kind=kind,
        wards=[w.strip() for w in wards],
    )


def _read_plan(reader: _Reader, meta: dict) -> PlanData:
    data = meta.get("plan")
    file = "package.yaml"
    if not isinstance(data, dict):
        reader.error(file, _line(meta, "plan"), "plan", _("必須項目です。"))
        data = {}
    key = reader.text(data, "key", file, label="plan.key")
    if key and not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key):
        reader.error(
            file, _line(data, "key"), "plan.key", _("英数字・ハイフンで40文字以内にしてください。")
        )
    status = reader.text(data, "status", file, label="plan.status") or "draft"
    reader.choice(status, PLAN_STATUSES, file, _line(data, "status"), "plan.status")
    start = reader.integer(
        data.get("start_fiscal_year"),
        file,
        _line(data, "start_fiscal_year"),
        "plan.start_fiscal_year",
    )
    end = reader.integer(
        data.get("end_fiscal_year"), file, _line(data, "end_fiscal_year"), "plan.end_fiscal_year"
    )
    if start is not None and end is not None and end < start:
        reader.error(
            file,
            _line(data, "end_fiscal_year"),
            "plan.end_fiscal_year",
            _("終了年度が開始年度より前です。"),
        )
    for year, name in ((start, "start_fiscal_year"), (end, "end_fiscal_year")):
        if year is not None and not 1900 <= year <= 2200:
            reader.error(
                file, _line(data, name), f"plan.{name}", _("年度は西暦4桁で書いてください。")
            )
    month = reader.integer(
        data.get("adopted_month"),
        file,
        _line(data, "adopted_month"),
        "plan.adopted_month",
        required=False,
    )
    if month is not None and not 1 <= month <= 12:
        reader.error(
            file, _line(data, "adopted_month"), "plan.adopted_month", _("月は1から12です。")
        )
    texts = {
        name: reader.text(data, name, file, required=False, label=f"plan.{name}")
        for name in PLAN_TEXT_FIELDS
    }
    return PlanData(
        key=key,
        title=reader.text(data, "title", file, label="plan.title"),
        status=status,
        start_fiscal_year=start or 0,
        end_fiscal_year=end or 0,
        adopted_year=reader.integer(
            data.get("adopted_year"),
            file,
            _line(data, "adopted_year"),
            "plan.adopted_year",
            required=False,
        ),
        adopted_month=month,
        texts=texts,
    )


def _read_departments(reader: _Reader, file: str) -> list[DepartmentRow]:
    rows = reader.named_csv_rows(file, DEPARTMENT_COLUMNS)
    departments: list[DepartmentRow] = []
    for line, row in rows:
        kind = row["kind"] or "department"
        reader.choice(kind, DEPARTMENT_KINDS, file, line, "kind")
        departments.append(DepartmentRow(**{**row, "kind": kind}, line=line))
    by_name = {row.name: row for row in departments}
    for line, row in rows:
        parent = row["parent"]
        if not parent:
            continue
        if parent not in by_name:
            reader.error(
                file,
                line,
                "parent",
                _("%(parent)s はこのファイルにありません。") % {"parent": parent},
            )
        elif parent == row["name"]:
            reader.error(file, line, "parent", _("自分自身を所属する課にはできません。"))
        elif by_name[parent].parent:
            reader.error(
                file,
                line,
                "parent",
                _("所属する課は1段までです（%(parent)s にも所属先があります）。")
                % {"parent": parent},
            )
    return departments


def _read_organizations(reader: _Reader, file: str) -> list[OrganizationRow]:
    organizations: list[OrganizationRow] = []
    council: dict[int, int] = {}
    for line, row in reader.named_csv_rows(file, ORGANIZATION_COLUMNS):
        number = reader.integer(row["council_number"], file, line, "council_number", required=False)
        if number is not None:
            if number < 1:
                reader.error(file, line, "council_number", _("1以上の整数にしてください。"))
            elif number in council:
                reader.error(
                    file,
                    line,
                    "council_number",
                    _("番号 %(number)s は%(line)s行目と重複しています。")
                    % {"number": number, "line": council[number]},
                )
            council[number] = line
        organizations.append(OrganizationRow(**{**row, "council_number": number}, line=line))
    return organizations


def _accept_any(name: str) -> str:
    return name


def _department_resolver(departments: list[DepartmentRow]):
    by_name = {row.name: row for row in departments}

    def resolve(name: str) -> str | None:
        """Return the canonical name of a department as a measure writes it, or None."""
        if name in by_name:
            return name
        match = SUBUNIT.match(name)
        if match:
            child = by_name.get(match["child"])
            if child and child.parent == match["parent"]:
                return child.name
        return None

    return resolve


def _organization_resolver(organizations: list[OrganizationRow]):
    by_folded: dict[str, str] = {}
    for row in organizations:
        by_folded[fold(row.name)] = row.name
        for alias in filter(None, (part.strip() for part in row.alias.split("、"))):
            by_folded.setdefault(fold(alias), row.name)

    def resolve(name: str) -> str | None:
        return by_folded.get(fold(name))

    return resolve


def _read_glossary(reader: _Reader, file: str) -> list[GlossaryRow]:
    rows = []
    seen: set[int] = set()
    for line, row in reader.csv_file(file, GLOSSARY_COLUMNS):
        number = reader.integer(row["number"], file, line, "number")
        if number is None:
            continue
        if number in seen:
            reader.error(
                file, line, "number", _("番号 %(number)s が重複しています。") % {"number": number}
            )
            continue
        seen.add(number)
        for name in ("term", "definition"):
            if not row[name]:
                reader.error(file, line, name, _("必須項目です。"))
        rows.append(
            GlossaryRow(number=number, term=row["term"], definition=row["definition"], line=line)
        )
    return rows
