"""The employment section of a plan package (`employment/`, docs/employment-package.md),
registered with core.package.sections for load_plan, reload_plan, export_plan and seed_demo
(the demo employers and postings)."""

from collections import Counter

from core.package.sections import PackageSection, register
from core.roles import Role
from employment.demo import ensure_demo_employers, ensure_demo_postings
from employment.models import Event, MagazineIssue, TrainingCourse
from employment.package import (
    EmploymentPackageInvalid,
    employment_load_package,
    read_employment_package,
)
from employment.package_export import write_employment_package


def _present(local_government) -> bool:
    return any(
        model.objects.filter(local_government=local_government).exists()
        for model in (Event, TrainingCourse, MagazineIssue)
    )


def _demo(local_government, *, organizations, restore=False) -> list[tuple[str, Counter]]:
    """The demo employers (the demo employer account's organization first), then one posting
    each."""
    employers = ensure_demo_employers(
        local_government, organizations.get(Role.EMPLOYER), restore=restore
    )
    postings = ensure_demo_postings(local_government, restore=restore)
    return [("demo employers", employers), ("demo job postings", postings)]


register(
    PackageSection(
        name="employment",
        order=30,
        read=lambda path, plan: read_employment_package(path),
        invalid=EmploymentPackageInvalid,
        summary=lambda employment: f"employment: {employment.summary()}",
        present=_present,
        load=employment_load_package,
        report=lambda employment, result: (
            f"employment: {employment.summary()} ({result.summary()})"
        ),
        write=lambda local_government, path: (
            f"{write_employment_package(local_government, path)} employment records"
        ),
        demo=_demo,
    )
)
