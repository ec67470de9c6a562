"""Writes to the plan. Each service runs in one transaction and records an audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import audit
from core.text import fold
from plans.models import (
    INDICATOR_CONTENT_FIELDS,
    Area,
    Department,
    GlossaryTerm,
    Indicator,
    Measure,
    MeasureDepartment,
    PartnerActivity,
    Pillar,
    PillarColumn,
    Plan,
)
from plans.selectors import can_edit_plan


def measure_search_text(measure: Measure, departments: Iterable[Department]) -> str:
    """Return the folded text that measure search matches against."""
    parts = [*measure.headings, measure.body, *(department.full_name for department in departments)]
    return fold(" ".join(parts))


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
    indicator_fields = ["kind", "position", "code", *INDICATOR_CONTENT_FIELDS]
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
