# The Celery app, so that the jobs' task is bound to it wherever Django starts (docs/jobs.md).
from config.celery import app as celery_app

__all__ = ("celery_app",)
