"""The validated content of a plan package (what `read_package` returns and
`write_package` takes), its constants and its errors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

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
