"""Delete or anonymise the records that have outlived their retention period.

    manage.py apply_retention            # dry run: what would be done, nothing changes
    manage.py apply_retention --apply    # do it (daily from cron; docs/encryption.md)

The periods are settings.TSUNAGU_RETENTION; the rules are registered by the apps
(core/retention.py). Every batch done writes one audit entry with the ids it deleted or
anonymised. Safe to run again: what was dealt with is not expired any more."""

from django.core.management.base import BaseCommand, CommandError

from core import retention

PREVIEW_IDS = 20


class Command(BaseCommand):
    help = "Delete or anonymise expired records (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Act (default: dry run).")
        parser.add_argument("--batch-size", type=int, default=retention.BATCH_SIZE)

    def handle(self, *args, apply: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        for kind in retention.unknown_kinds():
            self.stderr.write(f"TSUNAGU_RETENTION names {kind}, which no app registers.")
        verb = {
            retention.DELETE: "deleted" if apply else "would delete",
            retention.ANONYMISE: "anonymised" if apply else "would anonymise",
        }
        for outcome in retention.run(apply=apply, batch_size=batch_size):
            rule = outcome.rule
            if outcome.days is None:
                self.stdout.write(f"{rule.kind}: no period in TSUNAGU_RETENTION; kept.")
                continue
            ids = ", ".join(str(pk) for pk in outcome.ids[:PREVIEW_IDS])
            more = " …" if len(outcome.ids) > PREVIEW_IDS else ""
            line = f"{rule.kind} (after {outcome.days} days): {verb[rule.action]} "
            self.stdout.write(line + f"{len(outcome.ids)}" + (f" [{ids}{more}]" if ids else ""))
            if outcome.kept:
                self.stdout.write(
                    f"  kept {len(outcome.kept)} still referenced by other records: "
                    + ", ".join(str(pk) for pk in outcome.kept[:PREVIEW_IDS])
                )
        if not apply:
            self.stdout.write("Dry run: nothing changed. Run with --apply to act.")
