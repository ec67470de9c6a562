from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import LocalGovernment
from employment.package_export import write_employment_package
from plans.models import Plan
from plans.package import write_package
from plans.selectors import package_from_plan
from stats.package import write_statistics


class Command(BaseCommand):
    help = "Write a plan as a plan package (the format load_plan reads)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="an empty or new folder")
        parser.add_argument(
            "--local-government",
            default=None,
            help="slug; default TSUNAGU_DEFAULT_LOCAL_GOVERNMENT",
        )
        parser.add_argument("--plan", default=None, help="plan key; default the newest plan")

    def handle(self, *args, path, local_government, plan, **options):
        from django.conf import settings

        slug = local_government or settings.TSUNAGU_DEFAULT_LOCAL_GOVERNMENT
        government = LocalGovernment.objects.filter(slug=slug).first()
        if government is None:
            raise CommandError(f"no local government {slug!r}")
        plans = Plan.objects.filter(local_government=government)
        chosen = (
            plans.filter(key=plan).first()
            if plan
            else plans.order_by("-start_fiscal_year", "-id").first()
        )
        if chosen is None:
            raise CommandError(f"no plan {plan or ''} for {slug}")
        target = Path(path)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty")
        write_package(package_from_plan(chosen), target)
        values = write_statistics(government, target)
        employment = write_employment_package(government, target)
        self.stdout.write(
            self.style.SUCCESS(
                f"wrote {chosen}, {values} statistic values and "
                f"{employment} employment records to {target}"
            )
        )
