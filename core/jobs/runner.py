"""Running one job (what every engine calls) and its progress. A job is claimed before it
runs (queued → running in one UPDATE), so a message the engine delivers twice runs it once."""

from __future__ import annotations

import datetime
import logging

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import registry
from core.jobs.models import Job

logger = logging.getLogger(__name__)

S = Job.Status


def claim(job_id: int) -> Job | None:
    """Mark a queued job running (one more attempt) and return it; None if it is not queued
    (another worker has it, or it is finished)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=S.QUEUED).update(
        status=S.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        run_after=None,
    )
    return Job.objects.get(pk=job_id) if claimed else None


def report_progress(job: Job, percent: int, message: str = "") -> None:
    """Record how far the job has come (0–100) with a short message; it also tells
    recover_jobs the worker is alive. Call it outside the job's write transaction: inside, it
    is seen only when that commits."""
    percent = max(0, min(100, int(percent)))
    job.progress, job.message = percent, str(message)[:200]
    Job.objects.filter(pk=job.pk, status=S.RUNNING).update(
        progress=job.progress, message=job.message, heartbeat_at=timezone.now()
    )


def run_job(job_id: int) -> int | None:
    """Run the job if it is queued. Return the seconds to wait before the next try when this
    one failed and may be retried, else None."""
    job = claim(job_id)
    if job is None:
        return None
    kind = registry.get(job.kind)
    try:
        output = kind.run(job, lambda percent, message="": report_progress(job, percent, message))
    except registry.Rejected as rejected:
        _finish_failed(job, rejected.message)
        return None
    except Exception as error:  # noqa: BLE001  (any failure of the job's own code is recorded)
        # The class only: an exception's text may quote personal data (an address refused).
        logger.warning(
            "job %s (%s) attempt %s failed: %s",
            job.pk,
            job.kind,
            job.attempts,
            type(error).__name__,
            exc_info=True,
        )
        summary = _("処理中にエラーが発生しました（%(error)s）。") % {"error": type(error).__name__}
        if job.attempts < job.max_attempts:
            delay = kind.backoff_seconds * 2 ** (job.attempts - 1)
            Job.objects.filter(pk=job.pk).update(
                status=S.QUEUED,
                error=summary,
                message=_("再試行を待っています。"),
                run_after=timezone.now() + datetime.timedelta(seconds=delay),
            )
            return delay
        _finish_failed(job, summary)
        return None
    _finish_succeeded(job, output or registry.Output())
    return None


def _finish_succeeded(job: Job, output: registry.Output) -> None:
    job.status = S.SUCCEEDED
    job.progress = 100
    job.message = output.message[:200] or _("完了しました。")
    job.result_url = output.url
    job.error = ""
    job.finished_at = timezone.now()
    if output.content is not None:
        job.result_name = output.file_name
        job.result_file.save(
            f"jobs/{job.pk}/{output.file_name}", ContentFile(output.content), save=False
        )
    job.save(
        update_fields=[
            "status",
            "progress",
            "message",
            "result_url",
            "result_name",
            "result_file",
            "error",
            "finished_at",
        ]
    )


def _finish_failed(job: Job, error: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=S.FAILED, error=error, finished_at=timezone.now(), message=""
    )
