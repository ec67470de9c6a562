from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.models import LocalGovernment
from directory.hsds.export import EXCHANGE, write_hsds_package


class Command(BaseCommand):
    help = (
        "Write a local government's directory as an Open Referral HSDS 3 tabular data package "
        "(datapackage.json and one CSV per resource; see docs/directory.md). Published records "
        "only, whatever their status (active, inactive, …)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the folder to write (created when missing)")
        parser.add_argument(
            "--local-government",
            default=None,
            help="slug; default TSUNAGU_DEFAULT_LOCAL_GOVERNMENT",
        )

    def handle(self, *args, directory, local_government, **options):
        slug = local_government or settings.TSUNAGU_DEFAULT_LOCAL_GOVERNMENT
        government = LocalGovernment.objects.filter(slug=slug).first()
        if government is None:
            raise CommandError(f"no local government {slug!r}")
        counts = write_hsds_package(government, directory, scope=EXCHANGE)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(f"wrote {directory}: {summary}")
