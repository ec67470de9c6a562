"""Recover background jobs a stopped worker left (core.jobs.services.recover_stale_jobs):
run from cron or a systemd timer every few minutes, and by every worker as it starts."""

from django.core.management.base import BaseCommand

from core.jobs.services import recover_stale_jobs


class Command(BaseCommand):
    help = "Queue again (or mark failed) the background jobs a stopped worker left running."

    def handle(self, *args, **options):
        outcome = recover_stale_jobs()
        self.stdout.write(
            f"requeued {len(outcome.requeued)}, failed {len(outcome.failed)}, "
            f"handed to the engine again {len(outcome.redispatched)}"
        )
