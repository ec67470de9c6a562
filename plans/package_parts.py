"""A plan package as parts: the plan itself, and the parts other apps register (statistics,
directory, employment). `load_plan` and `reload_plan` read, check and load every part the
same way through this module, without plans importing the apps above it (STYLE 2a).

- `read_package_parts` validates every part before anything is written and gathers every
  problem.
- `present_parts` tells which parts a local government already has: `load_plan` loads only
  the others, so data edited in the browser is never overwritten by a restart.
- `load_parts` loads the chosen parts in one transaction, each through a ChangeLog
  (core.changes); `reload_plan` calls it inside a transaction it rolls back to show the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from core.changes import ChangeLog
from core.models import LocalGovernment
from plans.loading import plan_load_package
from plans.models import Plan
from plans.package import Package, PackageInvalid, read_package

PLAN = "plan"


@dataclass(frozen=True)
class PackagePart:
    """How one part of a plan package is read, checked, found and loaded."""

    name: str  # also how the command names it: "statistics", "directory" …
    order: int  # parts load in this order, after the plan
    # (package folder, the validated plan or None) -> the part's content, or None when the
    # package has no such part; raises `invalid` (which lists its problems in `.errors`)
    read: Callable[[Path, Package | None], Any]
    invalid: type[Exception]
    summary: Callable[[Any], str]  # e.g. "60 statistic series, 140 values"
    # whether the local government already has this part's data (then load_plan leaves it)
    present: Callable[[LocalGovernment], bool]
    # (local_government=, package=) -> ChangeLog; in one transaction, all or nothing
    load: Callable[..., ChangeLog]
    report: Callable[[Any, ChangeLog], str]  # one line on what a load did
    # (the plan, the part's content) -> problems between them (e.g. a missing series)
    check: Callable[[Package, Any], list[str]] | None = None


PARTS: dict[str, PackagePart] = {}


def register(part: PackagePart) -> None:
    PARTS[part.name] = part


def registered_parts() -> list[PackagePart]:
    return sorted(PARTS.values(), key=lambda part: part.order)


@dataclass
class PackageContents:
    path: Path
    plan: Package | None
    parts: dict[str, Any] = field(default_factory=dict)  # name -> content (None: not in it)
    errors: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """The parts the package holds, the plan first."""
        return [PLAN, *(name for name, content in self.parts.items() if content is not None)]

    def summary(self) -> str:
        plan = self.plan
        text = (
            f"{plan.local_government.name} {plan.plan.title}: "
            f"{len(plan.pillars)} pillars, {plan.measure_count()} measures, "
            f"{len(plan.departments)} departments, {len(plan.indicators)} indicators"
        )
        for part in registered_parts():
            content = self.parts.get(part.name)
            if content is not None:
                text += ", " + part.summary(content)
        return text

    def local_government(self) -> LocalGovernment | None:
        return LocalGovernment.objects.filter(code=self.plan.local_government.code).first()


def read_package_parts(path: str | Path) -> PackageContents:
    """Read and validate every part of the package at `path`; `errors` lists every problem
    (nothing is written either way)."""
    root = Path(path)
    contents = PackageContents(path=root, plan=None)
    try:
        contents.plan = read_package(root)
    except PackageInvalid as invalid:
        contents.errors.extend(str(error) for error in invalid.errors)
    for part in registered_parts():
        try:
            content = part.read(root, contents.plan)
        except part.invalid as invalid:
            contents.errors.extend(str(error) for error in invalid.errors)
            continue
        contents.parts[part.name] = content
        if content is not None and contents.plan is not None and part.check is not None:
            contents.errors.extend(part.check(contents.plan, content))
    return contents


def present_parts(contents: PackageContents) -> list[str]:
    """The parts of the package that its local government already has data for."""
    local_government = contents.local_government()
    if local_government is None:
        return []
    present = []
    if Plan.objects.filter(local_government=local_government).exists():
        present.append(PLAN)
    for part in registered_parts():
        if contents.parts.get(part.name) is not None and part.present(local_government):
            present.append(part.name)
    return present


@transaction.atomic
def load_parts(contents: PackageContents, names: list[str], *, actor=None) -> dict[str, ChangeLog]:
    """Load the named parts (all or nothing); return each part's ChangeLog."""
    results: dict[str, ChangeLog] = {}
    local_government = None
    if PLAN in names:
        result = plan_load_package(package=contents.plan, actor=actor)
        results[PLAN] = result
        local_government = result.plan.local_government
    else:
        local_government = contents.local_government()
    for part in registered_parts():
        content = contents.parts.get(part.name)
        if part.name in names and content is not None:
            results[part.name] = part.load(
                local_government=local_government, package=content, actor=actor
            )
    return results


def invalid_types() -> tuple[type[Exception], ...]:
    """What loading may raise when a part refuses the load (each lists `.errors`)."""
    return tuple({part.invalid for part in registered_parts()})
