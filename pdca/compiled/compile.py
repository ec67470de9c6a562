"""The compiled yearly progress report (進捗状況報告書) of a reporting cycle.

`compile_report` reads everything once, in a fixed number of queries, into plain data;
`report_xlsx` and `report_pdf` turn that data into files, and the HTML pages render it too.
The staff version holds every report with its status (the ones not yet accepted are
marked); the public version only the accepted reports and the published indicator values.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import wareki
from core.periods import PeriodKind
from core.templatetags.tsunagu import number as format_number
from pdca.compiled.data import (
    ACCEPTED,
    MISSING,
    NOT_EVALUATED,
    AreaSection,
    CompiledReport,
    CountColumn,
    Figure,
    IndicatorLine,
    MeasureLine,
    PillarSection,
    ReportLine,
)
from pdca.compiled.pdf import pdf_bytes
from pdca.compiled.sections import sections_for
from pdca.compiled.xlsx import workbook_bytes
from pdca.indicators.status import indicator_rows
from pdca.models import (
    Evaluation,
    IndicatorValue,
    ProgressReport,
    ReportingCycle,
)
from plans.models import Indicator, Plan
from plans.selectors import plan_structure

EVALUATION_COLOURS = {
    "A": "#2f7d32",
    "B": "#1d5fa8",
    "C": "#c4511d",
    "D": "#a3224a",
    NOT_EVALUATED: "#8a8f96",
}


# --- reads ----------------------------------------------------------------------------------


def staff_cycles(local_government):
    """The local government's cycles, newest first, with their number of reports by status."""
    counts = {
        f"{status}_count": Count("reports", filter=Q(reports__status=status))
        for status in ProgressReport.Status.values
    }
    return (
        ReportingCycle.objects.filter(local_government=local_government)
        .select_related("plan")
        .annotate(report_count=Count("reports"), **counts)
        .order_by("-fiscal_year", "-plan__start_fiscal_year")
    )


def staff_cycle(local_government, pk: int) -> ReportingCycle:
    """Return the local government's cycle `pk`, or raise Http404 (another body's too)."""
    cycle = (
        ReportingCycle.objects.filter(local_government=local_government, pk=pk)
        .select_related("plan", "local_government")
        .first()
    )
    if cycle is None:
        raise Http404("no such cycle")
    return cycle


def public_cycles(local_government):
    """The cycles of published plans, newest year first, with their accepted reports counted."""
    return (
        ReportingCycle.objects.filter(
            local_government=local_government, plan__status=Plan.Status.PUBLISHED
        )
        .select_related("plan")
        .annotate(accepted_count=Count("reports", filter=Q(reports__status=ACCEPTED)))
        .order_by("-fiscal_year", "-plan__start_fiscal_year")
    )


def public_cycle(local_government, fiscal_year: int) -> ReportingCycle:
    """Return the cycle of `fiscal_year` of a published plan, or raise Http404."""
    cycle = (
        ReportingCycle.objects.filter(
            local_government=local_government,
            plan__status=Plan.Status.PUBLISHED,
            fiscal_year=fiscal_year,
        )
        .select_related("plan", "local_government")
        .order_by("-plan__start_fiscal_year")
        .first()
    )
    if cycle is None:
        raise Http404("no cycle for that year")
    return cycle


def _figures(raw) -> list[Figure]:
    figures = []
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        value = str(item.get("value", ""))
        try:
            value = format_number(Decimal(value))
        except (InvalidOperation, ValueError):
            pass
        figures.append(Figure(str(item.get("label", "")), value, str(item.get("unit", ""))))
    return figures


def _report_line(report: ProgressReport) -> ReportLine:
    return ReportLine(
        department=report.department.full_name,
        status=report.status,
        status_label=report.get_status_display(),
        evaluation=report.evaluation,
        evaluation_label=report.get_evaluation_display() if report.evaluation else "",
        actions=report.actions,
        results=report.results,
        figures=_figures(report.figures),
        issues=report.issues,
        next_steps=report.next_steps,
    )


def _measure_number(pillar_number: int, area_number: int, measure) -> str:
    return f"{pillar_number}-{area_number}-{measure.circled_number}"


def _measures(pillar, reports_by_measure, public: bool) -> tuple[list[AreaSection], int]:
    areas, measure_count = [], 0
    for area in pillar.areas.all():
        section = AreaSection(area.number, area.title)
        for measure in area.measures.all():
            measure_count += 1
            assignments = list(measure.assignments.all())
            reports = reports_by_measure.get(measure.pk, {})
            lines = []
            for assignment in assignments:
                if not assignment.department.can_report:
                    continue  # 関係各課: all departments concerned, no report of its own
                report = reports.pop(assignment.department_id, None)
                if report is not None:
                    lines.append(_report_line(report))
                elif not public:
                    lines.append(
                        ReportLine(
                            assignment.department.full_name,
                            MISSING,
                            _("報告なし"),
                        )
                    )
            # a report whose department is no longer responsible is still part of the year
            lines += [_report_line(report) for report in reports.values()]
            if not lines and not public:
                lines.append(ReportLine("", MISSING, _("報告なし")))
            if public and not lines:
                continue
            repeats = measure.repeats
            section.measures.append(
                MeasureLine(
                    pk=measure.pk,
                    number=_measure_number(pillar.number, area.number, measure),
                    title=measure.title,
                    departments=[a.department.assigned_name for a in assignments],
                    repeats=(
                        _measure_number(repeats.area.pillar.number, repeats.area.number, repeats)
                        if repeats is not None
                        else ""
                    ),
                    reports=lines,
                )
            )
        if section.measures or not public:
            areas.append(section)
    return areas, measure_count


def _target_text(indicator: Indicator) -> str:
    if indicator.target_value is None:
        return indicator.get_target_direction_display()
    value = format_number(indicator.target_value)
    if indicator.better == Indicator.Better.LOWER:
        return _("%(value)s以下") % {"value": value}
    return value


def _period_label(year, kind) -> str:
    if not year:
        return ""
    if kind == PeriodKind.CALENDAR_YEAR:
        return wareki.year_label(year)
    return wareki.fiscal_year_label(year)


def _indicator_lines(plan: Plan, periods: list[int], public: bool) -> list[IndicatorLine]:
    rows = indicator_rows(plan, published_only=public)
    unpublished = set()
    if not public:
        unpublished = set(
            IndicatorValue.objects.filter(
                indicator__plan=plan, is_published=False, period__in=periods
            ).values_list("indicator_id", "period")
        )
    lines = []
    for row in rows:
        indicator = row.indicator
        if indicator.kind == Indicator.Kind.OUTCOME:
            category = indicator.get_kind_display()
        elif indicator.pillar_id:
            category = _("第%(number)s節") % {"number": indicator.pillar.number}
        else:
            category = indicator.get_kind_display()
        assessment = row.assessment
        lines.append(
            IndicatorLine(
                category=category,
                name=indicator.name,
                definition=indicator.definition,
                unit=indicator.unit,
                calendar_year=indicator.target_period_kind == PeriodKind.CALENDAR_YEAR,
                baseline_value=indicator.baseline_value,
                baseline_period=_period_label(
                    indicator.baseline_year, indicator.baseline_period_kind
                ),
                target_value=indicator.target_value,
                target_text=_target_text(indicator),
                target_is_upper_bound=indicator.target_value is not None
                and indicator.better == Indicator.Better.LOWER,
                target_period=_period_label(indicator.target_year, indicator.target_period_kind),
                target_note=indicator.target_note,
                actuals=[row.actuals.get(period) for period in periods],
                unpublished=[
                    not row.from_statistics and (indicator.pk, period) in unpublished
                    for period in periods
                ],
                status=assessment.status,
                status_label=str(assessment.label),
                reason=assessment.reason,
            )
        )
    return lines


def compile_report(cycle: ReportingCycle, *, public: bool = False) -> CompiledReport:
    """Return the data of the cycle's progress report, read in a fixed number of queries.

    public=True keeps only the accepted reports and the published indicator values."""
    plan = cycle.plan
    reports = ProgressReport.objects.filter(
        cycle=cycle, department__kind="department"
    ).select_related("department__parent")
    if public:
        reports = reports.filter(status=ACCEPTED)
    reports_by_measure: dict[int, dict[int, ProgressReport]] = {}
    for report in reports.order_by("pk"):
        reports_by_measure.setdefault(report.measure_id, {})[report.department_id] = report

    pillars = []
    for pillar in plan_structure(plan):
        areas, measure_count = _measures(pillar, reports_by_measure, public)
        section = PillarSection(pillar.number, pillar.title, areas, measure_count)
        for measure in section.measures:
            for line in measure.reports:
                section.status_counts[line.status] += 1
                section.evaluation_counts[line.evaluation] += 1
        pillars.append(section)

    periods = list(range(plan.start_fiscal_year, plan.end_fiscal_year + 1))
    statuses = [CountColumn(value, str(label)) for value, label in ProgressReport.Status.choices]
    evaluations = [
        CountColumn(value, str(label), EVALUATION_COLOURS[value])
        for value, label in Evaluation.choices
    ]
    if not public:
        if any(pillar.status_counts[MISSING] for pillar in pillars):
            statuses.append(CountColumn(MISSING, _("報告なし")))
        evaluations.append(
            CountColumn(NOT_EVALUATED, _("未記入"), EVALUATION_COLOURS[NOT_EVALUATED])
        )
    return CompiledReport(
        local_government=cycle.local_government,
        plan=plan,
        cycle=cycle,
        public=public,
        generated_on=timezone.localdate(),
        pillars=pillars,
        indicators=_indicator_lines(plan, periods, public),
        periods=periods,
        status_columns=statuses,
        evaluation_columns=evaluations,
        sections=sections_for(cycle.local_government, cycle.fiscal_year, public),
    )


def report_xlsx(data: CompiledReport) -> bytes:
    """Return the report as an Excel workbook (see pdca.compiled.xlsx)."""
    return workbook_bytes(data)


def report_pdf(data: CompiledReport) -> bytes:
    """Return the report as an A4 PDF with the Japanese font embedded (see pdca.compiled.pdf)."""
    return pdf_bytes(data)
