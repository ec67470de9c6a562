"""Writes of meetings and their follow-up items. Each service checks who may do it, validates
(raising ValidationError with Japanese messages), runs in one transaction and records an
audit entry with the values before and after. Meetings are not public content, so no page
cache is expired.

The reads others may use (e.g. `follow_ups_for_measure` for a measure's page) live in
pdca.meetings.selectors and are re-exported here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from pdca.meetings.selectors import (
    can_manage_meetings,
    can_set_follow_up_status,
    default_title,
    follow_ups_for_measure,
)
from pdca.models import FollowUpItem, Meeting
from plans.models import Department, Measure, PartnerOrganization, Plan

__all__ = ["follow_up_save", "follow_up_set_status", "follow_ups_for_measure", "meeting_save"]

MEETING_FIELDS = ("kind", "title", "held_on", "place", "agenda", "minutes", "decisions")
FOLLOW_UP_FIELDS = ("description", "measure", "department", "due_on", "status")
TEXT_LIMIT = 20000
DESCRIPTION_LIMIT = 2000


def _meeting_snapshot(meeting: Meeting) -> dict:
    values = audit.snapshot(meeting, MEETING_FIELDS)
    if meeting.pk is None:
        return {**values, "attending_departments": [], "attending_organizations": []}
    departments = meeting.attending_departments.select_related("parent").order_by("position", "id")
    organizations = meeting.attending_organizations.order_by("position", "id")
    values["attending_departments"] = [department.full_name for department in departments]
    values["attending_organizations"] = [organization.name for organization in organizations]
    return values


def _too_long(errors: dict, field: str, value: str, limit: int, label: str) -> None:
    if len(value) > limit:
        errors[field] = _("%(label)sは%(limit)s文字以内で入力してください。") % {
            "label": label,
            "limit": limit,
        }


@transaction.atomic
def meeting_save(
    *,
    actor,
    meeting: Meeting | None = None,
    plan: Plan | None = None,
    kind: str,
    title: str = "",
    held_on: datetime.date | None,
    place: str = "",
    departments: Iterable[Department] = (),
    organizations: Iterable[PartnerOrganization] = (),
    agenda: str = "",
    minutes: str = "",
    decisions: str = "",
) -> Meeting:
    """Record a new meeting of `plan`, or change `meeting`. A blank title is made from the
    kind, fiscal year and number (e.g. 令和7年度 第1回 再犯防止推進関係課長会議)."""
    if meeting is not None:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        plan = meeting.plan
    if plan is None:
        raise ValueError("meeting_save needs a plan for a new meeting")
    local_government = plan.local_government
    if not can_manage_meetings(actor, local_government):
        raise PermissionDenied
    departments = list(departments)
    organizations = list(organizations)
    title, place = (title or "").strip(), (place or "").strip()
    agenda, minutes, decisions = (
        (agenda or "").strip(),
        (minutes or "").strip(),
        (decisions or "").strip(),
    )

    errors: dict[str, str] = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = _("会議の種類を選んでください。")
    if held_on is None:
        errors["held_on"] = _("開催日を入力してください。")
    if not title and kind == Meeting.Kind.OTHER:
        errors["title"] = _("「その他の会議」は会議名を入力してください。")
    _too_long(errors, "title", title, 200, _("会議名"))
    _too_long(errors, "place", place, 200, _("場所"))
    _too_long(errors, "agenda", agenda, TEXT_LIMIT, _("議題"))
    _too_long(errors, "minutes", minutes, TEXT_LIMIT, _("議事録"))
    _too_long(errors, "decisions", decisions, TEXT_LIMIT, _("決定事項"))
    if any(d.local_government_id != local_government.pk for d in departments):
        errors["attending_departments"] = _("別の地方公共団体の課は選べません。")
    if any(o.local_government_id != local_government.pk for o in organizations):
        errors["attending_organizations"] = _("別の地方公共団体の機関・団体は選べません。")
    if errors:
        raise ValidationError(errors)

    created = meeting is None
    if created:
        meeting = Meeting(local_government=local_government, plan=plan)
    before = {} if created else _meeting_snapshot(meeting)
    if not title:
        title = default_title(
            local_government=local_government,
            kind=kind,
            held_on=held_on,
            exclude_pk=meeting.pk,
        )
    meeting.kind = kind
    meeting.title = title
    meeting.held_on = held_on
    meeting.place = place
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.decisions = decisions
    meeting.full_clean()
    meeting.save()
    meeting.attending_departments.set(departments)
    meeting.attending_organizations.set(organizations)
    changes = audit.diff(before, _meeting_snapshot(meeting))
    if changes:
        audit.record(
            actor=actor,
            action="pdca.meeting_create" if created else "pdca.meeting_update",
            local_government=local_government,
            obj=meeting,
            changes=changes,
        )
    return meeting


@transaction.atomic
def follow_up_save(
    *,
    actor,
    meeting: Meeting,
    item: FollowUpItem | None = None,
    description: str,
    measure: Measure | None = None,
    department: Department | None = None,
    due_on: datetime.date | None = None,
    status: str = FollowUpItem.Status.OPEN,
) -> FollowUpItem:
    """Add a follow-up item to `meeting`, or change `item` (one of the meeting's)."""
    local_government = meeting.local_government
    if not can_manage_meetings(actor, local_government):
        raise PermissionDenied
    if item is not None:
        item = FollowUpItem.objects.select_for_update().get(pk=item.pk)
        if item.meeting_id != meeting.pk:
            raise PermissionDenied
    description = (description or "").strip()

    errors: dict[str, str] = {}
    if not description:
        errors["description"] = _("内容を入力してください。")
    _too_long(errors, "description", description, DESCRIPTION_LIMIT, _("内容"))
    if (
        measure is not None
        and not Measure.objects.filter(
            pk=measure.pk, area__pillar__plan_id=meeting.plan_id
        ).exists()
    ):
        errors["measure"] = _("この会議の計画の取組を選んでください。")
    if department is not None and department.local_government_id != local_government.pk:
        errors["department"] = _("別の地方公共団体の課は選べません。")
    if status not in FollowUpItem.Status.values:
        errors["status"] = _("状態の値が正しくありません。")
    if errors:
        raise ValidationError(errors)

    created = item is None
    if created:
        item = FollowUpItem(local_government=local_government, meeting=meeting)
    before = {} if created else audit.snapshot(item, FOLLOW_UP_FIELDS)
    item.description = description
    item.measure = measure
    item.department = department
    item.due_on = due_on
    item.status = status
    item.full_clean()
    item.save()
    changes = audit.diff(before, audit.snapshot(item, FOLLOW_UP_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="pdca.follow_up_create" if created else "pdca.follow_up_update",
            local_government=local_government,
            obj=item,
            changes={**changes, "meeting": {"before": None, "after": str(meeting)}}
            if created
            else changes,
        )
    return item


@transaction.atomic
def follow_up_set_status(*, actor, item: FollowUpItem, status: str) -> FollowUpItem:
    """Change the status of a follow-up item: the secretariat, or the department the item is
    assigned to."""
    item = (
        FollowUpItem.objects.select_for_update().select_related("local_government").get(pk=item.pk)
    )
    if not can_set_follow_up_status(actor, item):
        raise PermissionDenied
    if status not in FollowUpItem.Status.values:
        raise ValidationError({"status": _("状態を選んでください。")})
    before = audit.snapshot(item, ["status"])
    if item.status == status:
        return item
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="pdca.follow_up_status",
        local_government=item.local_government,
        obj=item,
        changes=audit.diff(before, audit.snapshot(item, ["status"])),
    )
    return item
