"""The PDCA back office: cycles, the secretariat's dashboard, writing and reviewing
progress reports, indicator actuals, and starting the next plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import wareki
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.forms import add_service_errors
from pdca import selectors, services
from pdca.forms import (
    CycleEditForm,
    CycleOpenForm,
    default_deadline,
)
from pdca.indicators.status import Status, indicator_rows
from pdca.models import Evaluation, ProgressReport
from plans import selectors as plan_selectors
from plans.models import Plan
from plans.services import plan_start_next


def _plan(request) -> tuple:
    """The plan in force (the newest published one): its cycles are what the PDCA pages
    manage, even while the next plan is being drafted."""
    local_government = staff_local_government(request)
    plan = plan_selectors.published_plan(local_government) or plan_selectors.current_plan(
        request.user, local_government
    )
    return local_government, plan


# --- cycles and the dashboard ---------------------------------------------------------------


@roles_required(Role.SECRETARIAT, Role.DEPARTMENT)
def index(request):
    local_government, plan = _plan(request)
    cycle_list = list(selectors.cycles(local_government))
    if request.user.role == Role.DEPARTMENT:
        mine = {
            row["cycle_id"]: row
            for row in ProgressReport.objects.filter(
                cycle__in=cycle_list, department_id=request.user.department_id
            )
            .values("cycle_id")
            .annotate(**_status_counts())
        }
        return render(
            request,
            "pdca/department_index.html",
            {"plan": plan, "cycles": [(c, mine.get(c.pk)) for c in cycle_list]},
        )
    open_years = {c.fiscal_year for c in cycle_list if c.plan_id == plan.pk}
    next_year = next(
        (y for y in range(plan.start_fiscal_year, plan.end_fiscal_year + 1) if y not in open_years),
        None,
    )
    form = CycleOpenForm(
        plan=plan,
        initial={
            "fiscal_year": next_year,
            "deadline": default_deadline(next_year or plan.end_fiscal_year, timezone.localdate()),
        },
    )
    return render(
        request,
        "pdca/index.html",
        {"plan": plan, "cycles": cycle_list, "form": form, "can_open": next_year is not None},
    )


def _status_counts():

    return {
        status: Count("id", filter=Q(status=status)) for status in ProgressReport.Status.values
    } | {"total": Count("id")}


@roles_required(Role.SECRETARIAT)
def cycle_open(request):
    local_government, plan = _plan(request)
    if request.method != "POST":
        return redirect("pdca:index")
    form = CycleOpenForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            cycle = services.cycle_open(
                actor=request.user,
                plan=plan,
                fiscal_year=form.cleaned_data["fiscal_year"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(year)sの報告サイクルを開始しました（報告 %(count)s 件）。")
                % {
                    "year": wareki.fiscal_year_label(cycle.fiscal_year),
                    "count": cycle.reports.count(),
                },
            )
            return redirect("pdca:cycle_detail", pk=cycle.pk)
    cycle_list = list(selectors.cycles(local_government))
    return render(
        request,
        "pdca/index.html",
        {"plan": plan, "cycles": cycle_list, "form": form, "can_open": True},
        status=400,
    )


def _evaluation_chart(board) -> dict:
    return {
        "type": "bar",
        "data": {
            "labels": [
                _("第%(n)s節") % {"n": pillar.number} for pillar, _counts in board.evaluations
            ],
            "datasets": [
                {
                    "label": str(label),
                    "data": [counts[index] for _pillar, counts in board.evaluations],
                }
                for index, (_value, label) in enumerate(Evaluation.choices)
            ],
        },
        "options": {
            "scales": {
                "x": {"stacked": True},
                "y": {"stacked": True, "title": {"display": True, "text": _("件")}},
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


@roles_required(Role.SECRETARIAT)
def cycle_detail(request, pk: int):
    local_government, _plan_ = _plan(request)
    cycle = selectors.cycle(local_government, pk)
    board = selectors.dashboard(cycle)
    rows = indicator_rows(cycle.plan, published_only=False)
    off_track = [row for row in rows if row.assessment.status == Status.OFF_TRACK]
    form = CycleEditForm(initial={"deadline": cycle.deadline, "status": cycle.status})
    return render(
        request,
        "pdca/cycle_detail.html",
        {
            "cycle": cycle,
            "board": board,
            "chart": _evaluation_chart(board),
            "evaluation_choices": Evaluation.choices,
            "off_track": off_track,
            "no_data_count": sum(1 for row in rows if row.assessment.status == Status.NO_DATA),
            "form": form,
            "collective": selectors.collective_assignments(cycle),
        },
    )


@roles_required(Role.SECRETARIAT)
def cycle_edit(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    local_government = staff_local_government(request)
    cycle = selectors.cycle(local_government, pk)
    form = CycleEditForm(request.POST)
    if form.is_valid():
        try:
            services.cycle_update(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("報告サイクルの設定を保存しました。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("pdca:cycle_detail", pk=cycle.pk)


# --- report lists ---------------------------------------------------------------------------


# --- one report -----------------------------------------------------------------------------


# --- the next plan --------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def plan_next(request):
    local_government, plan = _plan(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        new_plan = plan_start_next(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("pdca:index")
    messages.success(
        request,
        _("次期計画「%(title)s」を作成中の計画として作りました（%(start)s〜%(end)s）。")
        % {
            "title": new_plan.title,
            "start": wareki.fiscal_year_label(new_plan.start_fiscal_year),
            "end": wareki.fiscal_year_label(new_plan.end_fiscal_year),
        },
    )
    return redirect("pdca:index")


__all__ = ["Plan"]
