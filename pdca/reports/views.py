"""Progress reports in the back office: the list of a cycle's reports (with its CSV), a
report's page, writing it, the secretariat's review, and the comparison with last year."""

from __future__ import annotations

import difflib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.params import MAX_ID, id_param, int_param
from pdca import access, selectors
from pdca.models import EVALUATION_DEFINITIONS, Evaluation, ProgressReport
from pdca.reports import services
from pdca.reports.facts import measure_facts
from pdca.reports.forms import ReportForm, ReviewForm
from plans.models import Department

REPORT_PAGE_SIZE = 50


SORTS = {
    "measure": (
        "measure__area__pillar__number",
        "measure__area__number",
        "measure__number",
        "department__position",
    ),
    "department": (
        "department__position",
        "department__name",
        "measure__area__pillar__number",
        "measure__area__number",
        "measure__number",
    ),
    "status": (
        "status",
        "measure__area__pillar__number",
        "measure__area__number",
        "measure__number",
    ),
    "updated": ("-updated_at", "pk"),
}


@export("csv", query="format=csv")
@roles_required(Role.SECRETARIAT, Role.DEPARTMENT)
def report_list(request, pk: int):
    local_government = staff_local_government(request)
    cycle = selectors.cycle(local_government, pk)
    reports = selectors.reports_for(request.user, cycle)
    status = request.GET.get("status", "")
    if status in ProgressReport.Status.values:
        reports = reports.filter(status=status)
    department = id_param(request.GET, "department")
    if department is not None:
        reports = reports.filter(department_id=department)
    pillar = int_param(request.GET, "pillar", minimum=1, maximum=999)
    if pillar is not None:
        reports = reports.filter(measure__area__pillar__number=pillar)
    sort = request.GET.get("sort", "measure")
    reports = reports.order_by(*SORTS.get(sort, SORTS["measure"]))
    if request.GET.get("format") == "csv":
        return _reports_csv(cycle, reports)
    page = Paginator(reports, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {
        k: v
        for k, v in {
            "status": status,
            "department": department,
            "pillar": pillar,
            "sort": sort,
        }.items()
        if v
    }
    departments = []
    if request.user.role == Role.SECRETARIAT:
        departments = (
            Department.objects.filter(
                progress_reports__cycle=cycle, kind=Department.Kind.DEPARTMENT
            )
            .select_related("parent")
            .distinct()
            .order_by("position", "name")
        )
    return render(
        request,
        "pdca/report_list.html",
        {
            "cycle": cycle,
            "page": page,
            "statuses": ProgressReport.Status.choices,
            "departments": departments,
            "pillars": cycle.plan.pillars.order_by("number"),
            "filters": filters,
            "extra": urlencode(filters),
            "sort": sort,
            "overdue": selectors.is_overdue(cycle),
        },
    )


def _reports_csv(cycle, reports):
    header = [
        _("節"),
        _("取組分野"),
        _("番号"),
        _("取組"),
        _("担当課"),
        _("状態"),
        _("自己評価"),
        _("実施内容"),
        _("実績"),
        _("課題"),
        _("今後の方向性"),
        _("提出回数"),
    ]
    rows = (
        [
            item.measure.area.pillar.number,
            item.measure.area.number,
            item.measure.number,
            item.measure.title,
            item.department.full_name,
            item.get_status_display(),
            item.get_evaluation_display(),
            item.actions,
            item.results,
            item.issues,
            item.next_steps,
            item.version,
        ]
        for item in reports
    )
    return csv_response(rows, f"progress-reports-{cycle.fiscal_year}.csv", header=header)


def _report_context(request, report, **extra):
    versions = list(
        report.versions.select_related("submitted_by", "reviewed_by").order_by("-number")
    )
    return {
        "report": report,
        "cycle": report.cycle,
        "versions": versions,
        "can_write": access.can_write_report(request.user, report) and report.is_editable,
        "can_review": access.can_review(request.user, report.local_government)
        and report.status == ProgressReport.Status.SUBMITTED,
        "definitions": [
            (label, EVALUATION_DEFINITIONS[value]) for value, label in Evaluation.choices
        ],
        # what other apps recorded for this measure in the cycle's year, to cite
        "facts": measure_facts(report.measure, report.cycle.fiscal_year),
        **extra,
    }


@roles_required(Role.SECRETARIAT, Role.DEPARTMENT)
def report_detail(request, pk: int):
    report = selectors.report(request.user, pk)
    context = _report_context(request, report)
    if context["can_write"]:
        return redirect("pdca:report_edit", pk=report.pk)
    if context["can_review"]:
        context["review_form"] = ReviewForm()
    return render(request, "pdca/report_detail.html", context)


@roles_required(Role.DEPARTMENT)
def report_edit(request, pk: int):
    report = selectors.report(request.user, pk)
    if not access.can_write_report(request.user, report):
        raise PermissionDenied
    if not report.is_editable:
        messages.info(
            request,
            _("この報告は「%(status)s」のため編集できません。")
            % {"status": report.get_status_display()},
        )
        return redirect("pdca:report_detail", pk=report.pk)
    initial = {name: getattr(report, name) for name in ProgressReport.CONTENT_FIELDS}
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_save(
                actor=request.user, report=report, data=form.service_data()
            )
            if "submit" in request.POST:
                report = services.report_submit(actor=request.user, report=report)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if report.status == ProgressReport.Status.SUBMITTED:
                messages.success(request, _("報告を提出しました。事務局の確認をお待ちください。"))
                return redirect("pdca:report_list", pk=report.cycle_id)
            messages.success(request, _("下書きを保存しました。"))
            return redirect("pdca:report_edit", pk=report.pk)
    context = _report_context(request, report, form=form)
    return render(request, "pdca/report_edit.html", context, status=400 if form.errors else 200)


@roles_required(Role.SECRETARIAT)
def report_review(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = selectors.report(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accepted":
                services.report_accept(
                    actor=request.user, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("報告を承認しました。"))
            else:
                services.report_return(
                    actor=request.user, report=report, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("報告を差し戻しました。担当課に修正を依頼しています。"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            next_pending = (
                ProgressReport.objects.filter(
                    cycle_id=report.cycle_id, status=ProgressReport.Status.SUBMITTED
                )
                .order_by(
                    "measure__area__pillar__number",
                    "measure__area__number",
                    "measure__number",
                    "pk",
                )
                .values_list("pk", flat=True)
                .first()
            )
            if next_pending:
                return redirect("pdca:report_detail", pk=next_pending)
            return redirect(
                reverse("pdca:report_list", kwargs={"pk": report.cycle_id}) + "?status=submitted"
            )
    report.refresh_from_db()
    context = _report_context(request, report, review_form=form)
    return render(request, "pdca/report_detail.html", context, status=400)


def _diff_html(before: str, after: str) -> str:
    """A word-level comparison of two texts as <del>/<ins> (escaped)."""
    matcher = difflib.SequenceMatcher(a=before or "", b=after or "", autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(before[a1:a2]))
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(before[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(after[b1:b2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def _figures_text(figures) -> str:
    return "\n".join(
        f"{f.get('label')}: {f.get('value')} {f.get('unit')}".strip() for f in figures or []
    )


@roles_required(Role.SECRETARIAT, Role.DEPARTMENT)
def report_compare(request, pk: int):
    report = selectors.report(request.user, pk)
    versions = {v.number: v for v in report.versions.all()}
    if not versions:
        raise Http404("nothing submitted yet")

    def number(name, default):
        value = int_param(request.GET, name, minimum=1, maximum=MAX_ID)
        return value if value in versions else default

    newest = max(versions)
    b = number("b", newest)
    a = number("a", max(b - 1, min(versions)))
    older, newer = versions[a], versions[b]
    labels = dict(
        actions=_("実施内容"),
        results=_("実績"),
        figures=_("実績の数値"),
        evaluation=_("自己評価"),
        issues=_("課題"),
        next_steps=_("今後の方向性"),
    )
    rows = []
    for name, label in labels.items():
        old_value, new_value = getattr(older, name), getattr(newer, name)
        if name == "figures":
            old_value, new_value = _figures_text(old_value), _figures_text(new_value)
        rows.append((label, old_value != new_value, _diff_html(old_value, new_value)))
    return render(
        request,
        "pdca/report_compare.html",
        {
            "report": report,
            "older": older,
            "newer": newer,
            "rows": rows,
            "numbers": sorted(versions),
        },
    )
