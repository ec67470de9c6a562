"""Job seekers, matching, hires and retention in the back office (/staff/employment/seekers/).

- Supporters (the secretariat, 関係機関・団体, 更生保護ボランティア) enter anonymous profiles;
  a profile is opened only by its supporter organization (another organization gets 404).
  The secretariat opens the profiles it entered itself; the rest it sees only as aggregates
  (the industry gap, the hires summary).
- Each read of a profile's legal status and offences (its page, its edit form, its matches)
  writes an audit entry.
- Employers never reach these pages.

Views only parse input, fetch through employment.access, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.reauth import reauth_required
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.wareki import fiscal_year_label, fiscal_year_of
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without
from core.web.params import id_param, int_param
from employment import access
from employment.models import Hire, JobPosting, RetentionCheck
from employment.seekers import hires, matching
from employment.seekers import services as seekers
from employment.seekers.forms import HireForm, RetentionCheckForm, SeekerFilterForm, SeekerForm

SUPPORTERS = tuple(access.SEEKER_ROLES)
SUMMARY_READERS = (Role.SECRETARIAT, Role.DEPARTMENT)
PAGE_SIZE = 50
MATCH_PAGE_SIZE = 20
EXCLUDED_LIMIT = 50


def _is_secretariat(request) -> bool:
    return request.user.role == Role.SECRETARIAT


def _visible_seekers(request):
    local_government = staff_local_government(request)
    return local_government, access.visible_seekers(request.user, local_government)


def _seeker_for(request, pk: int):
    _local_government, visible = _visible_seekers(request)
    return get_object_or_404(visible.select_related("supporter_organization"), pk=pk)


# --- profiles ----------------------------------------------------------------------------------


def _listed(request):
    _local_government, visible = _visible_seekers(request)
    form = SeekerFilterForm(request.GET or None)
    filters = form.filters()
    return form, filters, seekers.seeker_list(visible, **filters)


@roles_required(*SUPPORTERS)
def index(request):
    form, filters, listed = _listed(request)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    for seeker in page:
        seeker.industry_labels = seekers.industry_labels(seeker)
        seeker.employment_type_labels = seekers.employment_type_labels(seeker)
    return render(
        request,
        "employment/matching/index.html",
        {
            "form": form,
            "page": page,
            "query": query_without(request),
            "filtered": bool(filters["active"] or filters["industry"]),
            "is_secretariat": _is_secretariat(request),
            "due_count": len(hires.due_checks(_visible_hires(request))),
        },
    )


@export("csv", personal=True)
@roles_required(*SUPPORTERS)
@reauth_required
def seekers_csv(request):
    """The list as CSV: no legal status and no offences (they are read one profile at a time,
    and each read is logged)."""
    _form, _filters, listed = _listed(request)
    header = [
        _("求職者番号"),
        _("求職中"),
        _("希望する業種"),
        _("希望する仕事"),
        _("希望する地域"),
        _("希望する雇用形態"),
        _("住まいが必要"),
        _("登録日"),
    ]
    rows = (
        [
            seeker.code,
            _("はい") if seeker.is_active else _("いいえ"),
            "、".join(seekers.industry_labels(seeker)),  # i18n-data
            seeker.desired_jobs,
            seeker.desired_wards,
            "、".join(seekers.employment_type_labels(seeker)),  # i18n-data
            _("はい") if seeker.needs_housing else _("いいえ"),
            timezone.localtime(seeker.created_at).date().isoformat(),
        ]
        for seeker in listed
    )
    return csv_response([header, *rows], "job-seekers.csv")


@roles_required(*SUPPORTERS)
def create(request):
    local_government = staff_local_government(request)
    form = SeekerForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            seeker = seekers.seeker_create(
                actor=request.user, local_government=local_government, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("求職者 %(code)s を登録しました。") % {"code": seeker.code})
            return redirect("seekers:detail", pk=seeker.pk)
    return render(
        request,
        "employment/matching/seeker_form.html",
        {"form": form, "seeker": None},
        status=400 if form.errors else 200,
    )


@roles_required(*SUPPORTERS)
def detail(request, pk: int):
    seeker = _seeker_for(request, pk)
    # The legal status and offences are masked here: showing them is a reveal (reveal.py),
    # which is the read that is logged.
    seeker_hires = seeker.hires.select_related("employer", "posting").prefetch_related(
        "retention_checks"
    )
    return render(
        request,
        "employment/matching/seeker_detail.html",
        {
            "seeker": seeker,
            "industries": seekers.industry_labels(seeker),
            "employment_types": seekers.employment_type_labels(seeker),
            "offences": seekers.offence_labels(seeker),
            "hires": seeker_hires,
        },
    )


@roles_required(*SUPPORTERS)
def edit(request, pk: int):
    seeker = _seeker_for(request, pk)
    # The legal status and offences are in the form only once revealed (employment.seekers.
    # reveal renders it with them and a `sensitive` marker); the masked form leaves them alone.
    sensitive = request.method == "POST" and request.POST.get("sensitive") == "1"
    form = SeekerForm(
        request.POST or None, initial=SeekerForm.initial_for(seeker), sensitive=sensitive
    )
    if request.method == "POST" and form.is_valid():
        try:
            seekers.seeker_update(actor=request.user, seeker=seeker, values=form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("求職者 %(code)s を更新しました。") % {"code": seeker.code})
            return redirect("seekers:detail", pk=seeker.pk)
    return render(
        request,
        "employment/matching/seeker_form.html",
        {"form": form, "seeker": seeker},
        status=400 if form.errors else 200,
    )


# --- matching ----------------------------------------------------------------------------------


def _page_number(request) -> int:
    return min(int_param(request.GET, "page", default=1, minimum=1), 10_000)


@roles_required(*SUPPORTERS)
def matches(request, pk: int):
    """The postings that fit the seeker, best first, each with why; on request (?excluded=1)
    the postings the hard filters remove, each with the reason."""
    seeker = _seeker_for(request, pk)
    show_excluded = request.GET.get("excluded") == "1"
    if show_excluded:
        # The excluded postings' reasons name the offences: a read of them.
        seekers.seeker_sensitive_read(
            actor=request.user, seeker=seeker, purpose="matching", request=request
        )
    number = _page_number(request)
    offset = (number - 1) * MATCH_PAGE_SIZE
    results = matching.match(seeker, limit=MATCH_PAGE_SIZE + 1, offset=offset)
    has_next = len(results) > MATCH_PAGE_SIZE
    counts = matching.counts(seeker)
    return render(
        request,
        "employment/matching/matches.html",
        {
            "seeker": seeker,
            "industries": seekers.industry_labels(seeker),
            "employment_types": seekers.employment_type_labels(seeker),
            "offences": seekers.offence_labels(seeker),
            "results": results[:MATCH_PAGE_SIZE],
            "first_rank": offset + 1,
            "page_number": number,
            "has_next": has_next,
            "counts": counts,
            "show_excluded": show_excluded,
            "excluded": matching.excluded(seeker, limit=EXCLUDED_LIMIT) if show_excluded else [],
            "excluded_limit": EXCLUDED_LIMIT,
            "query_excluded": "excluded=1&" if show_excluded else "",
        },
    )


# --- hires -------------------------------------------------------------------------------------


def _visible_hires(request):
    local_government = staff_local_government(request)
    return access.visible_hires(request.user, local_government)


@roles_required(*SUPPORTERS)
def hire_create(request, pk: int):
    seeker = _seeker_for(request, pk)
    local_government = seeker.local_government
    initial = {"started_on": timezone.localdate()}
    preset = id_param(request.GET, "posting")
    if preset is not None:
        posting = JobPosting.objects.filter(local_government=local_government, pk=preset).first()
        if posting is not None:
            initial.update(posting=posting.pk, employer=posting.employer_id)
    form = HireForm(request.POST or None, local_government=local_government, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hires.hire_record(
                actor=request.user,
                seeker=seeker,
                employer=data["employer"],
                started_on=data["started_on"],
                posting=data["posting"],
                event=data["event"],
                course=data["course"],
                magazine_issue=data["magazine_issue"],
                end_search=data["end_search"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(code)s の就職を記録しました。") % {"code": seeker.code})
            return redirect("seekers:detail", pk=seeker.pk)
    return render(
        request,
        "employment/matching/hire_form.html",
        {"form": form, "seeker": seeker},
        status=400 if form.errors else 200,
    )


def _hire_rows(request):
    return (
        _visible_hires(request)
        .select_related("seeker", "employer", "posting")
        .prefetch_related("retention_checks")
        .order_by("-started_on", "-id")
    )


def _check_cells(hire: Hire, today) -> list[dict]:
    recorded = {check.months: check for check in hire.retention_checks.all()}
    return [
        {
            "months": months,
            "label": RetentionCheck.Months(months).label,
            "check": recorded.get(months),
            "status": hires.retention_status(hire, months, today),
            "due_on": hires.due_on(hire, months),
        }
        for months in hires.CHECK_MONTHS
    ]


@roles_required(*SUPPORTERS)
def hire_list(request):
    today = timezone.localdate()
    page = Paginator(_hire_rows(request), PAGE_SIZE).get_page(request.GET.get("page"))
    for hire in page:
        hire.cells = _check_cells(hire, today)
    return render(
        request,
        "employment/matching/hires.html",
        {
            "page": page,
            "query": query_without(request),
            "months_choices": RetentionCheck.Months.choices,
        },
    )


def _status_text(status: str) -> str:
    return {
        "retained": _("継続"),
        "left": _("離職"),
        "unknown": _("未確認"),
        "": _("期間前"),
    }[status]


@export("csv", personal=True)
@roles_required(*SUPPORTERS)
@reauth_required
def hires_csv(request):
    today = timezone.localdate()
    header = [
        _("求職者番号"),
        _("就職先"),
        _("求人番号"),
        _("就職日"),
        _("離職日"),
        *(_("%(label)sの定着") % {"label": label} for label in RetentionCheck.Months.labels),
    ]
    rows = (
        [
            hire.seeker.code,
            hire.employer.name,
            hire.posting_id or "",
            hire.started_on.isoformat(),
            hire.left_on.isoformat() if hire.left_on else "",
            *(_status_text(cell["status"]) for cell in _check_cells(hire, today)),
        ]
        for hire in _hire_rows(request)
    )
    return csv_response([header, *rows], "hires.csv")


@roles_required(*SUPPORTERS)
def hire_detail(request, pk: int):
    """A hire with its retention checks; POST records a check."""
    hire = get_object_or_404(
        _visible_hires(request).select_related("seeker", "employer", "posting"), pk=pk
    )
    today = timezone.localdate()
    due = hires.due_checks_of(hire, today)
    initial = {"months": due[0].months} if due else {}
    form = RetentionCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hires.retention_check_record(
                actor=request.user,
                hire=hire,
                months=data["months"],
                still_employed=data["still_employed"],
                checked_on=data["checked_on"],
                left_on=data["left_on"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("定着の確認を記録しました。"))
            return redirect("seekers:hire_detail", pk=hire.pk)
    return render(
        request,
        "employment/matching/hire_detail.html",
        {"hire": hire, "cells": _check_cells(hire, today), "due": due, "form": form},
        status=400 if form.errors else 200,
    )


@roles_required(*SUPPORTERS)
def retention_due(request):
    """The retention checks due now (1, 3, 6 and 12 months after the start)."""
    return render(
        request,
        "employment/matching/retention_due.html",
        {"due": hires.due_checks(_visible_hires(request)), "today": timezone.localdate()},
    )


# --- the summary (aggregates only) -------------------------------------------------------------


def _summaries(request):
    local_government = staff_local_government(request)
    years = hires.fiscal_years_with_hires(local_government)
    current = fiscal_year_of(timezone.localdate())
    if current not in years:
        years = sorted({*years, current}, reverse=True)
    return [hires.fiscal_year_summary(local_government, year) for year in years]


@roles_required(*SUMMARY_READERS)
def summary(request):
    """就職者数 and retention by fiscal year, for the whole local government (counts only)."""
    return render(
        request,
        "employment/matching/summary.html",
        {"summaries": _summaries(request), "months_choices": RetentionCheck.Months.choices},
    )


@export("csv")
@roles_required(*SUMMARY_READERS)
def summary_csv(request):
    header = [_("年度"), _("就職者数（人）"), _("就職件数")]
    for label in RetentionCheck.Months.labels:
        header += [
            _("%(label)s 経過") % {"label": label},
            _("%(label)s 継続") % {"label": label},
            _("%(label)s 離職") % {"label": label},
            _("%(label)s 未確認") % {"label": label},
            _("%(label)s 定着率（%%）") % {"label": label},
        ]
    rows = []
    for item in _summaries(request):
        row = [fiscal_year_label(item.fiscal_year), item.people, item.hires]
        for figure in item.retention:
            row += [
                figure.reached,
                figure.retained,
                figure.left,
                figure.unknown,
                figure.rate if figure.rate is not None else "",
            ]
        rows.append(row)
    return csv_response([header, *rows], "hires-summary.csv")
