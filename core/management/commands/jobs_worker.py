"""The embedded engine's worker: recover what a previous worker left, then run django-tasks'
database worker (`manage.py db_worker`) on the jobs' queue. `make run` starts it beside the
web server; production with TSUNAGU_JOBS_ENGINE=celery runs `celery -A config worker`."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background jobs (embedded engine): recover_jobs, then db_worker."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, batch=False, interval=1.0, **options):
        if settings.TSUNAGU_JOBS_ENGINE != "tasks":
            raise CommandError("JOBS_ENGINE is not 'tasks': run `celery -A config worker`.")
        call_command("recover_jobs", stdout=self.stdout)
        worker_options = {"interval": interval, "reload": False, "startup_delay": False}
        if batch:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)
