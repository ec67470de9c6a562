"""Write a year's compiled progress report (進捗状況報告書) to a file, all or nothing.

    manage.py compile_report 2021.pdf --local-government kumamoto --year 2021 [--public]

The format follows the file's suffix (.pdf or .xlsx). The file is written under a temporary
name and renamed when complete (core.files.write_atomically): a run killed half-way leaves the
previous file as it was, never half a report. --public writes the public version (accepted
reports and published values only), as the public pages offer it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from core.files import write_atomically
from core.models import LocalGovernment
from pdca.compiled.compile import compile_report, public_cycle, report_pdf, report_xlsx
from pdca.models import ReportingCycle

BUILDERS = {".pdf": report_pdf, ".xlsx": report_xlsx}


class Command(BaseCommand):
    help = "Write a year's compiled progress report to a .pdf or .xlsx file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("output", help="the file to write: *.pdf or *.xlsx")
        parser.add_argument("--local-government", required=True, metavar="SLUG")
        parser.add_argument(
            "--year", required=True, type=int, help="the fiscal year (April to March)"
        )
        parser.add_argument(
            "--public", action="store_true", help="the public version (accepted reports only)"
        )

    def handle(self, *args, output, local_government, year, public, **options):
        output = Path(output)
        build = BUILDERS.get(output.suffix.lower())
        if build is None:
            raise CommandError("the output must end in .pdf or .xlsx")
        body = LocalGovernment.objects.filter(slug=local_government).first()
        if body is None:
            raise CommandError(f"no local government {local_government!r}")
        if public:
            try:
                cycle = public_cycle(body, year)
            except Http404:
                raise CommandError(f"no published cycle for {year}") from None
        else:
            cycle = (
                ReportingCycle.objects.filter(local_government=body, fiscal_year=year)
                .select_related("plan", "local_government")
                .order_by("-plan__start_fiscal_year")
                .first()
            )
            if cycle is None:
                raise CommandError(f"{body.name} has no reporting cycle for {year}")
        report = compile_report(cycle, public=public)
        write_atomically(output, build(report))
        self.stdout.write(f"wrote {output} ({report.file_name(output.suffix.lstrip('.'))})")
