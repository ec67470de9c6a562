"""Reads of the PDCA cycle. Every function takes what decides visibility (the user or the
local government) and never returns another body's records."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.access import has_role
from core.roles import Role
from pdca import access
from pdca.models import Evaluation, ProgressReport, ReportingCycle
from plans.models import Department, MeasureDepartment, Pillar

PENDING = (ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED)
# Reports of a collective name (関係各課) opened before such names were left out: no one
# writes them, so no list, count or reminder counts them.
REPORTING = Q(department__kind=Department.Kind.DEPARTMENT)


def cycles(local_government) -> QuerySet[ReportingCycle]:
    return (
        ReportingCycle.objects.filter(local_government=local_government)
        .select_related("plan")
        .annotate(
            report_count=Count("reports", filter=Q(reports__department__kind="department")),
            accepted_count=Count("reports", filter=Q(reports__status="accepted")),
            submitted_count=Count("reports", filter=Q(reports__status="submitted")),
        )
        .order_by("-fiscal_year", "-pk")
    )


def cycle(local_government, pk: int) -> ReportingCycle:
    found = (
        ReportingCycle.objects.filter(local_government=local_government, pk=pk)
        .select_related("plan")
        .first()
    )
    if found is None:
        raise Http404("no such cycle")
    return found


def reports_for(user, cycle: ReportingCycle) -> QuerySet[ProgressReport]:
    """The reports of `cycle` the user may see: all for the secretariat, its own for a
    department, none for anyone else."""
    queryset = ProgressReport.objects.filter(REPORTING, cycle=cycle).select_related(
        "measure__area__pillar", "department__parent"
    )
    if has_role(user, [Role.SECRETARIAT]) and user.local_government_id == cycle.local_government_id:
        return queryset
    if has_role(user, [Role.DEPARTMENT]) and user.local_government_id == cycle.local_government_id:
        return queryset.filter(department_id=user.department_id)
    return queryset.none()


def report(user, pk: int) -> ProgressReport:
    """One report the user may see, or 404 (another department's report is not shown). Who
    may read it is pdca.access's to say (the rule lives there only, so that the access matrix
    sees it: a department of another department is an outsider there)."""
    found = (
        ProgressReport.objects.filter(pk=pk, local_government_id=user.local_government_id)
        .select_related(
            "local_government", "cycle__plan", "measure__area__pillar", "department__parent"
        )
        .first()
    )
    if found is None or not access.can_read_report(user, found):
        raise Http404("no such report")
    return found


def is_overdue(cycle: ReportingCycle, today=None) -> bool:
    today = today or timezone.localdate()
    return today > cycle.deadline


@dataclass
class Progress:
    label: str
    counts: Counter = field(default_factory=Counter)
    key: object = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[ProgressReport.Status.ACCEPTED]

    @property
    def submitted(self) -> int:
        return self.counts[ProgressReport.Status.SUBMITTED] + self.done

    @property
    def pending(self) -> int:
        return sum(self.counts[status] for status in PENDING)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


@dataclass
class Dashboard:
    cycle: ReportingCycle
    overall: Progress
    by_department: list[Progress]
    by_pillar: list[Progress]
    evaluations: list[tuple[Pillar, list[int]]]
    overdue: bool
    overdue_departments: list[Progress]
    pending_departments: list[Progress]


def dashboard(cycle: ReportingCycle) -> Dashboard:
    """Completion by department and by pillar, and evaluations per pillar, in four queries
    whatever the size of the plan."""
    reports = ProgressReport.objects.filter(REPORTING, cycle=cycle)
    departments = {
        d.pk: d
        for d in Department.objects.filter(
            progress_reports__cycle=cycle, kind=Department.Kind.DEPARTMENT
        )
        .select_related("parent")
        .distinct()
    }
    pillars = list(Pillar.objects.filter(plan_id=cycle.plan_id).order_by("number"))
    overall = Progress(label="")
    by_department: dict[int, Progress] = {}
    for row in reports.values("department_id", "status").annotate(n=Count("id")):
        department = departments[row["department_id"]]
        progress = by_department.setdefault(
            department.pk, Progress(department.full_name, key=department)
        )
        progress.counts[row["status"]] += row["n"]
        overall.counts[row["status"]] += row["n"]
    by_pillar = {pillar.pk: Progress(str(pillar), key=pillar) for pillar in pillars}
    evaluations = {pillar.pk: Counter() for pillar in pillars}
    grouped = reports.values("measure__area__pillar_id", "status", "evaluation").annotate(
        n=Count("id")
    )
    for row in grouped:
        pillar_id = row["measure__area__pillar_id"]
        by_pillar[pillar_id].counts[row["status"]] += row["n"]
        if row["status"] == ProgressReport.Status.ACCEPTED and row["evaluation"]:
            evaluations[pillar_id][row["evaluation"]] += row["n"]
    department_rows = sorted(by_department.values(), key=lambda p: (p.key.position, p.key.name))
    overdue = is_overdue(cycle)
    return Dashboard(
        cycle=cycle,
        overall=overall,
        by_department=department_rows,
        by_pillar=list(by_pillar.values()),
        evaluations=[
            (pillar, [evaluations[pillar.pk][value] for value in Evaluation.values])
            for pillar in pillars
        ],
        overdue=overdue,
        overdue_departments=[p for p in department_rows if p.pending] if overdue else [],
        pending_departments=[p for p in department_rows if p.pending],
    )


def pending_by_department(cycle: ReportingCycle) -> dict[int, list[ProgressReport]]:
    """Reports not yet submitted (draft or returned), grouped by department."""
    grouped = defaultdict(list)
    for item in (
        ProgressReport.objects.filter(REPORTING, cycle=cycle, status__in=PENDING)
        .select_related("measure__area__pillar", "department__parent")
        .order_by(
            "department_id",
            "measure__area__pillar__number",
            "measure__area__number",
            "measure__number",
        )
    ):
        grouped[item.department_id].append(item)
    return dict(grouped)


def collective_assignments(cycle: ReportingCycle) -> list[tuple[object, list[str]]]:
    """The measures of the cycle's plan whose responsible departments include a collective
    name (関係各課: all departments concerned), with that name as 関係各課（全課）. Such a name
    writes no report; the departments named beside it do."""

    grouped: dict[int, tuple[object, list[str]]] = {}
    rows = (
        MeasureDepartment.objects.filter(
            measure__area__pillar__plan_id=cycle.plan_id,
            department__kind=Department.Kind.COLLECTIVE,
        )
        .select_related("measure__area__pillar", "department__parent")
        .order_by("measure__area__pillar__number", "measure__area__number", "measure__number")
    )
    for row in rows:
        grouped.setdefault(row.measure_id, (row.measure, []))[1].append(
            row.department.assigned_name
        )
    return list(grouped.values())
