"""The data of a compiled progress report (進捗状況報告書): plain dataclasses that
`pdca.compiled.compile` fills and the renderers (`pdca.compiled.xlsx`, `pdca.compiled.pdf`)
and the HTML pages read. No queries here."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core import wareki
from pdca.compiled.sections import ReportSection
from pdca.models import EVALUATION_DEFINITIONS, Evaluation, ProgressReport, ReportingCycle
from plans.models import Plan

ACCEPTED = ProgressReport.Status.ACCEPTED
NOT_EVALUATED = ""  # the key of reports without a self-evaluation yet
MISSING = "missing"  # a responsible department with no report in the cycle


@dataclass
class Figure:
    label: str
    value: str  # formatted: 8,311
    unit: str

    def __str__(self) -> str:
        return _("%(label)s：%(value)s%(unit)s") % {
            "label": self.label,
            "value": self.value,
            "unit": self.unit,
        }


@dataclass
class ReportLine:
    """One responsible department's report on a measure."""

    department: str
    status: str
    status_label: str
    evaluation: str = NOT_EVALUATED
    evaluation_label: str = ""
    actions: str = ""
    results: str = ""
    figures: list[Figure] = field(default_factory=list)
    issues: str = ""
    next_steps: str = ""

    @property
    def is_accepted(self) -> bool:
        return self.status == ACCEPTED

    @property
    def results_text(self) -> str:
        """実績 with its figures, one a line."""
        lines = [self.results] if self.results else []
        lines += [f"・{figure}" for figure in self.figures]
        return "\n".join(lines)


@dataclass
class MeasureLine:
    pk: int
    number: str  # 1-1-①
    title: str
    departments: list[str]
    repeats: str = ""  # the number of the measure this one repeats (再掲)
    reports: list[ReportLine] = field(default_factory=list)

    @property
    def heading(self) -> str:
        if self.repeats:
            return _("%(title)s（再掲 %(number)s）") % {"title": self.title, "number": self.repeats}
        return self.title


@dataclass
class AreaSection:
    number: int
    title: str
    measures: list[MeasureLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"（{self.number}）{self.title}"


@dataclass
class PillarSection:
    number: int
    title: str
    areas: list[AreaSection] = field(default_factory=list)
    measure_count: int = 0
    status_counts: Counter = field(default_factory=Counter)
    evaluation_counts: Counter = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return _("第%(number)s節") % {"number": self.number}

    @property
    def measures(self) -> list[MeasureLine]:
        return [measure for area in self.areas for measure in area.measures]

    @property
    def report_count(self) -> int:
        """The reports in this version (a responsible department without one is not)."""
        return sum(self.status_counts.values()) - self.status_counts[MISSING]


@dataclass
class IndicatorLine:
    category: str  # 成果指標 / 第N節
    name: str
    definition: str
    unit: str
    calendar_year: bool
    baseline_value: Decimal | None
    baseline_period: str
    target_value: Decimal | None
    target_text: str  # 450以下 / 増加
    target_is_upper_bound: bool  # the target is a value not to exceed (450以下)
    target_period: str
    target_note: str
    actuals: list[Decimal | None]  # one per period of the report
    unpublished: list[bool]  # staff version: the value is not published yet
    status: str
    status_label: str
    reason: str

    @property
    def cells(self) -> list[tuple[Decimal | None, bool]]:
        """(actual, not yet published) for each period of the report."""
        return list(zip(self.actuals, self.unpublished, strict=True))


@dataclass
class CountColumn:
    key: str
    label: str
    colour: str = ""


@dataclass
class CountRow:
    label: str
    title: str
    counts: list[int]
    total: int
    is_total: bool = False


@dataclass
class CompiledReport:
    local_government: object
    plan: Plan
    cycle: ReportingCycle
    public: bool
    generated_on: datetime.date
    pillars: list[PillarSection]
    indicators: list[IndicatorLine]
    periods: list[int]
    status_columns: list[CountColumn]
    evaluation_columns: list[CountColumn]
    # what other parts add after the indicators (pdca.compiled.sections)
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def fiscal_year(self) -> int:
        return self.cycle.fiscal_year

    @property
    def fiscal_year_label(self) -> str:
        return wareki.fiscal_year_label(self.cycle.fiscal_year)

    @property
    def title(self) -> str:
        return _("%(plan)s 進捗状況報告書") % {"plan": self.plan.title}

    @property
    def edition(self) -> str:
        if self.public:
            return _("公表版（承認済の報告と公表済の指標値）")
        return _("職員用（未承認の報告を含む）")

    @property
    def status_totals(self) -> Counter:
        return sum((pillar.status_counts for pillar in self.pillars), Counter())

    @property
    def report_count(self) -> int:
        return sum(pillar.report_count for pillar in self.pillars)

    @property
    def pending_count(self) -> int:
        """Reports in the staff version that are not accepted yet (or missing)."""
        totals = self.status_totals
        return sum(totals.values()) - totals[ACCEPTED]

    def _count_rows(self, columns: list[CountColumn], counts_of) -> list[CountRow]:
        rows = []
        for pillar in self.pillars:
            counts = [counts_of(pillar)[column.key] for column in columns]
            rows.append(CountRow(pillar.label, pillar.title, counts, sum(counts)))
        totals = [sum(row.counts[index] for row in rows) for index in range(len(columns))]
        rows.append(CountRow(_("計"), "", totals, sum(totals), is_total=True))
        return rows

    @property
    def status_rows(self) -> list[CountRow]:
        """Reports by status per pillar, then the totals."""
        return self._count_rows(self.status_columns, lambda pillar: pillar.status_counts)

    @property
    def evaluation_rows(self) -> list[CountRow]:
        """Reports by self-evaluation per pillar, then the totals."""
        return self._count_rows(self.evaluation_columns, lambda pillar: pillar.evaluation_counts)

    @property
    def measure_count(self) -> int:
        return sum(pillar.measure_count for pillar in self.pillars)

    @property
    def evaluation_definitions(self) -> list[tuple[str, str]]:
        return [
            (str(Evaluation(key).label), str(text)) for key, text in EVALUATION_DEFINITIONS.items()
        ]

    def file_name(self, extension: str) -> str:
        """kumamoto-progress-2021.xlsx (public) or kumamoto-progress-2021-staff.xlsx."""
        suffix = "" if self.public else "-staff"
        return f"{self.local_government.slug}-progress-{self.fiscal_year}{suffix}.{extension}"
