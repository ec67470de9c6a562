from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.package import PackageInvalid, read_package
from plans.services import plan_load_package


class Command(BaseCommand):
    help = "Validate a plan package and load all of it, or nothing (docs/plan-package.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package folder, e.g. packages/kumamoto-2021")
        parser.add_argument("--check", action="store_true", help="validate only; change nothing")

    def handle(self, *args, path, check, **options):
        try:
            package = read_package(path)
        except PackageInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} problem(s) in {path}; nothing was loaded."
            ) from None
        summary = (
            f"{package.local_government.name} {package.plan.title}: "
            f"{len(package.pillars)} pillars, {package.measure_count()} measures, "
            f"{len(package.departments)} departments, {len(package.indicators)} indicators"
        )
        if check:
            self.stdout.write(f"valid: {summary}")
            return
        try:
            result = plan_load_package(package=package)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was loaded.") from None
        counts = result.counts
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"loaded {summary} (created {counts['created']}, updated {counts['updated']}, deleted {counts['deleted']})"
                )
            )
        else:
            self.stdout.write(f"unchanged: {summary}")
