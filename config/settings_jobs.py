"""The background jobs' settings, imported by config/settings.py (docs/jobs.md)."""

from django.core.exceptions import ImproperlyConfigured

from core.env import env_int, env_str

# --- background jobs (core/jobs; docs/jobs.md, docs/adr/0013-background-jobs.md) -------------
# One interface (core.jobs.services.enqueue), two engines: "tasks" (the embedded default:
# django-tasks with its database backend, run by `manage.py jobs_worker`, which `make run`
# starts beside the web server) and "celery" (production over several worker machines: Celery
# with Redis at JOBS_BROKER_URL, `celery -A config worker`).
TSUNAGU_JOBS_ENGINE = env_str("JOBS_ENGINE", "tasks")
if TSUNAGU_JOBS_ENGINE not in ("tasks", "celery"):
    raise ImproperlyConfigured("JOBS_ENGINE must be 'tasks' or 'celery'")
TASKS = {
    "default": {
        "BACKEND": env_str("JOBS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A running job that has not reported progress for this long is taken for one whose worker
# died: `manage.py recover_jobs` (run by jobs_worker at start, by Celery's worker at start,
# and from cron or a systemd timer every few minutes) queues it again or marks it failed.
TSUNAGU_JOBS_STALE_SECONDS = env_int("JOBS_STALE_SECONDS", 15 * 60, minimum=60)
CELERY_BROKER_URL = env_str("JOBS_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("JOBS_CELERY_QUEUE", "tsunagu")
# No Celery result backend: a job's outcome is its Job row.
CELERY_TASK_IGNORE_RESULT = True
# ----------------------------------------------------------------------------------------------
