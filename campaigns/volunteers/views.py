"""The volunteers' pages at /staff/volunteers/: the 保護司 figures (the secretariat enters a
year's figures; departments and volunteers read them), the secretariat's recruitment records
with their CSV, and the volunteers' home page for a visit.

Views only parse input, fetch through campaigns.volunteers.selectors, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns.volunteers import charts, selectors, services
from campaigns.volunteers.facts import count_text
from campaigns.volunteers.forms import OfficerFiguresForm, RecruitmentFilterForm, RecruitmentForm
from campaigns.volunteers.home import home_groups, search_url
from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.wareki import fiscal_year_label, fiscal_year_of, year_label
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from stats.importer import ImportInvalid

PAGE_SIZE = 50


# --- the 保護司 figures ----------------------------------------------------------------------


@roles_required(Role.SECRETARIAT, Role.DEPARTMENT, Role.VOLUNTEER)
def officers(request):
    local_government = staff_local_government(request)
    figures = selectors.officer_figures(local_government)
    may_enter = figures.officers is not None and selectors.can_manage(
        request.user, local_government
    )
    if request.method == "POST" and not may_enter:
        raise PermissionDenied
    form = None
    if may_enter:
        form = OfficerFiguresForm(
            request.POST if request.method == "POST" else None,
            as_of=figures.as_of or _("1月末現在"),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                updated = services.officer_figures_save(
                    actor=request.user,
                    local_government=local_government,
                    year=data["year"],
                    count=data["count"],
                    average_age=data["average_age"],
                    note=data["note"],
                )
            except ImportInvalid as invalid:
                for error in invalid.errors:
                    form.add_error(None, error.message)
            else:
                label = year_label(data["year"])
                messages.success(
                    request,
                    _("%(year)sの保護司の数を更新しました。") % {"year": label}
                    if updated
                    else _("%(year)sの保護司の数を登録しました。") % {"year": label},
                )
                return redirect("volunteers:officers")
    return render(
        request,
        "campaigns/volunteers/officers.html",
        {
            "figures": figures,
            "form": form,
            "count_chart": charts.count_chart(figures),
            "age_chart": charts.age_chart(figures),
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- recruitment activities -----------------------------------------------------------------


def _listing(request):
    local_government = staff_local_government(request)
    form = RecruitmentFilterForm(
        request.GET or None, years=selectors.fiscal_years(local_government)
    )
    filters = form.filters()
    sort = request.GET.get("sort", "-held_on")
    if sort not in selectors.SORTS:
        sort = "-held_on"
    items = selectors.activities(local_government, sort=sort, **filters)
    return local_government, form, filters, sort, items


@roles_required(Role.SECRETARIAT)
def recruitment(request):
    local_government, form, filters, sort, items = _listing(request)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, count_text(item.kind, item.count)) for item in page.object_list]
    return render(
        request,
        "campaigns/volunteers/recruitment.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query_without(request),
            "csv_query": query_without(request, "sort"),
            "sort_links": sort_links(
                request,
                sort,
                {
                    "held_on": ("-held_on", "held_on"),
                    "kind": ("kind", None),
                    "count": ("-count", "count"),
                },
            ),
            "filtered": bool(filters["fiscal_year"] or filters["kind"]),
            "totals": selectors.totals_by_fiscal_year(local_government),
        },
    )


@export("csv")
@roles_required(Role.SECRETARIAT)
def recruitment_csv(request):
    _local_government, _form, _filters, _sort, items = _listing(request)
    header = [
        _("実施日"),
        _("年度"),
        _("種類"),
        _("対象・相手"),
        _("数"),
        _("報告する計画の取組"),
        _("メモ"),
    ]
    rows = (
        [
            item.held_on.isoformat(),
            fiscal_year_label(fiscal_year_of(item.held_on)),
            item.get_kind_display(),
            item.audience,
            item.count,
            selectors.measure_label(item.measure) if item.measure_id else "",
            item.note,
        ]
        for item in items
    )
    return csv_response(rows, "recruitment-activities.csv", header=header)


def _form_page(request, form, activity):
    return render(
        request,
        "campaigns/volunteers/recruitment_form.html",
        {"form": form, "activity": activity},
        status=400 if form.errors else 200,
    )


@roles_required(Role.SECRETARIAT)
def recruitment_create(request):
    local_government = staff_local_government(request)
    form = RecruitmentForm(request.POST or None, local_government=local_government)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.recruitment_activity_create(
                actor=request.user, local_government=local_government, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("「%(kind)s」の記録を登録しました。") % {"kind": activity.get_kind_display()},
            )
            return redirect("volunteers:recruitment")
    return _form_page(request, form, None)


@roles_required(Role.SECRETARIAT)
def recruitment_edit(request, pk: int):
    activity = selectors.activity_for(request.user, pk)
    form = RecruitmentForm(
        request.POST or None, local_government=activity.local_government, activity=activity
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.recruitment_activity_update(
                actor=request.user, activity=activity, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("記録を更新しました。"))
            return redirect("volunteers:recruitment")
    return _form_page(request, form, activity)


@roles_required(Role.SECRETARIAT)
def recruitment_delete(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    activity = selectors.activity_for(request.user, pk)
    services.recruitment_activity_delete(actor=request.user, activity=activity)
    messages.success(request, _("記録を削除しました。"))
    return redirect("volunteers:recruitment")


# --- the volunteers' home page --------------------------------------------------------------


@roles_required(Role.VOLUNTEER, Role.PARTNER)
def home(request):
    local_government = staff_local_government(request)
    return render(
        request,
        "campaigns/volunteers/home.html",
        {
            "groups": home_groups(request.user, local_government),
            "search_url": search_url(local_government),
        },
    )
