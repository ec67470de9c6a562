"""The two engines for real, once each: django-tasks' database backend with its worker
(`manage.py jobs_worker --batch`), and Celery through the Redis broker at 127.0.0.1:6379."""

import os
import socket
import time
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from core.jobs import services
from core.jobs.models import Job
from core.tests.factories import LocalGovernmentFactory

S = Job.Status


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_holds_the_job_until_the_worker_runs_it(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    local_government = LocalGovernmentFactory()
    job = services.enqueue("test.succeeds", local_government=local_government)  # autocommit
    assert DBTaskResult.objects.count() == 1
    assert Job.objects.get(pk=job.pk).status == S.QUEUED  # nothing ran yet
    call_command("jobs_worker", batch=True)
    job.refresh_from_db()
    assert (job.status, job.progress, job.result_name) == (S.SUCCEEDED, 100, "result.csv")
    assert job.result_file.read() == b"a,b\n1,2\n"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db(transaction=True)
def test_celery_runs_the_job_through_the_redis_broker(settings):
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running at 127.0.0.1:6379 (CI needs it for this test)")
        pytest.skip("Redis is not running at 127.0.0.1:6379: the Celery engine is not tested")
    if connection.vendor == "sqlite":
        # the worker's thread must see the job: a shared-cache in-memory database it can open
        assert connection.is_in_memory_db()
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    queue = f"tsunagu-test-{uuid.uuid4().hex[:8]}"  # this run's own queue on a shared Redis
    # (the app reads Django's settings under the CELERY_ namespace: override those keys)
    keys = ("CELERY_BROKER_URL", "CELERY_TASK_DEFAULT_QUEUE", "CELERY_TASK_ALWAYS_EAGER")
    saved = {key: app.conf.get(key) for key in keys}
    app.conf.update(dict(zip(keys, ("redis://127.0.0.1:6379/15", queue, False), strict=True)))
    settings.TSUNAGU_JOBS_ENGINE = "celery"
    local_government = LocalGovernmentFactory()
    try:
        with start_worker(
            app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=10
        ):
            job = services.enqueue("test.succeeds", local_government=local_government)
            for _ in range(100):  # up to 10 s
                job.refresh_from_db()
                if job.is_finished:
                    break
                time.sleep(0.1)
    finally:
        app.conf.update(saved)
    assert (job.status, job.result_name) == (S.SUCCEEDED, "result.csv")
