"""Restore a backup made by `manage.py backup`: check it against its manifest (a backup that
does not match is refused and nothing changes), ask, replace the database and the uploaded
files, then compare the rows per table, the files and the audit chains with the manifest.

    manage.py restore /srv/backups/tsunagu/tsunagu-backup-20261208T021500Z [--yes]
    manage.py restore backup.tar --check        # only check the backup; change nothing

Stop the application (and its workers) first: the restore replaces everything."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupInvalid, check_backup, opened, refusals, restore_backup
from core.backup.databases import DatabaseToolError


class Command(BaseCommand):
    help = "Restore a backup (database and uploaded files), then verify it (docs/backup.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a backup folder or .tar made by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument(
            "--check", action="store_true", help="only check the backup against its manifest"
        )

    def handle(self, *args, path, yes, check, **options):
        try:
            with opened(path) as folder:
                manifest = check_backup(folder)
                self.stdout.write(
                    f"backup of {manifest['created_at']} ({manifest['database']['vendor']}): "
                    f"{len(manifest['files'])} files match the manifest"
                )
                if check:
                    return
                problems = refusals(manifest)
                if problems:
                    raise CommandError(
                        "this backup cannot be restored here; nothing was changed:\n  "
                        + "\n  ".join(problems)
                    )
                if not yes and not self._confirmed():
                    raise CommandError("not confirmed; nothing was changed.")
                report = restore_backup(folder, manifest)
        except BackupInvalid as invalid:
            raise CommandError(
                "the backup does not match its manifest; nothing was changed:\n  "
                + "\n  ".join(invalid.problems)
            ) from None
        except DatabaseToolError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.audit_output.rstrip())
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if not report.ok:
            raise CommandError(
                "restored, but what is live differs from the manifest:\n  "
                + "\n  ".join(report.differences)
            )
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"restored and verified: {len(manifest['tables'])} tables, {rows} rows, the "
                "uploaded files and the audit chains match the manifest"
            )
        )
        self.stdout.write("next: manage.py migrate (if this code is newer than the backup)")

    def _confirmed(self) -> bool:
        self.stdout.write(
            "This REPLACES the whole database and every uploaded file with the backup's. "
            "Stop the application first."
        )
        try:
            answer = input("Type 'yes' to restore: ")
        except EOFError:
            return False
        return answer.strip().lower() == "yes"
