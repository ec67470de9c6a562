from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.package import DirectoryInvalid, read_directory_package
from directory.services import directory_load_package
from employment.package import (
    EmploymentPackageInvalid,
    employment_load_package,
    read_employment_package,
)
from plans.package import PackageInvalid, read_package
from plans.services import plan_load_package
from stats.importer import ImportInvalid, read_statistics_package
from stats.services import statistics_load_package


class Command(BaseCommand):
    help = "Validate a plan package and load all of it, or nothing (docs/plan-package.md)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package folder, e.g. packages/kumamoto-2021")
        parser.add_argument("--check", action="store_true", help="validate only; change nothing")

    def handle(self, *args, path, check, **options):
        errors = []
        package = statistics = directory = employment = None
        try:
            package = read_package(path)
        except PackageInvalid as invalid:
            errors.extend(invalid.errors)
        # The statistics are validated before anything is loaded (docs/statistics.md).
        try:
            statistics = read_statistics_package(path)
        except ImportInvalid as invalid:
            errors.extend(invalid.errors)
        # So is the directory, against the plan's measures, organizations and departments.
        try:
            directory = read_directory_package(path, plan=package)
        except DirectoryInvalid as invalid:
            errors.extend(invalid.errors)
        # And the employment records (docs/employment-package.md).
        try:
            employment = read_employment_package(path)
        except EmploymentPackageInvalid as invalid:
            errors.extend(invalid.errors)
        if package is not None:
            known = {row.key for row in statistics.series} if statistics is not None else set()
            for indicator in package.indicators:
                if indicator.statistic_series and indicator.statistic_series not in known:
                    errors.append(
                        f"indicators.yaml: {indicator.name}: statistic_series "
                        f"{indicator.statistic_series!r} is not a series of statistics/series.csv"
                    )
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(errors)} problem(s) in {path}; nothing was loaded.")
        summary = (
            f"{package.local_government.name} {package.plan.title}: "
            f"{len(package.pillars)} pillars, {package.measure_count()} measures, "
            f"{len(package.departments)} departments, {len(package.indicators)} indicators"
        )
        if statistics is not None:
            summary += (
                f", {len(statistics.series)} statistic series, {len(statistics.values)} values"
            )
        if directory is not None:
            summary += f", directory: {directory.summary()}"
        if employment is not None:
            summary += f", employment: {employment.summary()}"
        if check:
            self.stdout.write(f"valid: {summary}")
            return
        try:
            with transaction.atomic():
                result = plan_load_package(package=package)
                stats_result = (
                    statistics_load_package(
                        local_government=result.plan.local_government, package=statistics
                    )
                    if statistics is not None
                    else None
                )
                directory_result = (
                    directory_load_package(
                        local_government=result.plan.local_government, package=directory
                    )
                    if directory is not None
                    else None
                )
                employment_result = (
                    employment_load_package(
                        local_government=result.plan.local_government, package=employment
                    )
                    if employment is not None
                    else None
                )
        except EmploymentPackageInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} problem(s) in {path}; nothing was loaded."
            ) from None
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
        if stats_result is not None:
            stats = stats_result.counts
            self.stdout.write(
                f"statistics: {stats['series']} series "
                f"(created {stats['series_created']}, updated {stats['series_updated']}, "
                f"deleted {stats['series_deleted']}), {stats['values']} values "
                f"(created {stats['created']}, updated {stats['updated']}, "
                f"deleted {stats['deleted']}, unchanged {stats['unchanged']}; "
                f"{stats['kept_imported']} imported by hand kept)"
            )
        if directory_result is not None:
            self.stdout.write(f"directory: {directory.summary()} ({directory_result.summary()})")
        if employment_result is not None:
            self.stdout.write(f"employment: {employment.summary()} ({employment_result.summary()})")
