"""Statistics for the secretariat: the series with their value counts, and the import of
values from a CSV or Excel file (all or nothing, with a row-by-row report of problems)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import roles_required
from core.jobs.services import enqueue
from core.roles import Role
from core.tenancy import staff_local_government
from core.uploads import error_report
from core.web.exports import csv_response, export
from stats import selectors, services
from stats.forms import ValuesUploadForm
from stats.importer import VALUE_COLUMNS, ImportInvalid
from stats.jobs import TEMPLATE_JOB


@roles_required(Role.SECRETARIAT)
def index(request):
    local_government = staff_local_government(request)
    return render(
        request,
        "stats/admin_index.html",
        {"series_list": selectors.series_with_counts(local_government)},
    )


@roles_required(Role.SECRETARIAT)
def import_values(request):
    local_government = staff_local_government(request)
    is_post = request.method == "POST"
    form = ValuesUploadForm(request.POST, request.FILES) if is_post else ValuesUploadForm()
    errors = None
    if is_post and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.statistics_import_file(
                actor=request.user,
                local_government=local_government,
                filename=upload.name,
                content=form.cleaned_data["content"],
            )
        except ImportInvalid as invalid:
            errors = invalid.errors
        else:
            counts = result.counts
            messages.success(
                request,
                _(
                    "%(file)s の%(rows)s行を取り込みました（追加 %(created)s・更新 %(updated)s・"
                    "変更なし %(unchanged)s）。"
                )
                % {
                    "file": upload.name,
                    "rows": counts["rows"],
                    "created": counts["created"],
                    "updated": counts["updated"],
                    "unchanged": counts["unchanged"],
                },
            )
            return redirect("stats_admin:index")
    return render(
        request,
        "stats/admin_import.html",
        {"form": form, "columns": VALUE_COLUMNS, **error_report(errors or [])},
    )


@export("csv")
@roles_required(Role.SECRETARIAT)
def template_csv(request):
    """The import template: the header and every stored value, ready to edit and upload."""
    local_government = staff_local_government(request)
    rows = selectors.template_rows(local_government)
    return csv_response(rows, selectors.template_file_name(local_government), header=VALUE_COLUMNS)


@require_POST
@roles_required(Role.SECRETARIAT)
def template_job(request):
    """Make the template (every stored value) in the background; the job's page has the file."""
    job = enqueue(
        TEMPLATE_JOB, local_government=staff_local_government(request), created_by=request.user
    )
    return redirect("background_jobs:detail", pk=job.pk)
