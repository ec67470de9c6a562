from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.models import LocalGovernment
from directory.hsds.reading import read_hsds_package
from directory.plan_package.contents import DirectoryInvalid
from directory.services import directory_import_hsds


class Command(BaseCommand):
    help = (
        "Validate an Open Referral HSDS 3 tabular package (a folder of CSV files) and create or "
        "update the directory's records by id, all or nothing (docs/directory.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", help="the folder holding organizations.csv, services.csv, …"
        )
        parser.add_argument(
            "--local-government",
            default=None,
            help="slug; default TSUNAGU_DEFAULT_LOCAL_GOVERNMENT",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="create new organizations, locations and services as drafts (not public)",
        )
        parser.add_argument("--check", action="store_true", help="validate only; change nothing")

    def handle(self, *args, directory, local_government, draft, check, **options):
        slug = local_government or settings.TSUNAGU_DEFAULT_LOCAL_GOVERNMENT
        government = LocalGovernment.objects.filter(slug=slug).first()
        if government is None:
            raise CommandError(f"no local government {slug!r}")
        try:
            package = read_hsds_package(directory, local_government=government)
        except DirectoryInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} problem(s) in {directory}; nothing was imported."
            ) from None
        summary = ", ".join(f"{len(rows)} {name}" for name, rows in package.rows.items() if rows)
        if check:
            self.stdout.write(f"valid: {summary}")
            return
        try:
            result = directory_import_hsds(
                local_government=government, package=package, publish=not draft
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was imported.") from None
        self.stdout.write(f"imported {summary} ({result.summary()})")
