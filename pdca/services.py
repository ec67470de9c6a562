"""Writes of the PDCA cycle. Each service checks who may do it, runs in one transaction and
records an audit entry; a change to public content bumps the local government's revision."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from pdca import access
from pdca.models import (
    ProgressReport,
    ReportingCycle,
)
from plans.models import Department, MeasureDepartment, Plan

# --- cycles -------------------------------------------------------------------------------


@transaction.atomic
def cycle_open(*, actor, plan: Plan, fiscal_year: int, deadline: datetime.date) -> ReportingCycle:
    """Open a fiscal year's cycle: one draft report per measure × responsible department.
    A collective name among the departments (関係各課: all departments concerned) writes no
    report of its own."""
    if not access.can_manage_cycles(actor, plan.local_government):
        raise PermissionDenied
    errors = {}
    if not plan.start_fiscal_year <= fiscal_year <= plan.end_fiscal_year:
        errors["fiscal_year"] = _(
            "計画期間（%(start)s〜%(end)s年度）の中の年度を選んでください。"
        ) % {"start": plan.start_fiscal_year, "end": plan.end_fiscal_year}
    elif ReportingCycle.objects.filter(plan=plan, fiscal_year=fiscal_year).exists():
        errors["fiscal_year"] = _("%(year)s年度の報告サイクルはすでにあります。") % {
            "year": fiscal_year
        }
    if deadline is None:
        errors["deadline"] = _("提出期限を入力してください。")
    if errors:
        raise ValidationError(errors)
    cycle = ReportingCycle.objects.create(
        local_government=plan.local_government,
        plan=plan,
        fiscal_year=fiscal_year,
        deadline=deadline,
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assignments = MeasureDepartment.objects.filter(
        measure__area__pillar__plan=plan, department__kind=Department.Kind.DEPARTMENT
    ).values_list("measure_id", "department_id")
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            local_government=plan.local_government,
            cycle=cycle,
            measure_id=measure_id,
            department_id=department_id,
        )
        for measure_id, department_id in assignments
    )
    audit.record(
        actor=actor,
        action="pdca.cycle_open",
        local_government=plan.local_government,
        obj=cycle,
        changes={
            "fiscal_year": {"before": None, "after": fiscal_year},
            "deadline": {"before": None, "after": deadline},
            "reports": {"before": 0, "after": len(reports)},
        },
    )
    return cycle


@transaction.atomic
def cycle_update(*, actor, cycle: ReportingCycle, deadline: datetime.date, status: str):
    if not access.can_manage_cycles(actor, cycle.local_government):
        raise PermissionDenied
    if status not in ReportingCycle.Status.values:
        raise ValidationError({"status": _("状態の値が正しくありません。")})
    before = audit.snapshot(cycle, ["deadline", "status"])
    cycle.deadline = deadline
    cycle.status = status
    cycle.save(update_fields=["deadline", "status"])
    changes = audit.diff(before, audit.snapshot(cycle, ["deadline", "status"]))
    if changes:
        audit.record(
            actor=actor,
            action="pdca.cycle_update",
            local_government=cycle.local_government,
            obj=cycle,
            changes=changes,
        )
    return cycle


# --- reports ------------------------------------------------------------------------------


# --- indicator values ---------------------------------------------------------------------
