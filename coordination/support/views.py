"""A case's support pages (/staff/support/cases/<pk>/needs|plan|conferences|outcomes/): all
of them are the 支援計画 field group, so every view opens the case through
`coordination.web.case_for(..., group=FieldGroup.PLAN)` (404 for anyone outside the case team
or without that group; the read is audited). Views only parse input, call one service and
render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coordination.access import CASE_ROLES, is_lead, team_cases_q
from coordination.models import (
    Case,
    CaseConference,
    FieldGroup,
    Need,
    NeedArea,
    NeedAssessment,
    Outcome,
    PlanItem,
)
from coordination.support import services
from coordination.support.forms import (
    AssessmentForm,
    ConferenceForm,
    OutcomeForm,
    PlanItemEditForm,
    PlanItemForm,
)
from coordination.web import case_for, checked_case
from core.access import roles_required
from core.web.forms import add_service_errors
from core.web.params import parse_int

PLAN = FieldGroup.PLAN
HISTORY_SIZE = 20
PAGE_SIZE = 50


def _render(request, template, view, active, context=None, status=200):
    return render(
        request,
        f"coordination/support/{template}",
        {"view": view, "case": view.case, "active": active, **(context or {})},
        status=status,
    )


# --- needs -------------------------------------------------------------------------------------


def _assessments(case):
    return (
        NeedAssessment.objects.filter(case=case)
        .select_related("organization")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("id")))
    )


def needs_history(assessments) -> list[dict]:
    """Each assessment with its needs in pillar order and, against the one before it, the
    areas whose level changed (newest first)."""
    order = services.areas_in_pillar_order()
    rows = []
    for assessment in assessments:
        by_area = {need.area: need for need in assessment.needs.all()}
        rows.append({"assessment": assessment, "needs": [by_area.get(area) for area in order]})
    for newer, older in zip(rows, rows[1:], strict=False):
        for index, need in enumerate(newer["needs"]):
            before = older["needs"][index]
            if need is not None and before is not None and need.level != before.level:
                need.changed_from = before.get_level_display()
    return rows


@roles_required(*CASE_ROLES)
def needs(request, pk: int):
    view = case_for(request, pk, purpose="support.needs", group=PLAN)
    assessments = list(_assessments(view.case)[: HISTORY_SIZE + 1])
    history = needs_history(assessments)
    latest = history[0] if history else None
    areas = [NeedArea(area) for area in services.areas_in_pillar_order()]
    return _render(
        request,
        "needs.html",
        view,
        "support:needs",
        {
            "latest": latest,
            "latest_rows": list(zip(areas, latest["needs"], strict=True)) if latest else [],
            "history": history[1:HISTORY_SIZE],
            "more": len(assessments) > HISTORY_SIZE,
        },
    )


@roles_required(*CASE_ROLES)
def needs_create(request, pk: int):
    view = case_for(request, pk, purpose="support.needs_create", group=PLAN)
    latest = _assessments(view.case).first()
    initial_needs = {need.area: (need.level, "") for need in latest.needs.all()} if latest else {}
    form = AssessmentForm(request.POST or None, initial_needs=initial_needs)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_create(
                actor=request.user,
                case=view.case,
                needs=form.needs(),
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("ニーズの評価を記録しました。"))
            return redirect("support:needs", pk=view.case.pk)
    return _render(
        request,
        "needs_form.html",
        view,
        "support:needs",
        {"form": form},
        status=400 if form.errors else 200,
    )


# --- plan --------------------------------------------------------------------------------------


def plan_structure(case, user, today=None):
    """The goals with their actions, and the actions without a goal; each action marked
    overdue and editable for `user`."""
    today = today or timezone.localdate()
    items = list(
        PlanItem.objects.filter(case=case)
        .select_related("owner_organization", "conference")
        .order_by("kind", "due_on", "id")
    )
    lead = is_lead(user, case)
    for item in items:
        item.case = case
        item.overdue = services.is_overdue(item, today)
        item.editable = lead or (
            item.owner_organization_id is not None
            and item.owner_organization_id == user.organization_id
        )
    goals = [item for item in items if item.kind == PlanItem.Kind.GOAL]
    by_goal = {goal.pk: [] for goal in goals}
    loose = []
    for item in items:
        if item.kind != PlanItem.Kind.ACTION:
            continue
        by_goal.get(item.goal_id, loose).append(item)
    for goal in goals:
        goal.plan_actions = by_goal[goal.pk]
    return goals, loose


@roles_required(*CASE_ROLES)
def plan(request, pk: int):
    view = case_for(request, pk, purpose="support.plan", group=PLAN)
    goals, loose = plan_structure(view.case, request.user)
    overdue = sum(
        1 for action in [*loose, *(a for g in goals for a in g.plan_actions)] if action.overdue
    )
    return _render(
        request,
        "plan.html",
        view,
        "support:plan",
        {"goals": goals, "loose": loose, "overdue": overdue, "today": timezone.localdate()},
    )


@roles_required(*CASE_ROLES)
def plan_item_create(request, pk: int):
    view = case_for(request, pk, purpose="support.plan_item_create", group=PLAN)
    team = services.team_organization_ids(view.case)
    initial = {}
    goal_id = parse_int(request.GET.get("goal", ""), minimum=1)
    if goal_id is not None:
        initial["goal"] = goal_id
    form = PlanItemForm(request.POST or None, case=view.case, team_ids=team, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_item_create(
                actor=request.user,
                case=view.case,
                kind=data["kind"],
                text=data["text"],
                goal=data["goal"],
                area=data["area"],
                owner=data["owner_organization"],
                due_on=data["due_on"],
                team=team,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("支援計画に追加しました。"))
            return redirect("support:plan", pk=view.case.pk)
    return _render(
        request,
        "plan_item_form.html",
        view,
        "support:plan",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _item_case(request, pk: int, model, purpose: str, check=None):
    """The record `pk` of `model` (a PlanItem or a CaseConference) and its case, opened
    through case_for (404 outside the team or without the plan group); `check(user, item)`
    false is 403, before the read is logged."""
    item = model.objects.filter(pk=pk, local_government_id=request.user.local_government_id).first()
    if item is None:
        raise Http404
    item.case = checked_case(request, item.case_id, group=PLAN)
    if check is not None and not check(request.user, item):
        raise PermissionDenied
    view = case_for(request, item.case_id, purpose=purpose, group=PLAN)
    item.case = view.case
    return item, view


@roles_required(*CASE_ROLES)
def plan_item_edit(request, pk: int):
    item, view = _item_case(
        request, pk, PlanItem, "support.plan_item_edit", check=services.may_edit_item
    )
    form = PlanItemEditForm(
        request.POST or None,
        initial={"status": item.status, "due_on": item.due_on, "text": item.text},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_item_update(
                actor=request.user,
                item=item,
                status=data["status"],
                due_on=data["due_on"],
                text=data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("支援計画の項目を更新しました。"))
            return redirect("support:plan", pk=view.case.pk)
    return _render(
        request,
        "plan_item_edit.html",
        view,
        "support:plan",
        {"form": form, "item": item},
        status=400 if form.errors else 200,
    )


# --- conferences -------------------------------------------------------------------------------


@roles_required(*CASE_ROLES)
def conferences(request, pk: int):
    view = case_for(request, pk, purpose="support.conferences", group=PLAN)
    listed = CaseConference.objects.filter(case=view.case).prefetch_related("organizations")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "conferences.html", view, "support:conferences", {"page": page})


@roles_required(*CASE_ROLES)
def conference_create(request, pk: int):
    view = case_for(request, pk, purpose="support.conference_create", group=PLAN, lead=True)
    team = services.team_organization_ids(view.case)
    form = ConferenceForm(
        request.POST or None,
        case=view.case,
        team_ids=team,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = services.conference_create(
                actor=request.user,
                case=view.case,
                held_on=data["held_on"],
                organizations=data["organizations"],
                attendees=data["attendees"],
                agenda=data["agenda"],
                notes=data["notes"],
                decisions=data["decisions"],
                actions=form.actions(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("ケース会議を記録しました。"))
            return redirect("support:conference_detail", pk=conference.pk)
    return _render(
        request,
        "conference_form.html",
        view,
        "support:conferences",
        {"form": form},
        status=400 if form.errors else 200,
    )


@roles_required(*CASE_ROLES)
def conference_detail(request, pk: int):
    conference, view = _item_case(request, pk, CaseConference, "support.conference_detail")
    actions = conference.actions.select_related("owner_organization").order_by("due_on", "id")
    return _render(
        request,
        "conference_detail.html",
        view,
        "support:conferences",
        {
            "conference": conference,
            "organizations": conference.organizations.order_by("name"),
            "actions": actions,
        },
    )


# --- outcomes ----------------------------------------------------------------------------------


@roles_required(*CASE_ROLES)
def outcomes(request, pk: int):
    view = case_for(request, pk, purpose="support.outcomes", group=PLAN)
    listed = Outcome.objects.filter(case=view.case)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    hires = list(services.case_hires(view.case))
    return _render(
        request,
        "outcomes.html",
        view,
        "support:outcomes",
        {"page": page, "hires": hires, "closed": view.case.status == Case.Status.CLOSED},
    )


@roles_required(*CASE_ROLES)
def outcome_create(request, pk: int):
    view = case_for(request, pk, purpose="support.outcome_create", group=PLAN)
    form = OutcomeForm(request.POST or None, initial={"achieved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.outcome_create(
                actor=request.user,
                case=view.case,
                kind=data["kind"],
                achieved_on=data["achieved_on"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("成果を記録しました。"))
            return redirect("support:outcomes", pk=view.case.pk)
    return _render(
        request,
        "outcome_form.html",
        view,
        "support:outcomes",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@roles_required(*CASE_ROLES)
def outcomes_from_hires(request, pk: int):
    """The lead's button: record 就職 and 就労継続 from the linked job seeker's hires."""
    view = case_for(request, pk, purpose="support.outcomes_from_hires", group=PLAN, lead=True)
    created = services.outcomes_from_hires(actor=request.user, case=view.case)
    if created:
        messages.success(
            request, _("就職の記録から成果を %(count)d 件記録しました。") % {"count": len(created)}
        )
    else:
        messages.info(request, _("新しく記録する成果はありませんでした。"))
    return redirect("support:outcomes", pk=view.case.pk)


# --- the user's organization's actions -----------------------------------------------------------


def open_actions(user):
    """The open plan actions owned by the user's organization, in cases whose team it is in."""
    return (
        PlanItem.objects.filter(
            local_government_id=user.local_government_id,
            owner_organization_id=user.organization_id,
            kind=PlanItem.Kind.ACTION,
            status__in=services.OPEN_STATUSES,
            case__in=Case.objects.filter(team_cases_q(user.organization_id)),
        )
        .select_related("case__person")
        .order_by("due_on", "id")
    )


@roles_required(*CASE_ROLES)
def my_actions(request):
    """The open actions my organization owns (no text: it is read on the case's plan, where
    the access to the case is checked and logged)."""
    today = timezone.localdate()
    listed = open_actions(request.user) if request.user.organization_id else PlanItem.objects.none()
    overdue_only = request.GET.get("overdue") == "1"
    if overdue_only:
        listed = listed.filter(due_on__lt=today)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.overdue = services.is_overdue(item, today)
    return render(
        request,
        "coordination/support/my_actions.html",
        {"page": page, "overdue_only": overdue_only},
    )
