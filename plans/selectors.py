"""Reads of the plan. Access is decided here: the public sees published plans only."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from core.access import has_role
from core.models import LocalGovernment
from core.roles import Role
from core.text import search_terms
from plans.models import (
    Area,
    Department,
    Indicator,
    Measure,
    MeasureDepartment,
    PartnerActivity,
    PartnerOrganization,
    Pillar,
    Plan,
)
from plans.package import content as pkg

EDITOR_ROLES = (Role.SECRETARIAT,)


def can_edit_plan(user, local_government: LocalGovernment) -> bool:
    """The secretariat of a local government maintains its plan."""
    return has_role(user, EDITOR_ROLES) and user.local_government_id == local_government.pk


def visible_plans(user, local_government: LocalGovernment) -> QuerySet[Plan]:
    plans = Plan.objects.filter(local_government=local_government)
    if can_edit_plan(user, local_government):
        return plans
    return plans.filter(status=Plan.Status.PUBLISHED)


def published_plan(local_government: LocalGovernment) -> Plan | None:
    """The newest published plan: what the public, the API and open data show."""
    return (
        Plan.objects.filter(local_government=local_government, status=Plan.Status.PUBLISHED)
        .order_by("-start_fiscal_year", "-id")
        .first()
    )


def current_plan(user, local_government: LocalGovernment) -> Plan:
    """Return the newest plan the user may see, or raise Http404."""
    plan = visible_plans(user, local_government).order_by("-start_fiscal_year", "-id").first()
    if plan is None:
        raise Http404("no plan")
    return plan


def _departments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=MeasureDepartment.objects.select_related("department__parent").order_by(
            "position"
        ),
    )


def measures_with_departments(queryset: QuerySet[Measure]) -> QuerySet[Measure]:
    return queryset.select_related("area__pillar", "repeats__area__pillar").prefetch_related(
        _departments_prefetch()
    )


def plan_pillars(plan: Plan) -> QuerySet[Pillar]:
    """The plan's pillars with their number of areas and measures."""
    return plan.pillars.annotate(
        area_count=Count("areas", distinct=True),
        measure_count=Count("areas__measures", distinct=True),
    ).order_by("number")


def outcome_indicators(plan: Plan) -> QuerySet[Indicator]:
    return plan.indicators.filter(kind=Indicator.Kind.OUTCOME).order_by("position")


def pillar_detail(plan: Plan, number: int) -> Pillar:
    measures = measures_with_departments(Measure.objects.order_by("number"))
    pillar = (
        plan.pillars.filter(number=number)
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=Area.objects.order_by("number").prefetch_related(
                    Prefetch("measures", queryset=measures)
                ),
            ),
            Prefetch(
                "partner_activities",
                queryset=PartnerActivity.objects.select_related("organization").order_by(
                    "position"
                ),
            ),
            "columns",
            Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
        )
        .first()
    )
    if pillar is None:
        raise Http404("no such pillar")
    return pillar


def plan_structure(plan: Plan) -> list[Pillar]:
    """Every pillar with its areas and their measures (with departments), in a fixed number
    of queries: the secretariat's editing page."""
    measures = measures_with_departments(Measure.objects.order_by("number"))
    areas = Area.objects.order_by("number").prefetch_related(
        Prefetch("measures", queryset=measures)
    )
    return list(plan.pillars.order_by("number").prefetch_related(Prefetch("areas", queryset=areas)))


def measure_detail(plan: Plan, pk: int) -> Measure:
    measure = (
        measures_with_departments(Measure.objects.filter(area__pillar__plan=plan, pk=pk))
        .prefetch_related(
            Prefetch("repeated_by", queryset=Measure.objects.select_related("area__pillar"))
        )
        .first()
    )
    if measure is None:
        raise Http404("no such measure")
    return measure


def departments(local_government: LocalGovernment, plan: Plan) -> QuerySet[Department]:
    """All departments of a local government with their number of measures in `plan`."""
    return (
        Department.objects.filter(local_government=local_government)
        .select_related("parent")
        .annotate(
            measure_count=Count(
                "measures", filter=Q(measures__area__pillar__plan=plan), distinct=True
            )
        )
        .order_by("position", "id")
    )


def department_detail(local_government: LocalGovernment, pk: int) -> Department:
    department = (
        Department.objects.filter(local_government=local_government, pk=pk)
        .select_related("parent")
        .first()
    )
    if department is None:
        raise Http404("no such department")
    return department


@dataclass
class PillarGroup:
    pillar: Pillar
    measures: list[Measure]


def group_by_pillar(measures) -> list[PillarGroup]:
    groups: OrderedDict[int, PillarGroup] = OrderedDict()
    for measure in measures:
        pillar = measure.area.pillar
        groups.setdefault(pillar.pk, PillarGroup(pillar=pillar, measures=[])).measures.append(
            measure
        )
    return list(groups.values())


def department_measures(plan: Plan, department: Department) -> list[PillarGroup]:
    """The department's measures in `plan` (its own, and those of the 室 inside it), by pillar."""
    ids = [department.pk, *department.children.values_list("pk", flat=True)]
    measures = measures_with_departments(
        Measure.objects.filter(
            area__pillar__plan=plan, assignments__department_id__in=ids
        ).distinct()
    ).order_by("area__pillar__number", "area__number", "number")
    return group_by_pillar(measures)


def partner_activities_by_organization(
    plan: Plan,
) -> list[tuple[PartnerOrganization, list[PartnerActivity]]]:
    activities = (
        PartnerActivity.objects.filter(pillar__plan=plan)
        .select_related("organization", "pillar")
        .order_by("organization__position", "organization_id", "pillar__number", "position")
    )
    grouped: OrderedDict[int, tuple[PartnerOrganization, list[PartnerActivity]]] = OrderedDict()
    for activity in activities:
        grouped.setdefault(activity.organization_id, (activity.organization, []))[1].append(
            activity
        )
    return list(grouped.values())


def council_members(local_government: LocalGovernment) -> QuerySet[PartnerOrganization]:
    return PartnerOrganization.objects.filter(
        local_government=local_government, council_number__isnull=False
    ).order_by("council_number")


def search_measures(plan: Plan, query: str) -> QuerySet[Measure]:
    """Measures of `plan` whose folded text holds every term of `query` (width and kana folded)."""
    terms = search_terms(query)
    measures = Measure.objects.filter(area__pillar__plan=plan)
    if not terms:
        return measures.none()
    for term in terms:
        measures = measures.filter(search_text__contains=term)
    return measures_with_departments(measures).order_by(
        "area__pillar__number", "area__number", "number"
    )


def department_user_measures(user, plan: Plan) -> list[PillarGroup]:
    """The measures a department user answers for (its department and the 室 inside it)."""
    if not user.department_id:
        return []
    return department_measures(plan, user.organization.department)


def package_from_plan(plan: Plan) -> pkg.Package:
    """Return the plan as a package, ready for write_package."""
    lg = plan.local_government
    all_departments = list(
        Department.objects.filter(local_government=lg)
        .select_related("parent")
        .order_by("position", "id")
    )
    organizations = list(
        PartnerOrganization.objects.filter(local_government=lg).order_by("position", "id")
    )
    pillars = []
    keys: dict[int, str] = {}
    pillar_qs = plan.pillars.order_by("number").prefetch_related(
        Prefetch(
            "areas",
            queryset=Area.objects.order_by("number").prefetch_related(
                Prefetch(
                    "measures",
                    queryset=Measure.objects.order_by("number").prefetch_related(
                        _departments_prefetch()
                    ),
                )
            ),
        ),
        Prefetch(
            "partner_activities",
            queryset=PartnerActivity.objects.select_related("organization").order_by("position"),
        ),
        "columns",
    )
    pillar_list = list(pillar_qs)
    for pillar in pillar_list:
        for area in pillar.areas.all():
            for measure in area.measures.all():
                keys[measure.pk] = f"{pillar.number}-{area.number}-{measure.number}"
    for pillar in pillar_list:
        pillars.append(
            pkg.PillarData(
                number=pillar.number,
                title=pillar.title,
                partner_activities=[
                    pkg.PartnerActivityData(organization=a.organization.name, text=a.text)
                    for a in pillar.partner_activities.all()
                ],
                columns=[
                    pkg.ColumnData(title=c.title, body=c.body)
                    for c in pillar.columns.order_by("position")
                ],
                areas=[
                    pkg.AreaData(
                        number=area.number,
                        title=area.title,
                        measures=[
                            pkg.MeasureData(
                                number=m.number,
                                headings=list(m.headings),
                                body=m.body,
                                departments=[a.department.name for a in m.assignments.all()],
                                repeats=keys.get(m.repeats_id) if m.repeats_id else None,
                            )
                            for m in area.measures.all()
                        ],
                    )
                    for area in pillar.areas.all()
                ],
            )
        )
    pillar_numbers = {p.pk: p.number for p in pillar_list}
    indicators = [
        pkg.IndicatorData(
            kind=i.kind,
            pillar=pillar_numbers.get(i.pillar_id),
            code=i.code,
            name=i.name,
            unit=i.unit,
            better=i.better,
            definition=i.definition,
            baseline_value=i.baseline_value.normalize() if i.baseline_value is not None else None,
            baseline_year=i.baseline_year,
            baseline_period_kind=i.baseline_period_kind,
            target_value=i.target_value.normalize() if i.target_value is not None else None,
            target_direction=i.target_direction,
            target_year=i.target_year,
            target_period_kind=i.target_period_kind,
            target_note=i.target_note,
            source_note=i.source_note,
            statistic_series=i.statistic_series,
        )
        for i in plan.indicators.order_by("kind", "position")  # outcome before reference
    ]
    return pkg.Package(
        version=plan.package_version,
        source=plan.source,
        local_government=pkg.LocalGovernmentData(
            code=lg.code, slug=lg.slug, name=lg.name, kind=lg.kind, wards=list(lg.wards)
        ),
        plan=pkg.PlanData(
            key=plan.key,
            title=plan.title,
            status=plan.status,
            start_fiscal_year=plan.start_fiscal_year,
            end_fiscal_year=plan.end_fiscal_year,
            adopted_year=plan.adopted_year,
            adopted_month=plan.adopted_month,
            texts={name: getattr(plan, name) for name in pkg.PLAN_TEXT_FIELDS},
        ),
        departments=[
            pkg.DepartmentRow(
                name=d.name,
                bureau=d.bureau,
                parent=d.parent.name if d.parent_id else "",
                phone=d.phone,
                kind=d.kind,
                note=d.note,
            )
            for d in all_departments
        ],
        organizations=[
            pkg.OrganizationRow(
                name=o.name,
                legal_form=o.legal_form,
                category=o.category,
                council_number=o.council_number,
                council_group=o.council_group,
                alias=o.alias,
                note=o.note,
            )
            for o in organizations
        ],
        pillars=pillars,
        indicators=indicators,
        glossary=[
            pkg.GlossaryRow(number=t.number, term=t.term, definition=t.definition)
            for t in plan.glossary.order_by("number")
        ],
    )
