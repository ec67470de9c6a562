"""Writes to the plan. Each service runs in one transaction and records an audit entry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import audit
from core.models import LocalGovernment
from core.text import fold
from plans.models import (
    Area,
    Department,
    GlossaryTerm,
    Indicator,
    Measure,
    MeasureDepartment,
    PartnerActivity,
    PartnerOrganization,
    Pillar,
    PillarColumn,
    Plan,
)
from plans.package import Package


def measure_search_text(measure: Measure, departments: Iterable[Department]) -> str:
    """Return the folded text that measure search matches against."""
    parts = [*measure.headings, measure.body, *(department.full_name for department in departments)]
    return fold(" ".join(parts))


# --- loading a package -------------------------------------------------------------------------


@dataclass
class LoadResult:
    plan: Plan
    counts: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(self.counts[key] for key in ("created", "updated", "deleted"))


def _apply(obj, values: dict[str, Any], result: LoadResult) -> bool:
    """Set `values` on `obj` and save it if anything differs; count what happened."""
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        result.counts["created"] += 1
        return True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.counts["updated"] += 1
        return True
    result.counts["unchanged"] += 1
    return False


def _delete_rest(queryset, keep_ids: Iterable[int], result: LoadResult) -> None:
    extra = queryset.exclude(pk__in=list(keep_ids))
    count = extra.count()
    if count:
        extra.delete()
        result.counts["deleted"] += count


@transaction.atomic
def plan_load_package(*, package: Package, actor=None) -> LoadResult:
    """Load a validated package: create or update everything it holds, all or nothing.

    Records are matched by their natural keys (names, numbers, positions), so loading the
    same package twice changes nothing and keeps every id. Pillars, areas, measures,
    activities, columns, indicators and glossary entries that the package no longer holds are
    deleted; departments and organizations are kept, since other plans may use them.
    """
    lg_data = package.local_government
    if LocalGovernment.objects.filter(slug=lg_data.slug).exclude(code=lg_data.code).exists():
        raise ValidationError(
            _("URL名 %(slug)s は別の地方公共団体が使っています。") % {"slug": lg_data.slug}
        )
    result = LoadResult(plan=None)  # type: ignore[arg-type]
    local_government = LocalGovernment.objects.filter(code=lg_data.code).first() or LocalGovernment(
        code=lg_data.code
    )
    _apply(
        local_government, {"slug": lg_data.slug, "name": lg_data.name, "kind": lg_data.kind}, result
    )
    lg = {"local_government": local_government}

    departments = {d.name: d for d in Department.objects.filter(**lg)}
    positions = {row.name: position for position, row in enumerate(package.departments, start=1)}
    # Parents (one level only) before the units inside them.
    for row in sorted(package.departments, key=lambda row: bool(row.parent)):
        department = departments.get(row.name) or Department(**lg, name=row.name)
        values = {"bureau": row.bureau, "phone": row.phone, "kind": row.kind, "note": row.note}
        values.update(
            position=positions[row.name], parent=departments[row.parent] if row.parent else None
        )
        _apply(department, values, result)
        departments[row.name] = department

    organizations = {o.name: o for o in PartnerOrganization.objects.filter(**lg)}
    for position, row in enumerate(package.organizations, start=1):
        organization = organizations.get(row.name) or PartnerOrganization(**lg, name=row.name)
        values = {key: value for key, value in vars(row).items() if key != "name"}
        _apply(organization, {**values, "position": position}, result)
        organizations[row.name] = organization

    plan = Plan.objects.filter(**lg, key=package.plan.key).first() or Plan(
        **lg, key=package.plan.key
    )
    result.plan = plan
    _apply(
        plan,
        {
            "title": package.plan.title,
            "status": package.plan.status,
            "start_fiscal_year": package.plan.start_fiscal_year,
            "end_fiscal_year": package.plan.end_fiscal_year,
            "adopted_year": package.plan.adopted_year,
            "adopted_month": package.plan.adopted_month,
            "package_version": package.version,
            "source": package.source,
            **package.plan.texts,
        },
        result,
    )

    existing_pillars = {p.number: p for p in plan.pillars.all()}
    measures_by_key: dict[str, Measure] = {}
    pending_repeats: list[tuple[Measure, str | None, bool]] = []
    kept_pillars = []
    for pillar_data in package.pillars:
        pillar = existing_pillars.get(pillar_data.number) or Pillar(
            **lg, plan=plan, number=pillar_data.number
        )
        _apply(pillar, {"title": pillar_data.title}, result)
        kept_pillars.append(pillar.pk)

        columns = {c.position: c for c in pillar.columns.all()}
        kept = []
        for position, column in enumerate(pillar_data.columns, start=1):
            obj = columns.get(position) or PillarColumn(**lg, pillar=pillar, position=position)
            _apply(obj, {"title": column.title, "body": column.body}, result)
            kept.append(obj.pk)
        _delete_rest(pillar.columns.all(), kept, result)

        activities = {a.position: a for a in pillar.partner_activities.all()}
        kept = []
        for position, activity in enumerate(pillar_data.partner_activities, start=1):
            obj = activities.get(position) or PartnerActivity(
                **lg, pillar=pillar, position=position
            )
            _apply(
                obj,
                {"organization": organizations[activity.organization], "text": activity.text},
                result,
            )
            kept.append(obj.pk)
        _delete_rest(pillar.partner_activities.all(), kept, result)

        existing_areas = {a.number: a for a in pillar.areas.all()}
        kept_areas = []
        for area_data in pillar_data.areas:
            area = existing_areas.get(area_data.number) or Area(
                **lg, pillar=pillar, number=area_data.number
            )
            _apply(area, {"title": area_data.title}, result)
            kept_areas.append(area.pk)
            existing_measures = {m.number: m for m in area.measures.all()}
            kept_measures = []
            for measure_data in area_data.measures:
                measure = existing_measures.get(measure_data.number) or Measure(
                    **lg, area=area, number=measure_data.number
                )
                is_new = measure.pk is None
                assigned = [departments[name] for name in measure_data.departments]
                probe_measure = Measure(headings=measure_data.headings, body=measure_data.body)
                _apply(
                    measure,
                    {
                        "headings": measure_data.headings,
                        "body": measure_data.body,
                        "search_text": measure_search_text(probe_measure, assigned),
                    },
                    result,
                )
                if _sync_assignments(measure, assigned) and not is_new:
                    result.counts["updated"] += 1
                kept_measures.append(measure.pk)
                measures_by_key[
                    f"{pillar_data.number}-{area_data.number}-{measure_data.number}"
                ] = measure
                pending_repeats.append((measure, measure_data.repeats, is_new))
            _delete_rest(area.measures.all(), kept_measures, result)
        _delete_rest(pillar.areas.all(), kept_areas, result)
    _delete_rest(plan.pillars.all(), kept_pillars, result)

    for measure, key, is_new in pending_repeats:
        target = measures_by_key[key] if key else None
        if measure.repeats_id != (target.pk if target else None):
            measure.repeats = target
            measure.save(update_fields=["repeats"])
            if not is_new:
                result.counts["updated"] += 1

    pillars_by_number = {p.number: p for p in plan.pillars.all()}
    # Matched by code: a renamed or reordered indicator keeps its id, and so its actuals.
    existing_indicators = {i.code: i for i in plan.indicators.all()}
    kept_indicators = []
    positions: Counter = Counter()
    for data in package.indicators:
        positions[data.kind] += 1
        indicator = existing_indicators.get(data.code) or Indicator(**lg, plan=plan)
        values = vars(data).copy()
        values["position"] = positions[data.kind]
        values["pillar"] = pillars_by_number[data.pillar] if data.pillar else None
        _apply(indicator, values, result)
        kept_indicators.append(indicator.pk)
    _delete_rest(plan.indicators.all(), kept_indicators, result)

    existing_terms = {t.number: t for t in plan.glossary.all()}
    kept = []
    for row in package.glossary:
        term = existing_terms.get(row.number) or GlossaryTerm(**lg, plan=plan, number=row.number)
        _apply(term, {"term": row.term, "definition": row.definition}, result)
        kept.append(term.pk)
    _delete_rest(plan.glossary.all(), kept, result)

    if result.changed:
        local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="plan.load_package",
            local_government=local_government,
            obj=plan,
            changes={
                "package_version": package.version,
                "measures": package.measure_count(),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "deleted": result.counts["deleted"],
            },
        )
    return result


def _sync_assignments(measure: Measure, departments: Sequence[Department]) -> bool:
    """Make the measure's departments exactly `departments`, in order; return whether they changed."""
    current = [(a.department_id, a.position) for a in measure.assignments.all()]
    wanted = [(d.pk, position) for position, d in enumerate(departments, start=1)]
    if current == wanted:
        return False
    measure.assignments.all().delete()
    MeasureDepartment.objects.bulk_create(
        MeasureDepartment(measure=measure, department_id=pk, position=position)
        for pk, position in wanted
    )
    return True


# --- editing measures -------------------------------------------------------------------------

MEASURE_AUDIT_FIELDS = ["area", "number", "headings", "body", "repeats"]


def _measure_snapshot(measure: Measure) -> dict[str, Any]:
    values = audit.snapshot(measure, MEASURE_AUDIT_FIELDS)
    values["departments"] = [
        d.full_name for d in measure.departments.order_by("assignments__position")
    ]
    return values


def _clean_measure_input(
    *,
    area: Area,
    headings: list[str],
    body: str,
    departments: Sequence[Department],
    repeats: Measure | None,
    measure: Measure | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not body.strip():
        errors.setdefault("body", []).append(_("取組内容を入力してください。"))
    if not departments:
        errors.setdefault("departments", []).append(_("担当課（室）を1つ以上選んでください。"))
    if any(d.local_government_id != area.local_government_id for d in departments):
        errors.setdefault("departments", []).append(_("別の地方公共団体の担当課は選べません。"))
    if len({d.pk for d in departments}) != len(departments):
        errors.setdefault("departments", []).append(_("同じ担当課が重複しています。"))
    if repeats is not None:
        if repeats.area.pillar.plan_id != area.pillar.plan_id:
            errors.setdefault("repeats", []).append(_("再掲元は同じ計画の取組にしてください。"))
        if measure is not None and repeats.pk == measure.pk:
            errors.setdefault("repeats", []).append(_("自分自身は再掲元にできません。"))
    if any(not heading.strip() for heading in headings):
        errors.setdefault("headings", []).append(_("空の見出しは入れられません。"))
    if errors:
        raise ValidationError(errors)


def _set_departments(measure: Measure, departments: Sequence[Department]) -> None:
    measure.assignments.all().delete()
    MeasureDepartment.objects.bulk_create(
        MeasureDepartment(measure=measure, department=department, position=position)
        for position, department in enumerate(departments, start=1)
    )


@transaction.atomic
def measure_create(
    *,
    actor,
    area: Area,
    headings: list[str],
    body: str,
    departments: Sequence[Department],
    repeats: Measure | None = None,
) -> Measure:
    """Add a measure at the end of `area`."""
    headings = [h.strip() for h in headings if h.strip()]
    _clean_measure_input(
        area=area, headings=headings, body=body, departments=departments, repeats=repeats
    )
    Area.objects.select_for_update().filter(pk=area.pk).first()
    last = area.measures.aggregate(last=Max("number"))["last"] or 0
    measure = Measure(
        local_government_id=area.local_government_id,
        area=area,
        number=last + 1,
        headings=headings,
        body=body.strip(),
        repeats=repeats,
    )
    measure.search_text = measure_search_text(measure, departments)
    measure.full_clean()
    measure.save()
    _set_departments(measure, departments)
    area.local_government.bump_content_revision()
    audit.record(
        actor=actor,
        action="measure.create",
        local_government=area.local_government,
        obj=measure,
        changes=audit.diff({}, _measure_snapshot(measure)),
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    actor,
    measure: Measure,
    headings: list[str],
    body: str,
    departments: Sequence[Department],
    repeats: Measure | None = None,
) -> Measure:
    """Change a measure's headings, text, departments (in order) and 再掲 link."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    before = _measure_snapshot(measure)
    headings = [h.strip() for h in headings if h.strip()]
    _clean_measure_input(
        area=measure.area,
        headings=headings,
        body=body,
        departments=departments,
        repeats=repeats,
        measure=measure,
    )
    measure.headings = headings
    measure.body = body.strip()
    measure.repeats = repeats
    measure.search_text = measure_search_text(measure, departments)
    measure.full_clean()
    measure.save()
    _set_departments(measure, departments)
    changes = audit.diff(before, _measure_snapshot(measure))
    if changes:
        measure.local_government.bump_content_revision()
        audit.record(
            actor=actor,
            action="measure.update",
            local_government=measure.local_government,
            obj=measure,
            changes=changes,
        )
    return measure


@transaction.atomic
def measure_move(*, actor, measure: Measure, offset: int) -> Measure:
    """Move a measure up (offset -1) or down (+1) within its area; numbers follow the order."""
    if offset not in (-1, 1):
        raise ValidationError(_("移動は1つ上か1つ下です。"))
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    neighbour = (
        Measure.objects.select_for_update()
        .filter(area_id=measure.area_id, number=measure.number + offset)
        .first()
    )
    if neighbour is None:
        raise ValidationError(_("これ以上移動できません。"))
    old_number, new_number = measure.number, neighbour.number
    # Swap through a free number so the (area, number) constraint holds at every step.
    free = (
        Measure.objects.filter(area_id=measure.area_id).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    Measure.objects.filter(pk=measure.pk).update(number=free)
    Measure.objects.filter(pk=neighbour.pk).update(number=old_number)
    Measure.objects.filter(pk=measure.pk).update(number=new_number)
    measure.number = new_number
    measure.local_government.bump_content_revision()
    audit.record(
        actor=actor,
        action="measure.move",
        local_government=measure.local_government,
        obj=measure,
        changes={"number": {"before": old_number, "after": new_number}},
    )
    return measure


# --- the next plan -----------------------------------------------------------------------------


@transaction.atomic
def plan_start_next(*, actor, plan: Plan) -> Plan:
    """Copy `plan`'s structure, measures, departments and indicators into a draft plan for
    the next period of the same length (the seed's 次期計画), to be edited."""
    from plans.selectors import can_edit_plan

    if not can_edit_plan(actor, plan.local_government):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    length = plan.end_fiscal_year - plan.start_fiscal_year
    start = plan.end_fiscal_year + 1
    key = str(start)
    if Plan.objects.filter(local_government=plan.local_government, key=key).exists():
        raise ValidationError(
            _("%(year)s年度から始まる計画（キー %(key)s）はすでにあります。")
            % {"year": start, "key": key}
        )
    lg = {"local_government": plan.local_government}
    copied_fields = [
        "title",
        "purpose",
        "positioning",
        "target_people",
        "basic_philosophy",
        "basic_policy",
        "city_measures_note",
        "promotion_structure",
        "progress_management",
    ]
    new_plan = Plan.objects.create(
        **lg,
        key=key,
        status=Plan.Status.DRAFT,
        start_fiscal_year=start,
        end_fiscal_year=start + length,
        predecessor=plan,
        source=_("%(title)s（%(start)s〜%(end)s年度）から作成")
        % {"title": plan.title, "start": plan.start_fiscal_year, "end": plan.end_fiscal_year},
        **{name: getattr(plan, name) for name in copied_fields},
    )
    pillar_map, measure_map, repeats = {}, {}, []
    for pillar in plan.pillars.order_by("number").prefetch_related(
        "columns", "areas__measures__assignments"
    ):
        new_pillar = Pillar.objects.create(
            **lg, plan=new_plan, number=pillar.number, title=pillar.title
        )
        pillar_map[pillar.pk] = new_pillar
        for column in pillar.columns.all():
            PillarColumn.objects.create(
                **lg,
                pillar=new_pillar,
                position=column.position,
                title=column.title,
                body=column.body,
            )
        for area in pillar.areas.all():
            new_area = Area.objects.create(
                **lg, pillar=new_pillar, number=area.number, title=area.title
            )
            for measure in area.measures.all():
                new_measure = Measure.objects.create(
                    **lg,
                    area=new_area,
                    number=measure.number,
                    headings=measure.headings,
                    body=measure.body,
                    search_text=measure.search_text,
                )
                measure_map[measure.pk] = new_measure
                if measure.repeats_id:
                    repeats.append((new_measure, measure.repeats_id))
                MeasureDepartment.objects.bulk_create(
                    MeasureDepartment(
                        measure=new_measure, department_id=a.department_id, position=a.position
                    )
                    for a in measure.assignments.all()
                )
    for new_measure, old_target in repeats:
        if old_target in measure_map:
            new_measure.repeats = measure_map[old_target]
            new_measure.save(update_fields=["repeats"])
    for activity in PartnerActivity.objects.filter(pillar__plan=plan):
        PartnerActivity.objects.create(
            **lg,
            pillar=pillar_map[activity.pillar_id],
            organization_id=activity.organization_id,
            position=activity.position,
            text=activity.text,
        )
    indicator_fields = [
        "kind",
        "position",
        "code",
        "name",
        "definition",
        "unit",
        "baseline_value",
        "baseline_year",
        "baseline_period_kind",
        "target_value",
        "target_direction",
        "target_year",
        "target_period_kind",
        "target_note",
        "better",
        "source_note",
        "statistic_series",
    ]
    for indicator in plan.indicators.all():
        Indicator.objects.create(
            **lg,
            plan=new_plan,
            pillar=pillar_map.get(indicator.pillar_id),
            **{name: getattr(indicator, name) for name in indicator_fields},
        )
    for term in (
        plan.glossary.all() if hasattr(plan, "glossary") else GlossaryTerm.objects.filter(plan=plan)
    ):
        GlossaryTerm.objects.create(
            **lg, plan=new_plan, number=term.number, term=term.term, definition=term.definition
        )
    audit.record(
        actor=actor,
        action="plan.start_next",
        local_government=plan.local_government,
        obj=new_plan,
        changes={
            "predecessor": {"before": None, "after": str(plan)},
            "measures": {"before": 0, "after": len(measure_map)},
        },
    )
    return new_plan
