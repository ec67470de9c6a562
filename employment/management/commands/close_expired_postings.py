"""Close the published postings whose end date has passed (run it daily from cron; running
it twice closes nothing more). Pages already show such postings as closed; this makes the
status say so too, with an audit entry per local government."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from employment.postings.services import close_expired_postings


class Command(BaseCommand):
    help = "Close published job postings whose end date (ends_on) is before today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="treat this day (YYYY-MM-DD) as today (default: today in Asia/Tokyo)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be closed, change nothing"
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        closed = close_expired_postings(today=today, dry_run=dry_run)
        if options["verbosity"] < 1:
            return
        verb = "would close" if dry_run else "closed"
        for local_government, count in closed.items():
            self.stdout.write(f"{local_government.slug}: {verb} {count}")
        self.stdout.write(f"{verb} {sum(closed.values())} expired postings")
