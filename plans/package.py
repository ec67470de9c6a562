"""Plan packages: read and validate a folder of YAML and CSV files, and write one.

The format is documented in docs/plan-package.md. `read_package` validates everything and
raises PackageInvalid listing every problem with its file, line and field; it never touches
the database. Loading into the database is `plans.services.plan_load_package`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from core.models import LocalGovernment
from core.package_csv import read_csv_file
from core.tenancy import RESERVED_SLUGS
from core.text import fold
from core.uploads import PackageYamlLoader, TableUnreadable, read_text_path
from plans import indicator_codes

FORMAT = "tsunagu-plan-package"
FORMAT_VERSION = 1

DEPARTMENT_COLUMNS = ["name", "bureau", "parent", "phone", "kind", "note"]
ORGANIZATION_COLUMNS = [
    "name",
    "legal_form",
    "category",
    "council_number",
    "council_group",
    "alias",
    "note",
]
GLOSSARY_COLUMNS = ["number", "term", "definition"]
DEPARTMENT_KINDS = {"department", "collective"}
PERIOD_KINDS = {"fiscal_year", "calendar_year"}
DIRECTIONS = {"increase", "decrease", "maintain"}
BETTER = {"higher", "lower"}
PLAN_STATUSES = {"draft", "published"}
PLAN_TEXT_FIELDS = [
    "purpose",
    "positioning",
    "target_people",
    "basic_philosophy",
    "basic_policy",
    "city_measures_note",
    "promotion_structure",
    "progress_management",
]
MEASURE_KEY = re.compile(r"^(\d+)-(\d+)-(\d+)$")
SUBUNIT = re.compile(r"^(?P<parent>.+?)（(?P<child>[^（）]+)）$")


# --- the validated content ---------------------------------------------------------------


@dataclass
class DepartmentRow:
    name: str
    bureau: str = ""
    parent: str = ""
    phone: str = ""
    kind: str = "department"
    note: str = ""
    line: int | None = field(default=None, compare=False, repr=False)  # its row in the file


@dataclass
class OrganizationRow:
    name: str
    legal_form: str = ""
    category: str = ""
    council_number: int | None = None
    council_group: str = ""
    alias: str = ""
    note: str = ""
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class MeasureData:
    number: int
    headings: list[str]
    body: str
    departments: list[str]  # canonical department names
    repeats: str | None = None  # "pillar-area-number"
    line: int | None = field(default=None, compare=False, repr=False)  # where it starts in its file


@dataclass
class AreaData:
    number: int
    title: str
    measures: list[MeasureData] = field(default_factory=list)


@dataclass
class PartnerActivityData:
    organization: str  # canonical organization name
    text: str


@dataclass
class ColumnData:
    title: str
    body: str


@dataclass
class PillarData:
    number: int
    title: str
    file: str = field(default="", compare=False, repr=False)  # the package file it came from
    partner_activities: list[PartnerActivityData] = field(default_factory=list)
    columns: list[ColumnData] = field(default_factory=list)
    areas: list[AreaData] = field(default_factory=list)


@dataclass
class IndicatorData:
    kind: str  # outcome | reference
    pillar: int | None
    name: str
    unit: str
    better: str
    code: str = ""  # stable within the plan (plans.indicator_codes)
    definition: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    baseline_period_kind: str = "fiscal_year"
    target_value: Decimal | None = None
    target_direction: str = ""
    target_year: int | None = None
    target_period_kind: str = "fiscal_year"
    target_note: str = ""
    source_note: str = ""
    statistic_series: str = ""  # the key of a statistics series the actuals are read from
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class GlossaryRow:
    number: int
    term: str
    definition: str
    line: int | None = field(default=None, compare=False, repr=False)


@dataclass
class LocalGovernmentData:
    code: str
    slug: str
    name: str
    kind: str
    wards: list[str] = field(default_factory=list)


@dataclass
class PlanData:
    key: str
    title: str
    status: str
    start_fiscal_year: int
    end_fiscal_year: int
    adopted_year: int | None
    adopted_month: int | None
    texts: dict[str, str]


@dataclass
class Package:
    version: str
    source: str
    local_government: LocalGovernmentData
    plan: PlanData
    departments: list[DepartmentRow]
    organizations: list[OrganizationRow]
    pillars: list[PillarData]
    indicators: list[IndicatorData]
    glossary: list[GlossaryRow]
    # The names package.yaml gives its files (departments, organizations, indicators, glossary).
    files: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def measure_count(self) -> int:
        return sum(len(area.measures) for pillar in self.pillars for area in pillar.areas)


# --- errors ------------------------------------------------------------------------------


@dataclass
class PackageError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where} [{self.field}] {self.message}" if self.field else f"{where} {self.message}"


class PackageInvalid(Exception):
    def __init__(self, errors: list[PackageError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


# --- YAML with line numbers ----------------------------------------------------------------


class _LineDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    lines: dict[str, int]
    line: int


class _LineLoader(PackageYamlLoader):
    """PackageYamlLoader (no aliases) that keeps the line of every mapping and key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    result = _LineDict()
    result.lines = {}
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(mapping: Any, key: str | None = None) -> int | None:
    if isinstance(mapping, _LineDict):
        if key is not None and key in mapping.lines:
            return mapping.lines[key]
        return mapping.line
    return None


# --- reading ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[PackageError] = []

    def error(self, file: str, line: int | None, field_name: str, message: str) -> None:
        self.errors.append(PackageError(file, line, field_name, message))

    # files

    def yaml_file(self, name: str) -> Any:
        path = self.root / name
        if not path.is_file():
            self.error(name, None, "", _("ファイルがありません。"))
            return None
        try:
            return yaml.load(read_text_path(path), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
        except TableUnreadable as unreadable:
            self.error(name, None, "", unreadable.message)
        except UnicodeDecodeError:
            self.error(name, None, "", _("UTF-8 で保存してください。"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.error(
                name,
                mark.line + 1 if mark else None,
                "",
                _("YAML として読めません: %(problem)s") % {"problem": getattr(exc, "problem", exc)},
            )
        return None

    def csv_file(self, name: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
        return read_csv_file(self.root / name, name, columns, self.error)

    def named_csv_rows(self, name: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
        """The rows of a CSV file whose `name` column is filled in and unique; the others are
        reported and left out."""
        rows = []
        seen: dict[str, int] = {}
        for line, row in self.csv_file(name, columns):
            if not row["name"]:
                self.error(name, line, "name", _("必須項目です。"))
            elif row["name"] in seen:
                self.error(
                    name,
                    line,
                    "name",
                    _("%(name)s は%(line)s行目と重複しています。")
                    % {"name": row["name"], "line": seen[row["name"]]},
                )
            else:
                seen[row["name"]] = line
                rows.append((line, row))
        return rows

    # typed fields

    def text(
        self, mapping: Any, key: str, file: str, *, required: bool = True, label: str | None = None
    ) -> str:
        value = mapping.get(key) if isinstance(mapping, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(file, _line(mapping, key), label or key, _("必須項目です。"))
            return ""
        if not isinstance(value, str | int | float):
            self.error(file, _line(mapping, key), label or key, _("文字列にしてください。"))
            return ""
        return str(value).strip()

    def integer(
        self, value: Any, file: str, line: int | None, field_name: str, *, required: bool = True
    ) -> int | None:
        if value is None or value == "":
            if required:
                self.error(file, line, field_name, _("必須項目です。"))
            return None
        if isinstance(value, bool):
            self.error(
                file, line, field_name, _("整数にしてください（%(value)s）。") % {"value": value}
            )
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            self.error(
                file, line, field_name, _("整数にしてください（%(value)s）。") % {"value": value}
            )
            return None

    def decimal(self, value: Any, file: str, line: int | None, field_name: str) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.error(
                file, line, field_name, _("数値にしてください（%(value)s）。") % {"value": value}
            )
            return None
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            self.error(
                file, line, field_name, _("数値にしてください（%(value)s）。") % {"value": value}
            )
            return None
        if not number.is_finite():
            self.error(
                file, line, field_name, _("数値にしてください（%(value)s）。") % {"value": value}
            )
            return None
        return number

    def choice(
        self, value: str, allowed: set[str], file: str, line: int | None, field_name: str
    ) -> str:
        if value not in allowed:
            self.error(
                file,
                line,
                field_name,
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": value or _("（空）"), "allowed": ", ".join(sorted(allowed))},
            )
        return value


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


def _check_sequence(
    reader: _Reader, numbered: list[tuple[int, str]], field_name: str, label: str
) -> None:
    numbers = [number for number, _where in numbered]
    if numbers != list(range(1, len(numbers) + 1)):
        where = numbered[0][1] if numbered else ""
        reader.error(
            where,
            None,
            field_name,
            _("%(label)s は1から順に並べてください（いま: %(numbers)s）。")
            % {"label": label, "numbers": ", ".join(map(str, numbers))},
        )


def _paragraphs(value: Any) -> str:
    """Normalise a YAML text block: trimmed lines, no trailing newline."""
    return "\n".join(line.strip() for line in str(value).strip().splitlines())


def _read_pillar(
    reader: _Reader, file: str, resolve_department, resolve_organization
) -> PillarData | None:
    data = reader.yaml_file(file)
    if data is None:
        return None
    if not isinstance(data, dict):
        reader.error(file, None, "", _("内容が空か、形式が違います。"))
        return None
    number = reader.integer(data.get("number"), file, _line(data, "number"), "number") or 0
    pillar = PillarData(number=number, title=reader.text(data, "title", file), file=file)

    for index, item in enumerate(_list(reader, data, "partner_activities", file)):
        label = f"partner_activities[{index + 1}]"
        if not isinstance(item, dict):
            reader.error(
                file,
                _line(data, "partner_activities"),
                label,
                _("organization と text を持つ項目にしてください。"),
            )
            continue
        written = reader.text(item, "organization", file, label=f"{label}.organization")
        organization = resolve_organization(written) if written else None
        if written and organization is None:
            reader.error(
                file,
                _line(item, "organization"),
                f"{label}.organization",
                _("%(name)s は organizations に（別称としても）ありません。") % {"name": written},
            )
        text = reader.text(item, "text", file, label=f"{label}.text")
        pillar.partner_activities.append(
            PartnerActivityData(organization=organization or written, text=_paragraphs(text))
        )

    for index, item in enumerate(_list(reader, data, "columns", file, required=False)):
        label = f"columns[{index + 1}]"
        if not isinstance(item, dict):
            reader.error(
                file, _line(data, "columns"), label, _("title と body を持つ項目にしてください。")
            )
            continue
        pillar.columns.append(
            ColumnData(
                title=reader.text(item, "title", file, label=f"{label}.title"),
                body=_paragraphs(reader.text(item, "body", file, label=f"{label}.body")),
            )
        )

    for area_index, area_data in enumerate(_list(reader, data, "areas", file)):
        area_label = f"areas[{area_index + 1}]"
        if not isinstance(area_data, dict):
            reader.error(
                file,
                _line(data, "areas"),
                area_label,
                _("number, title, measures を持つ項目にしてください。"),
            )
            continue
        area = AreaData(
            number=reader.integer(
                area_data.get("number"), file, _line(area_data, "number"), f"{area_label}.number"
            )
            or 0,
            title=reader.text(area_data, "title", file, label=f"{area_label}.title"),
        )
        for measure_index, item in enumerate(_list(reader, area_data, "measures", file)):
            label = f"{area_label}.measures[{measure_index + 1}]"
            if not isinstance(item, dict):
                reader.error(
                    file,
                    _line(area_data, "measures"),
                    label,
                    _("number, body, departments を持つ項目にしてください。"),
                )
                continue
            area.measures.append(_read_measure(reader, item, file, label, resolve_department))
        _check_sequence(
            reader,
            [(m.number, file) for m in area.measures],
            f"{area_label}.measures",
            _("取組の番号"),
        )
        pillar.areas.append(area)
    _check_sequence(reader, [(a.number, file) for a in pillar.areas], "areas", _("取組分野の番号"))
    return pillar


def _read_measure(
    reader: _Reader, item: dict, file: str, label: str, resolve_department
) -> MeasureData:
    headings_value = item.get("headings") or []
    if not isinstance(headings_value, list) or not all(
        isinstance(h, str) and h.strip() for h in headings_value
    ):
        reader.error(
            file,
            _line(item, "headings"),
            f"{label}.headings",
            _("見出しは文字列のリストにしてください（なければ []）。"),
        )
        headings_value = []
    departments_value = item.get("departments")
    departments: list[str] = []
    if not isinstance(departments_value, list) or not departments_value:
        reader.error(
            file,
            _line(item, "departments"),
            f"{label}.departments",
            _("担当課を1つ以上挙げてください。"),
        )
    else:
        for written in departments_value:
            canonical = resolve_department(str(written).strip())
            if canonical is None:
                reader.error(
                    file,
                    _line(item, "departments"),
                    f"{label}.departments",
                    _("%(name)s は departments にありません。") % {"name": written},
                )
            elif canonical in departments:
                reader.error(
                    file,
                    _line(item, "departments"),
                    f"{label}.departments",
                    _("%(name)s が重複しています。") % {"name": written},
                )
            else:
                departments.append(canonical)
    repeats = item.get("repeats")
    if repeats is not None:
        repeats = str(repeats).strip()
        if not MEASURE_KEY.match(repeats):
            reader.error(
                file,
                _line(item, "repeats"),
                f"{label}.repeats",
                _("再掲元は「節-分野-番号」（例: 2-1-9）で書いてください。"),
            )
            repeats = None
    measure = MeasureData(
        number=reader.integer(item.get("number"), file, _line(item, "number"), f"{label}.number")
        or 0,
        headings=[h.strip() for h in headings_value],
        body=_paragraphs(reader.text(item, "body", file, label=f"{label}.body")),
        departments=departments,
        repeats=repeats,
        line=_line(item),
    )
    return measure


def _list(reader: _Reader, mapping: dict, key: str, file: str, *, required: bool = True) -> list:
    value = mapping.get(key)
    if value is None:
        if required:
            reader.error(file, _line(mapping, key), key, _("必須項目です。"))
        return []
    if not isinstance(value, list):
        reader.error(file, _line(mapping, key), key, _("リストにしてください。"))
        return []
    return value


def _check_repeats(reader: _Reader, pillars: list[PillarData], files: list[str]) -> None:
    keys = {
        f"{pillar.number}-{area.number}-{measure.number}"
        for pillar in pillars
        for area in pillar.areas
        for measure in area.measures
    }
    for pillar, file in zip(pillars, files, strict=False):
        for area in pillar.areas:
            for measure in area.measures:
                own = f"{pillar.number}-{area.number}-{measure.number}"
                if measure.repeats is None:
                    continue
                if measure.repeats == own:
                    reader.error(
                        file,
                        measure.line,
                        "repeats",
                        _("自分自身は再掲元にできません。"),
                    )
                elif measure.repeats not in keys:
                    reader.error(
                        file,
                        measure.line,
                        "repeats",
                        _("再掲元 %(key)s の取組がありません。") % {"key": measure.repeats},
                    )


def _read_indicators(
    reader: _Reader, file: str, pillar_numbers: set[int] | None
) -> list[IndicatorData]:
    data = reader.yaml_file(file)
    if data is None:
        return []
    if not isinstance(data, dict):
        reader.error(file, None, "", _("outcome と reference を持つ形式にしてください。"))
        return []
    indicators = []
    codes: dict[str, tuple[str, int | None]] = {}  # code -> (label, line) of its first use
    for kind in ("outcome", "reference"):
        for index, item in enumerate(_list(reader, data, kind, file, required=kind == "outcome")):
            label = f"{kind}[{index + 1}]"
            if not isinstance(item, dict):
                reader.error(file, _line(data, kind), label, _("指標の項目にしてください。"))
                continue
            indicator = _read_indicator(reader, item, file, label, kind, pillar_numbers)
            _check_indicator_code(reader, item, file, label, indicator.code, codes)
            indicators.append(indicator)
    return indicators


def _check_indicator_code(
    reader: _Reader, item: dict, file: str, label: str, code: str, seen: dict
) -> None:
    if not code:
        return  # reported as required
    line = _line(item, "code")
    if not indicator_codes.is_valid(code):
        reader.error(
            file,
            line,
            f"{label}.code",
            _(
                "%(code)s は使えません。英小文字で始め、英小文字・数字・下線（_）だけで"
                "50文字以内にしてください（例: job_magazine_postings）。"
            )
            % {"code": code},
        )
    elif code in seen:
        other_label, other_line = seen[code]
        reader.error(
            file,
            line,
            f"{label}.code",
            _("コード %(code)s は %(other)s（%(line)s行目）と重複しています。")
            % {"code": code, "other": other_label, "line": other_line},
        )
    else:
        seen[code] = (label, line)


def _read_indicator(
    reader: _Reader, item: dict, file: str, label: str, kind: str, pillar_numbers: set[int] | None
) -> IndicatorData:
    pillar = None
    if kind == "reference":
        pillar = reader.integer(item.get("pillar"), file, _line(item, "pillar"), f"{label}.pillar")
        if pillar is not None and pillar_numbers is not None and pillar not in pillar_numbers:
            reader.error(
                file,
                _line(item, "pillar"),
                f"{label}.pillar",
                _("第%(number)s節はありません。") % {"number": pillar},
            )
    baseline = item.get("baseline") if isinstance(item.get("baseline"), dict) else {}
    target = item.get("target") if isinstance(item.get("target"), dict) else {}
    if not target:
        reader.error(
            file,
            _line(item, "target"),
            f"{label}.target",
            _("目標（value か direction）が必要です。"),
        )
    better = reader.text(item, "better", file, label=f"{label}.better")
    if better:
        reader.choice(better, BETTER, file, _line(item, "better"), f"{label}.better")
    target_value = reader.decimal(
        target.get("value"), file, _line(target, "value"), f"{label}.target.value"
    )
    direction = str(target.get("direction") or "").strip()
    if direction:
        reader.choice(
            direction, DIRECTIONS, file, _line(target, "direction"), f"{label}.target.direction"
        )
    if target and (target_value is None) == (not direction):
        reader.error(
            file,
            _line(item, "target"),
            f"{label}.target",
            _("目標は value か direction のどちらか一方にしてください。"),
        )
    periods = {}
    for name, part in (("baseline", baseline), ("target", target)):
        period_kind = str(part.get("period_kind") or "fiscal_year")
        reader.choice(
            period_kind,
            PERIOD_KINDS,
            file,
            _line(part, "period_kind"),
            f"{label}.{name}.period_kind",
        )
        periods[name] = (
            reader.integer(
                part.get("year"),
                file,
                _line(part, "year"),
                f"{label}.{name}.year",
                required=bool(part),
            ),
            period_kind,
        )
    return IndicatorData(
        kind=kind,
        pillar=pillar,
        code=reader.text(item, "code", file, label=f"{label}.code"),
        line=_line(item),
        name=reader.text(item, "name", file, label=f"{label}.name"),
        unit=reader.text(item, "unit", file, label=f"{label}.unit"),
        better=better,
        definition=reader.text(item, "definition", file, required=False),
        baseline_value=reader.decimal(
            baseline.get("value"), file, _line(baseline, "value"), f"{label}.baseline.value"
        ),
        baseline_year=periods["baseline"][0],
        baseline_period_kind=periods["baseline"][1],
        target_value=target_value,
        target_direction=direction,
        target_year=periods["target"][0],
        target_period_kind=periods["target"][1],
        target_note=str(target.get("note") or "").strip(),
        source_note=reader.text(item, "source_note", file, required=False),
        statistic_series=reader.text(item, "statistic_series", file, required=False),
    )


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
