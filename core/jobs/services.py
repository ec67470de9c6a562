"""Writes of background jobs: enqueue one, retry a failed one, recover the ones a stopped
worker left behind. Apps call `enqueue`; the job's code calls `progress` (runner)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.jobs import registry
from core.jobs.engines import dispatch
from core.jobs.models import Job
from core.jobs.runner import report_progress

__all__ = ["enqueue", "recover_stale_jobs", "report_progress", "retry_job"]

S = Job.Status


def enqueue(kind: str, *, local_government, created_by=None, params: dict | None = None) -> Job:
    """Record a job of `kind` and hand it to the engine once the transaction commits. `params`
    is JSON naming records (ids, a year), never a person's data."""
    job_kind = registry.get(kind)
    params = params or {}
    json.dumps(params)  # refused here, not in the worker
    job = Job.objects.create(
        local_government=local_government,
        kind=job_kind.name,
        params=params,
        max_attempts=job_kind.max_attempts,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


@transaction.atomic
def retry_job(job: Job, *, actor) -> Job:
    """Queue a failed job again, with its full number of tries."""
    if job.status != S.FAILED:
        raise ValueError("only a failed job is retried")
    Job.objects.filter(pk=job.pk).update(
        status=S.QUEUED, attempts=0, progress=0, message="", finished_at=None, run_after=None
    )
    audit.record(
        actor=actor,
        action="jobs.retry",
        local_government=job.local_government,
        obj=job,
        changes={"status": {"before": S.FAILED, "after": S.QUEUED}},
    )
    transaction.on_commit(lambda: dispatch(job.pk))
    job.refresh_from_db()
    return job


@dataclass
class Recovered:
    requeued: list[int]
    failed: list[int]
    redispatched: list[int]


def recover_stale_jobs(now: datetime.datetime | None = None) -> Recovered:
    """Jobs a stopped worker left: a running job silent for TSUNAGU_JOBS_STALE_SECONDS is
    queued again when it has tries left, else failed (visible on the failed-jobs page); a
    queued job nobody took for that long (its message lost) is handed to the engine again.
    Never silently lost: see docs/adr/0013-background-jobs.md."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.TSUNAGU_JOBS_STALE_SECONDS)
    outcome = Recovered([], [], [])
    stale = Job.objects.filter(status=S.RUNNING, heartbeat_at__lt=cutoff)
    for job in stale:
        if job.attempts < job.max_attempts:
            moved = Job.objects.filter(pk=job.pk, status=S.RUNNING).update(
                status=S.QUEUED, message=_("処理が止まったため、やり直します。")
            )
            if moved:
                outcome.requeued.append(job.pk)
        else:
            moved = Job.objects.filter(pk=job.pk, status=S.RUNNING).update(
                status=S.FAILED,
                finished_at=now,
                message="",
                error=_("処理中に作業プロセスが停止しました。再実行してください。"),
            )
            if moved:
                outcome.failed.append(job.pk)
    forgotten = Job.objects.filter(status=S.QUEUED, created_at__lt=cutoff).exclude(
        run_after__gt=now
    )
    outcome.redispatched = list(forgotten.values_list("pk", flat=True))
    for pk in [*outcome.requeued, *outcome.redispatched]:
        dispatch(pk)
    return outcome
