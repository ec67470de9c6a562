"""A plan package as a registry of sections: one folder with a section per part (the plan,
statistics, the directory, employment …). Each app registers its section in its
`AppConfig.ready()`; `load_plan`, `reload_plan`, `export_plan` and `seed_demo` walk the
registry and name no app, so a new part adds its section without touching `plans` (STYLE 2a,
docs/architecture.md).

- `read_package_sections` validates every section before anything is written and gathers
  every problem.
- `present_sections` tells which sections a local government already has: `load_plan` loads
  only the others, so data edited in the browser is never overwritten by a restart.
- `load_sections` loads the chosen sections in one transaction, each through a ChangeLog
  (core.changes); `reload_plan` calls it inside a transaction it rolls back to show the diff.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from core.changes import ChangeLog
from core.models import LocalGovernment

# The plan section heads the package: it names the local government, and every other
# section is read with its content at hand.
PLAN = "plan"


@dataclass(frozen=True)
class PackageSection:
    """How one section of a plan package is read, checked, found, loaded, written and seeded."""

    name: str  # also how the commands name it: "plan", "statistics", "directory" …
    order: int  # sections read and load in this order; the plan is 0
    # (package folder, the validated plan or None) -> the section's content, or None when
    # the package has no such section; raises `invalid` (which lists its problems in `.errors`)
    read: Callable[[Path, Any], Any]
    invalid: type[Exception]
    summary: Callable[[Any], str]  # e.g. "60 statistic series, 140 values"
    # whether the local government already has this section's data (then load_plan leaves it)
    present: Callable[[LocalGovernment], bool]
    # (local_government=, package=, actor=) -> ChangeLog; in one transaction, all or nothing
    load: Callable[..., ChangeLog]
    # one line on what a load did; None: the command that loads it reports it itself (the plan)
    report: Callable[[Any, ChangeLog], str] | None = None
    # (the plan, the section's content) -> problems between them (e.g. a missing series)
    check: Callable[[Any, Any], list[str]] | None = None
    # (local government, package folder) -> what export_plan wrote, e.g. "140 statistic values"
    write: Callable[[LocalGovernment, Path], str] | None = None
    # (local government, organizations={role: demo organization}, restore=) ->
    # [(label, Counter of created / kept / deleted)]: the section's demo data for seed_demo
    demo: Callable[..., list[tuple[str, Counter]]] | None = None


SECTIONS: dict[str, PackageSection] = {}


def register(section: PackageSection) -> None:
    SECTIONS[section.name] = section


def registered_sections() -> list[PackageSection]:
    return sorted(SECTIONS.values(), key=lambda section: section.order)


def other_sections() -> list[PackageSection]:
    """Every registered section but the plan, in order."""
    return [section for section in registered_sections() if section.name != PLAN]


@dataclass
class PackageContents:
    path: Path
    sections: dict[str, Any] = field(default_factory=dict)  # name -> content (None: not in it)
    errors: list[str] = field(default_factory=list)

    @property
    def plan(self):
        """The plan section's content (None when it did not validate)."""
        return self.sections.get(PLAN)

    def names(self) -> list[str]:
        """The sections the package holds, the plan first."""
        return [name for name, content in self.sections.items() if content is not None]

    def summary(self) -> str:
        return ", ".join(
            section.summary(self.sections[section.name])
            for section in registered_sections()
            if self.sections.get(section.name) is not None
        )

    def local_government(self) -> LocalGovernment | None:
        return LocalGovernment.objects.filter(code=self.plan.local_government.code).first()


def read_package_sections(path: str | Path) -> PackageContents:
    """Read and validate every section of the package at `path`; `errors` lists every problem
    (nothing is written either way)."""
    root = Path(path)
    contents = PackageContents(path=root)
    for section in registered_sections():
        try:
            content = section.read(root, contents.plan)
        except section.invalid as invalid:
            contents.errors.extend(str(error) for error in invalid.errors)
            continue
        contents.sections[section.name] = content
        if content is not None and contents.plan is not None and section.check is not None:
            contents.errors.extend(section.check(contents.plan, content))
    return contents


def present_sections(contents: PackageContents) -> list[str]:
    """The sections of the package that its local government already has data for."""
    local_government = contents.local_government()
    if local_government is None:
        return []
    return [
        section.name
        for section in registered_sections()
        if contents.sections.get(section.name) is not None and section.present(local_government)
    ]


@transaction.atomic
def load_sections(
    contents: PackageContents, names: list[str], *, actor=None
) -> dict[str, ChangeLog]:
    """Load the named sections (all or nothing); return each section's ChangeLog."""
    results: dict[str, ChangeLog] = {}
    local_government = None
    for section in registered_sections():
        content = contents.sections.get(section.name)
        if section.name in names and content is not None:
            if local_government is None and section.name != PLAN:
                # looked up after the plan, whose load may create the body
                local_government = contents.local_government()
            results[section.name] = section.load(
                local_government=local_government, package=content, actor=actor
            )
    return results


def invalid_types() -> tuple[type[Exception], ...]:
    """What loading may raise when a section refuses the load (each lists `.errors`)."""
    return tuple({section.invalid for section in registered_sections()})
