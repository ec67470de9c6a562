"""Writes of a case's support (docs/support-coordination/support.md): needs assessments, plan
items, case conferences and outcomes. All of it is the 支援計画 field group (FieldGroup.PLAN).

- Whoever sees the plan group of the case (the lead, the partners consented for 支援計画) adds
  assessments, plan items and outcomes: they work on the plan together.
- A plan item's status, due date and text are changed by the lead or the item's owner
  organization.
- A case conference is recorded by the lead; the organizations taking part and the owners of
  its follow-up actions must be in the case team.

Each service runs in one transaction and writes one audit entry naming fields, ids and
statuses, never a note, a text or an attendee (the secretariat reads the audit log)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from coordination import access
from coordination.access import NEVER_IN_TEAM
from coordination.models import (
    PILLAR_NUMBERS,
    Case,
    CaseConference,
    FieldGroup,
    Need,
    NeedArea,
    NeedAssessment,
    NeedLevel,
    Outcome,
    OutcomeKind,
    PlanItem,
)
from core import audit
from employment.models import Hire

OPEN_STATUSES = (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS)
RETENTION_KINDS = {
    1: OutcomeKind.RETENTION_1,
    3: OutcomeKind.RETENTION_3,
    6: OutcomeKind.RETENTION_6,
    12: OutcomeKind.RETENTION_12,
}
ITEM_FIELDS = ("status", "due_on", "owner_organization_id", "goal_id", "area")


def areas_in_pillar_order() -> list[NeedArea]:
    """The six areas of need, in the order of the plan's pillars (第1節 … 第6節)."""
    return sorted(NeedArea, key=lambda area: PILLAR_NUMBERS[area])


def sees_plan(user, case: Case) -> bool:
    return FieldGroup.PLAN in access.visible_groups(user, case)


def _check_plan(actor, case: Case) -> None:
    if not sees_plan(actor, case):
        raise PermissionDenied


def may_edit_item(user, item: PlanItem) -> bool:
    """The lead, or a user of the item's owner organization who sees the plan."""
    case = item.case
    if access.is_lead(user, case):
        return True
    return (
        item.owner_organization_id is not None
        and user.organization_id == item.owner_organization_id
        and sees_plan(user, case)
    )


def team_organization_ids(case: Case) -> set[int]:
    """The case team's organizations that work on the case: not an employer or a housing
    provider that a consent covers (they only receive an application or a housing referral)."""
    team = access.case_team(case)
    outside = Organization.objects.filter(pk__in=team, kind__in=NEVER_IN_TEAM)
    return set(team) - set(outside.values_list("pk", flat=True))


def _check_owner(case: Case, owner, team: set[int]) -> None:
    if owner is not None and owner.pk not in team:
        raise ValidationError(
            {"owner_organization": _("担当する組織はケースのチームの組織から選んでください。")}
        )


# --- needs -------------------------------------------------------------------------------------


@transaction.atomic
def assessment_create(
    *, actor, case: Case, needs: dict[str, tuple[int, str]], assessed_on=None
) -> NeedAssessment:
    """A new assessment with one Need per area: `needs` {area: (level, note)}; an area left
    out is recorded as なし."""
    _check_plan(actor, case)
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("評価日に未来の日付は入れられません。")})
    unknown = set(needs) - set(NeedArea.values)
    if unknown:
        raise ValidationError(_("分野の指定が正しくありません。"))
    assessment = NeedAssessment.objects.create(
        local_government=case.local_government,
        case=case,
        assessed_on=assessed_on,
        organization_id=actor.organization_id,
        assessed_by=actor,
    )
    rows = []
    for area in areas_in_pillar_order():
        level, note = needs.get(area, (NeedLevel.NONE, ""))
        if level not in NeedLevel.values:
            raise ValidationError(_("必要度を選んでください。"))
        rows.append(Need(assessment=assessment, area=area, level=level, note=note.strip()))
    Need.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="coordination.support.assessment.create",
        local_government=case.local_government,
        obj=assessment,
        changes={
            "case": case.pk,
            "assessed_on": assessed_on,
            "levels": {row.area: row.level for row in rows},
            "notes_given": sorted(row.area for row in rows if row.note),
        },
    )
    return assessment


# --- plan --------------------------------------------------------------------------------------


@transaction.atomic
def plan_item_create(
    *,
    actor,
    case: Case,
    kind: str,
    text: str,
    goal: PlanItem | None = None,
    area: str = "",
    owner=None,
    due_on: datetime.date | None = None,
    conference: CaseConference | None = None,
    team: set[int] | None = None,
) -> PlanItem:
    """A goal or an action of the case's plan. An action's goal must be a goal of the same
    case; its owner an organization of the case team."""
    _check_plan(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("終結したケースの支援計画には追加できません。"))
    if kind not in PlanItem.Kind.values:
        raise ValidationError({"kind": _("目標か取り組みかを選んでください。")})
    if kind == PlanItem.Kind.GOAL:
        goal = None
    elif goal is not None and (goal.case_id != case.pk or goal.kind != PlanItem.Kind.GOAL):
        raise ValidationError({"goal": _("このケースの目標から選んでください。")})
    if kind == PlanItem.Kind.ACTION and owner is None:
        raise ValidationError({"owner_organization": _("取り組みを担当する組織を選んでください。")})
    _check_owner(case, owner, team if team is not None else team_organization_ids(case))
    item = PlanItem(
        local_government=case.local_government,
        case=case,
        kind=kind,
        goal=goal,
        area=area,
        text=text.strip(),
        owner_organization=owner,
        due_on=due_on,
        conference=conference,
        created_by=actor,
    )
    item.full_clean(exclude=["case", "created_by", "conference", "goal", "owner_organization"])
    item.save()
    audit.record(
        actor=actor,
        action="coordination.support.plan_item.create",
        local_government=case.local_government,
        obj=item,
        changes={"case": case.pk, "kind": kind, "conference": conference and conference.pk}
        | audit.snapshot(item, ITEM_FIELDS),
    )
    return item


@transaction.atomic
def plan_item_update(
    *, actor, item: PlanItem, status: str, due_on: datetime.date | None, text: str
) -> PlanItem:
    """Change an item's status, due date and text: the lead or the owner organization."""
    item = PlanItem.objects.select_for_update().select_related("case").get(pk=item.pk)
    if not may_edit_item(actor, item):
        raise PermissionDenied
    if status not in PlanItem.Status.values:
        raise ValidationError({"status": _("状態を選んでください。")})
    before = audit.snapshot(item, ("status", "due_on"))
    text_changed = text.strip() != item.text
    item.status = status
    item.due_on = due_on
    item.text = text.strip()
    item.full_clean(exclude=["case", "created_by", "conference", "goal", "owner_organization"])
    item.save(update_fields=["status", "due_on", "text", "updated_at"])
    changes = audit.diff(before, audit.snapshot(item, ("status", "due_on")))
    if text_changed:
        changes["text"] = "changed"
    audit.record(
        actor=actor,
        action="coordination.support.plan_item.update",
        local_government=item.local_government,
        obj=item,
        changes=changes,
    )
    return item


def is_overdue(item: PlanItem, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        item.kind == PlanItem.Kind.ACTION
        and item.due_on is not None
        and item.due_on < today
        and item.status in OPEN_STATUSES
    )


# --- conferences -------------------------------------------------------------------------------


@transaction.atomic
def conference_create(
    *,
    actor,
    case: Case,
    held_on: datetime.date,
    organizations: Iterable,
    attendees: str = "",
    agenda: str = "",
    notes: str = "",
    decisions: str = "",
    actions: Iterable[dict] = (),
) -> CaseConference:
    """Record a case conference (the lead) and its follow-up actions, which land in the plan
    with `conference` set. `actions`: dicts with text, owner (an Organization), due_on."""
    if not access.is_lead(actor, case):
        raise PermissionDenied
    team = team_organization_ids(case)
    organizations = list(organizations)
    if not organizations:
        raise ValidationError({"organizations": _("参加した組織を一つ以上選んでください。")})
    if any(organization.pk not in team for organization in organizations):
        raise ValidationError({"organizations": _("参加できるのはケースのチームの組織だけです。")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("開催日に未来の日付は入れられません。")})
    conference = CaseConference(
        local_government=case.local_government,
        case=case,
        held_on=held_on,
        attendees=attendees.strip(),
        agenda=agenda.strip(),
        notes=notes.strip(),
        decisions=decisions.strip(),
        created_by=actor,
    )
    conference.full_clean(exclude=["case", "created_by"])
    conference.save()
    conference.organizations.set(organizations)
    items = [
        plan_item_create(
            actor=actor,
            case=case,
            kind=PlanItem.Kind.ACTION,
            text=action["text"],
            owner=action["owner"],
            due_on=action.get("due_on"),
            conference=conference,
            team=team,
        )
        for action in actions
    ]
    audit.record(
        actor=actor,
        action="coordination.support.conference.create",
        local_government=case.local_government,
        obj=conference,
        changes={
            "case": case.pk,
            "held_on": held_on,
            "organizations": sorted(organization.pk for organization in organizations),
            "fields_given": [
                name
                for name in ("attendees", "agenda", "notes", "decisions")
                if getattr(conference, name)
            ],
            "actions": [item.pk for item in items],
        },
    )
    return conference


# --- outcomes ----------------------------------------------------------------------------------


@transaction.atomic
def outcome_create(
    *, actor, case: Case, kind: str, achieved_on: datetime.date, note: str = ""
) -> Outcome:
    _check_plan(actor, case)
    if achieved_on > timezone.localdate():
        raise ValidationError({"achieved_on": _("日付に未来の日付は入れられません。")})
    outcome = Outcome(
        local_government=case.local_government,
        case=case,
        kind=kind,
        achieved_on=achieved_on,
        note=note.strip(),
        recorded_by=actor,
    )
    outcome.full_clean(exclude=["case", "recorded_by", "hire"])
    outcome.save()
    audit.record(
        actor=actor,
        action="coordination.support.outcome.create",
        local_government=case.local_government,
        obj=outcome,
        changes={
            "case": case.pk,
            "kind": kind,
            "achieved_on": achieved_on,
            "note_given": bool(note),
        },
    )
    return outcome


def outcome_from_housing_referral(*, actor, referral, now=None) -> Outcome | None:
    """Record 住まいの確保 when a housing referral (one with a home) is completed with success
    by its receiver, in the caller's transaction; the receiver (a housing provider) does not
    see the plan, the referral is the basis. Once: not when the case already has a 住まいの確保
    dated on or after the day the referral was sent. Returns the new outcome or None."""
    case = referral.case
    day = timezone.localdate(now or timezone.now())
    since = timezone.localdate(referral.sent_at) if referral.sent_at else day
    if Outcome.objects.filter(
        case=case, kind=OutcomeKind.HOME_SECURED, achieved_on__gte=since
    ).exists():
        return None
    outcome = Outcome(
        local_government=case.local_government,
        case=case,
        kind=OutcomeKind.HOME_SECURED,
        achieved_on=day,
        recorded_by=actor,
    )
    outcome.full_clean(exclude=["case", "recorded_by", "hire"])
    outcome.save()
    audit.record(
        actor=actor,
        action="coordination.support.outcome.from_referral",
        local_government=case.local_government,
        obj=outcome,
        changes={"case": case.pk, "kind": OutcomeKind.HOME_SECURED, "referral": referral.pk},
    )
    return outcome


def case_hires(case: Case):
    """The hires of the case's job-seeker profile (employment), with their retention checks."""
    if case.job_seeker_id is None:
        return Hire.objects.none()
    return (
        Hire.objects.filter(seeker_id=case.job_seeker_id)
        .select_related("employer")
        .prefetch_related("retention_checks")
        .order_by("-started_on", "-id")
    )


@transaction.atomic
def outcomes_from_hires(*, actor, case: Case) -> list[Outcome]:
    """Record 就職 for each hire of the case's job seeker and 就労継続 N か月 for each retention
    check that found the person still employed (the lead, on a button). Idempotent: one
    outcome per hire and kind (an existing one is left as it is). Returns the new ones."""
    if not access.is_lead(actor, case):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    existing = set(
        Outcome.objects.filter(case=case, hire__isnull=False).values_list("hire_id", "kind")
    )
    wanted = []
    for hire in case_hires(case):
        wanted.append((hire, OutcomeKind.JOB_STARTED, hire.started_on))
        for check in hire.retention_checks.all():
            kind = RETENTION_KINDS.get(check.months)
            if kind and check.still_employed:
                wanted.append((hire, kind, check.checked_on))
    created = [
        Outcome(
            local_government=case.local_government,
            case=case,
            kind=kind,
            achieved_on=day,
            hire=hire,
            recorded_by=actor,
        )
        for hire, kind, day in wanted
        if (hire.pk, kind) not in existing
    ]
    Outcome.objects.bulk_create(created)
    if created:
        audit.record(
            actor=actor,
            action="coordination.support.outcome.from_hires",
            local_government=case.local_government,
            obj=case,
            changes={"outcomes": [[outcome.hire_id, outcome.kind] for outcome in created]},
        )
    return created
