"""The compiled progress report (進捗状況報告書): the secretariat's preview and downloads of
the staff version, and the public pages and downloads of the accepted reports."""

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import public, roles_required
from core.jobs.services import enqueue
from core.roles import Role
from core.tenancy import local_government_from_slug, staff_local_government
from core.web.exports import export
from core.web.pagecache import cache_public_page
from pdca import access
from pdca.compiled.compile import (
    compile_report,
    public_cycle,
    public_cycles,
    report_pdf,
    report_xlsx,
    staff_cycle,
    staff_cycles,
)
from pdca.compiled.data import CompiledReport
from pdca.compiled.jobs import FORMATS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _download(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


def evaluation_chart(report: CompiledReport) -> dict:
    """A Chart.js stacked bar chart of the evaluation distribution per pillar."""
    return {
        "type": "bar",
        "data": {
            "labels": [pillar.label for pillar in report.pillars],
            "datasets": [
                {
                    "label": column.label,
                    "data": [pillar.evaluation_counts[column.key] for pillar in report.pillars],
                    "color": column.colour,
                }
                for column in report.evaluation_columns
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {
                "x": {
                    "stacked": True,
                    "ticks": {"precision": 0},
                    "title": {"display": True, "text": _("件")},
                },
                "y": {"stacked": True},
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


# --- staff ----------------------------------------------------------------------------------


def _staff_local_government(request):
    local_government = staff_local_government(request)
    if not access.can_review(request.user, local_government):
        raise PermissionDenied
    return local_government


@roles_required(Role.SECRETARIAT)
def index(request):
    local_government = _staff_local_government(request)
    return render(
        request, "pdca/compiled/staff_index.html", {"cycles": staff_cycles(local_government)}
    )


@roles_required(Role.SECRETARIAT)
def detail(request, pk: int):
    cycle = staff_cycle(_staff_local_government(request), pk)
    report = compile_report(cycle)
    return render(
        request,
        "pdca/compiled/staff_detail.html",
        {"cycle": cycle, "report": report, "chart": evaluation_chart(report)},
    )


@export("xlsx")
@roles_required(Role.SECRETARIAT)
def xlsx(request, pk: int):
    report = compile_report(staff_cycle(_staff_local_government(request), pk))
    return _download(report_xlsx(report), XLSX, report.file_name("xlsx"))


@roles_required(Role.SECRETARIAT)
def pdf(request, pk: int):
    report = compile_report(staff_cycle(_staff_local_government(request), pk))
    return _download(report_pdf(report), PDF, report.file_name("pdf"))


@require_POST
@roles_required(Role.SECRETARIAT)
def generate(request, pk: int, file_format: str):
    """Start the staff version's PDF or Excel as a background job; its page shows progress."""
    if file_format not in FORMATS:
        raise Http404("no such format")
    local_government = _staff_local_government(request)
    cycle = staff_cycle(local_government, pk)
    job = enqueue(
        FORMATS[file_format],
        local_government=local_government,
        created_by=request.user,
        params={"cycle": cycle.pk},
    )
    return redirect("background_jobs:detail", pk=job.pk)


# --- public ---------------------------------------------------------------------------------


@public
@cache_public_page
def public_index(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    return render(
        request,
        "pdca/compiled/public_index.html",
        {"cycles": public_cycles(local_government)},
    )


@public
@cache_public_page
def public_year(request, lg: str, year: str):
    local_government = local_government_from_slug(request, lg)
    report = compile_report(public_cycle(local_government, int(year)), public=True)
    return render(
        request,
        "pdca/compiled/public_year.html",
        {"report": report, "chart": evaluation_chart(report)},
    )


def _public_file(request, lg: str, year: str, extension: str, build, content_type: str):
    """The public file of a year, kept in the cache until the local government's public
    content changes (a PDF takes seconds to print)."""
    local_government = local_government_from_slug(request, lg)
    cycle = public_cycle(local_government, int(year))
    key = (
        f"progress-file:{local_government.pk}:{local_government.content_revision}:"
        f"{cycle.pk}:{extension}"
    )
    cache = caches["default"]
    stored = cache.get(key) if settings.TSUNAGU_PAGE_CACHE_SECONDS else None
    if stored is None:
        report = compile_report(cycle, public=True)
        stored = (build(report), report.file_name(extension))
        if settings.TSUNAGU_PAGE_CACHE_SECONDS:
            cache.set(key, stored, settings.TSUNAGU_PAGE_CACHE_SECONDS)
    content, file_name = stored
    return _download(content, content_type, file_name)


@export("xlsx")
@public
def public_xlsx(request, lg: str, year: str):
    return _public_file(request, lg, year, "xlsx", report_xlsx, XLSX)


@public
def public_pdf(request, lg: str, year: str):
    return _public_file(request, lg, year, "pdf", report_pdf, PDF)
