import datetime

from django.core.management.base import BaseCommand, CommandError

from pdca.reminders.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the departments whose progress reports are not submitted, on the configured "
        "days before and after each open cycle's deadline. Safe to run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="list, send nothing")

    def handle(self, *args, date=None, dry_run=False, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from None
        sent = send_reminders(today, dry_run=dry_run)
        for item in sent:
            to = ", ".join(item.recipients) or "(no address on file)"
            self.stdout.write(
                f"{item.cycle.local_government.name} FY{item.cycle.fiscal_year} "
                f"{item.department_name}: {item.pending} pending -> {to}"
            )
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(f"{verb} {len(sent)} department(s)")
