"""The Celery app of the production engine (TSUNAGU_JOBS_ENGINE=celery; docs/jobs.md):
`celery -A config worker`. Its one task runs a core.jobs Job by id."""

import os

from celery import Celery
from celery.signals import worker_ready
from django.core.management import call_command

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tsunagu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.include = ["core.jobs.engines"]


@worker_ready.connect
def _recover_jobs(**_kwargs):
    """A worker starting after a crash picks up what the crashed one left running."""
    call_command("recover_jobs")
