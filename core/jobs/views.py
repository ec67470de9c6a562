"""A background job's page (progress bar, polled by HTMX; a refresh link without script), its
status fragment, its result, and the secretariat's failed jobs with retry."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import roles_required
from core.jobs import access, registry
from core.jobs.services import retry_job
from core.roles import Role

ALL_STAFF = tuple(Role)


def _context(job):
    kind = registry.kinds().get(job.kind)
    return {"job": job, "label": kind.label if kind else job.kind}


@roles_required(*ALL_STAFF)
def detail(request, pk: int):
    job = access.visible_job(request.user, pk)
    return render(
        request,
        "core/jobs/detail.html",
        {
            **_context(job),
            "can_download": access.can_download(request.user, job),
            "can_retry": access.can_retry(request.user, job),
        },
    )


@roles_required(*ALL_STAFF)
def status(request, pk: int):
    job = access.visible_job(request.user, pk)
    return render(
        request,
        "core/jobs/_status.html",
        {**_context(job), "can_download": access.can_download(request.user, job)},
    )


@roles_required(*ALL_STAFF)
def download(request, pk: int):
    job = access.visible_job(request.user, pk)
    if not access.can_download(request.user, job) or not job.result_file:
        raise Http404("no result")
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)


@roles_required(Role.SECRETARIAT, Role.SYSTEM_ADMIN)
def failed(request):
    jobs = access.failed_jobs(request.user)[:200]
    kinds = registry.kinds()
    rows = [(job, kinds[job.kind].label if job.kind in kinds else job.kind) for job in jobs]
    return render(
        request,
        "core/jobs/failed.html",
        {"rows": rows, "all_bodies": request.user.role == Role.SYSTEM_ADMIN},
    )


@require_POST
@roles_required(Role.SECRETARIAT, Role.SYSTEM_ADMIN)
def retry(request, pk: int):
    job = access.visible_job(request.user, pk)
    if not access.can_retry(request.user, job):
        raise Http404("no such job")
    if job.status == job.Status.FAILED:
        retry_job(job, actor=request.user)
        messages.success(request, _("処理をもう一度実行します。"))
    return redirect("background_jobs:detail", pk=job.pk)
