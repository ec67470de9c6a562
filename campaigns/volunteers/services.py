"""Writes of the volunteers part. The 保護司 figures are statistics: they are written through
stats' own audited service (stats.services.statistics_value_save), both or neither. The
recruitment activities: one transaction, validation, one audit entry each."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import RecruitmentActivity
from campaigns.volunteers.selectors import AGE_SERIES, OFFICERS_SERIES, can_manage
from core import audit
from core.models import LocalGovernment
from stats.services import statistics_value_save

ACTIVITY_FIELDS = ("kind", "held_on", "audience", "count", "measure", "note")


# --- the 保護司 figures ----------------------------------------------------------------------


def officer_figures_save(
    *,
    actor,
    local_government: LocalGovernment,
    year: int,
    count: int,
    average_age: Decimal | None,
    note: str = "",
) -> bool:
    """Write a year's 保護司数 (and the average age, when given) to the statistics series of
    表5, all or nothing. Returns whether the year had figures before (an update). Raises
    stats.importer.ImportInvalid when the statistics refuse a value."""
    if not can_manage(actor, local_government):
        raise PermissionDenied
    with transaction.atomic():
        _result, before = statistics_value_save(
            actor=actor,
            local_government=local_government,
            series_key=OFFICERS_SERIES,
            period=year,
            value=Decimal(count),
            note=note,
        )
        if average_age is not None:
            statistics_value_save(
                actor=actor,
                local_government=local_government,
                series_key=AGE_SERIES,
                period=year,
                value=average_age,
                note=note,
            )
    return before is not None


# --- recruitment activities -----------------------------------------------------------------


def _apply(activity: RecruitmentActivity, values: dict[str, Any]) -> None:
    for name in ACTIVITY_FIELDS:
        if name in values:
            setattr(activity, name, values[name])
    activity.audience = (activity.audience or "").strip()
    activity.note = (activity.note or "").strip()
    measure = activity.measure
    if measure is not None and measure.local_government_id != activity.local_government_id:
        raise ValidationError({"measure": _("この団体の計画の取組を選んでください。")})
    activity.full_clean()


@transaction.atomic
def recruitment_activity_create(
    *, actor, local_government: LocalGovernment, values: dict[str, Any]
) -> RecruitmentActivity:
    if not can_manage(actor, local_government):
        raise PermissionDenied
    activity = RecruitmentActivity(local_government=local_government, created_by=actor)
    _apply(activity, values)
    activity.save()
    audit.record(
        actor=actor,
        action="campaigns.recruitment_create",
        local_government=local_government,
        obj=activity,
        changes=audit.snapshot(activity, ACTIVITY_FIELDS),
    )
    return activity


@transaction.atomic
def recruitment_activity_update(
    *, actor, activity: RecruitmentActivity, values: dict[str, Any]
) -> RecruitmentActivity:
    activity = RecruitmentActivity.objects.select_for_update().get(pk=activity.pk)
    if not can_manage(actor, activity.local_government):
        raise PermissionDenied
    before = audit.snapshot(activity, ACTIVITY_FIELDS)
    _apply(activity, values)
    activity.save()
    changes = audit.diff(before, audit.snapshot(activity, ACTIVITY_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="campaigns.recruitment_update",
            local_government=activity.local_government,
            obj=activity,
            changes=changes,
        )
    return activity


@transaction.atomic
def recruitment_activity_delete(*, actor, activity: RecruitmentActivity) -> None:
    if not can_manage(actor, activity.local_government):
        raise PermissionDenied
    audit.record(
        actor=actor,
        action="campaigns.recruitment_delete",
        local_government=activity.local_government,
        obj=activity,
        changes=audit.snapshot(activity, ACTIVITY_FIELDS),
    )
    activity.delete()
