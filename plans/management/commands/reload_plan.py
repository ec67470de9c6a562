import getpass
import shlex
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import audit
from core.changes import KEPT, render
from core.package.sections import (
    PLAN,
    invalid_types,
    load_sections,
    other_sections,
    read_package_sections,
)
from plans.management.commands.load_plan import refuse_problems


class DataChanged(Exception):
    """The database changed between the diff and the confirmation."""


def confirm(question: str) -> bool:
    """Ask on the terminal; only "yes" (or "y") applies."""
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def operator_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def signature(results) -> list:
    return [change.signature() for result in results.values() for change in result.changes]


class Command(BaseCommand):
    help = (
        "Load a plan package over a local government that already has it: show what would "
        "change (added, changed, removed, per file and row, field by field), ask, then apply "
        "all of it in one transaction, audited (docs/plan-package.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package folder, e.g. packages/kumamoto-2021")
        parser.add_argument("--yes", action="store_true", help="apply without asking (for scripts)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; change nothing"
        )

    def handle(self, *args, path, yes, dry_run, **options):
        contents = read_package_sections(path)
        if contents.errors:
            refuse_problems(self, path, contents.errors)
        names = contents.names()
        body = contents.plan.local_government.name
        # The diff is what the real loaders do, in a transaction that is rolled back.
        try:
            with transaction.atomic():
                preview = load_sections(contents, names)
                transaction.set_rollback(True)
        except invalid_types() as invalid:
            refuse_problems(self, path, invalid.errors)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was changed.") from None

        totals = {name: result.totals() for name, result in preview.items()}
        for name, result in preview.items():
            if not result.changes:
                continue
            self.stdout.write(f"== {name}")
            for line in render(result.changes):
                self.stdout.write(line)
        to_change = sum(total[a] for total in totals.values() for a in total if a != KEPT)
        self.stdout.write(
            f"{body}: "
            + "; ".join(
                f"{name}: {t['added']} added, {t['changed']} changed, {t['removed']} removed"
                + (f", {t['kept']} kept" if t["kept"] else "")
                for name, t in totals.items()
            )
        )
        if not to_change:
            self.stdout.write(
                f"nothing to change: {body} already holds what {path} holds; nothing was changed."
            )
            return
        if dry_run:
            self.stdout.write("dry run: nothing was changed.")
            return
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    "refused: reload_plan asks before it changes anything, and there is no "
                    "terminal to ask on; nothing was changed. Read the changes above and run "
                    "it again with --yes to apply them."
                )
            if not confirm(f"Apply these {to_change} changes to {body}? Type yes to apply: "):
                self.stdout.write("not applied: nothing was changed.")
                return

        operator = operator_name()
        command = "manage.py reload_plan " + shlex.quote(str(path)) + (" --yes" if yes else "")
        try:
            with transaction.atomic():
                applied = load_sections(contents, names)
                if signature(applied) != signature(preview):
                    raise DataChanged
                plan = applied[PLAN].plan
                audit.record(
                    actor=None,
                    actor_name=f"{operator} ({command})",
                    action="plan.reload_package",
                    local_government=plan.local_government,
                    obj=plan,
                    changes={
                        "command": command,
                        "operator": operator,
                        "confirmed": "--yes" if yes else "on the terminal",
                        "package_version": contents.plan.version,
                        **{name: result.totals() for name, result in applied.items()},
                    },
                )
        except DataChanged:
            raise CommandError(
                "the data changed while the changes were shown; nothing was changed. Run "
                "reload_plan again to see what it would change now."
            ) from None
        except invalid_types() as invalid:
            refuse_problems(self, path, invalid.errors)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was changed.") from None
        self.stdout.write(self.style.SUCCESS(f"applied {to_change} changes to {body}."))
        for section in other_sections():
            if section.name in applied and section.report is not None:
                self.stdout.write(
                    section.report(contents.sections[section.name], applied[section.name])
                )
