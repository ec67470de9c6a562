from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.models import LocalGovernment
from core.package.sections import other_sections
from plans.models import Plan
from plans.package.writing import write_package
from plans.selectors import package_from_plan


class Command(BaseCommand):
    help = (
        "Write a plan as a plan package (the format load_plan reads), with every section "
        "that can be written out."
    )

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
        written = [
            section.write(government, target) for section in other_sections() if section.write
        ]
        self.stdout.write(
            self.style.SUCCESS(f"wrote {chosen}, {' and '.join(written)} to {target}")
        )
