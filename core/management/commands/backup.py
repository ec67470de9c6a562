"""Back up the database and the uploaded files into one folder (or .tar) with a manifest.

    manage.py backup /srv/backups/tsunagu [--archive]

Safe while the site runs: SQLite is copied with its online backup API, PostgreSQL dumped with
pg_dump from one snapshot. The field-encryption keys are never in a backup (docs/backup.md)."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import create_backup
from core.backup.databases import DatabaseToolError


class Command(BaseCommand):
    help = "Back up the database and uploaded files, with a manifest (docs/backup.md)."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="the folder to put the new backup in")
        parser.add_argument(
            "--archive", action="store_true", help="write one .tar file instead of a folder"
        )

    def handle(self, *args, destination, archive, **options):
        try:
            result = create_backup(destination, archive=archive)
        except DatabaseToolError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        uploads = sum(1 for name in manifest["files"] if name.startswith("files/"))
        self.stdout.write(
            f"backup: {result.path}\n"
            f"  {len(manifest['tables'])} tables, {rows} rows, {uploads} uploaded files, "
            f"{len(manifest['audit_heads'])} audit chains\n"
            "  the field-encryption keys are NOT in it: keep them apart (docs/backup.md)"
        )
