"""The employment part of a plan package (`employment/`, docs/employment-package.md),
registered with plans.package_parts for load_plan and reload_plan."""

from employment.models import Event, MagazineIssue, TrainingCourse
from employment.package import (
    EmploymentPackageInvalid,
    employment_load_package,
    read_employment_package,
)
from plans.package_parts import PackagePart, register


def _present(local_government) -> bool:
    return any(
        model.objects.filter(local_government=local_government).exists()
        for model in (Event, TrainingCourse, MagazineIssue)
    )


register(
    PackagePart(
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
    )
)
