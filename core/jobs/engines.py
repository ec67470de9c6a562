"""The engines behind core.jobs (settings.TSUNAGU_JOBS_ENGINE): "tasks" hands the job's id to
django-tasks (the database backend and `manage.py db_worker` in the embedded default; the
immediate backend in tests), "celery" to Celery over Redis (config/celery.py). Both run
core.jobs.runner.run_job(id); retries and their backoff are core.jobs' own, the same on both:
a failed try that may be retried is handed back to the engine with a delay."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.jobs.runner import run_job

TASKS = "tasks"
CELERY = "celery"
ENGINES = (TASKS, CELERY)


def dispatch(job_id: int, delay_seconds: int = 0) -> None:
    """Hand the job to the engine, to run after `delay_seconds`."""
    engine = settings.TSUNAGU_JOBS_ENGINE
    if engine == CELERY:
        run_job_celery.apply_async(args=[job_id], countdown=delay_seconds or None)
    elif engine == TASKS:
        runner = run_job_task
        if delay_seconds and runner.get_backend().supports_defer:
            runner = runner.using(
                run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds)
            )
        runner.enqueue(job_id)
    else:
        raise ValueError(f"unknown TSUNAGU_JOBS_ENGINE {engine!r}")


def _run(job_id: int) -> None:
    retry_in = run_job(job_id)
    if retry_in is not None:
        dispatch(job_id, retry_in)


@task()
def run_job_task(job_id: int) -> None:
    """The django-tasks task."""
    _run(job_id)


# acks_late + reject_on_worker_lost: a worker killed mid-job leaves the message to Redis,
# which hands it to another worker; the job's own claim (runner.claim) keeps it from running
# twice at once, and recover_jobs catches what is left running (docs/adr/0013).
@shared_task(name="tsunagu.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job_celery(job_id: int) -> None:
    """The Celery task."""
    _run(job_id)
