from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.package.sections import (
    PLAN,
    invalid_types,
    load_sections,
    other_sections,
    present_sections,
    read_package_sections,
)


def refuse_problems(command: BaseCommand, path, errors: list[str]) -> None:
    for error in errors:
        command.stderr.write(str(error))
    raise CommandError(f"{len(errors)} problem(s) in {path}; nothing was loaded.")


class Command(BaseCommand):
    help = (
        "Validate a plan package and load it into a local government that does not have it "
        "yet, all of it or nothing. A part the body already has (plan, statistics, directory, "
        "employment) is never touched: reload_plan loads a package over it "
        "(docs/plan-package.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package folder, e.g. packages/kumamoto-2021")
        parser.add_argument("--check", action="store_true", help="validate only; change nothing")

    def handle(self, *args, path, check, **options):
        contents = read_package_sections(path)
        if contents.errors:
            refuse_problems(self, path, contents.errors)
        summary = contents.summary()
        if check:
            self.stdout.write(f"valid: {summary}")
            return
        present = present_sections(contents)
        missing = [name for name in contents.names() if name not in present]
        body = contents.plan.local_government.name
        reload_hint = (
            f"to load the package over them: manage.py reload_plan {path} "
            "(it shows what would change and asks first)"
        )
        if not missing:
            self.stdout.write(
                f"already loaded: {body} already has its {', '.join(present)}; nothing was "
                f"changed (edits made in the browser are kept); {reload_hint}"
            )
            return
        try:
            results = load_sections(contents, missing)
        except invalid_types() as invalid:
            refuse_problems(self, path, invalid.errors)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was loaded.") from None
        if PLAN in results:
            result = results[PLAN]
            counts = result.counts
            if result.changed:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"loaded {summary} (created {counts['created']}, "
                        f"updated {counts['updated']}, deleted {counts['deleted']})"
                    )
                )
            else:
                self.stdout.write(f"unchanged: {summary}")
        for section in other_sections():
            if section.name in results and section.report is not None:
                self.stdout.write(
                    section.report(contents.sections[section.name], results[section.name])
                )
        if present:
            self.stdout.write(
                f"not loaded: {body} already has its {', '.join(present)}, kept as they are; "
                f"{reload_hint}"
            )
