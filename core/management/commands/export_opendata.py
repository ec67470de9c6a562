from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.models import LocalGovernment
from core.opendata import write_package


class Command(BaseCommand):
    help = (
        "Write the open-data package (datapackage.json and UTF-8 CSV files) of a local government."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
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
        for path in write_package(government, directory):
            self.stdout.write(str(path))
