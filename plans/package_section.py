"""The plan section of a plan package (`plan.yaml`, `pillars/`, `indicators.yaml` …,
docs/plan-package.md), registered with core.package.sections: it heads the package, and every
other section is read with it at hand."""

from core.package.sections import PLAN, PackageSection, register
from plans.loading import plan_load_package
from plans.models import Plan
from plans.package.content import Package, PackageInvalid
from plans.package.reading import read_package


def _summary(plan: Package) -> str:
    return (
        f"{plan.local_government.name} {plan.plan.title}: "
        f"{len(plan.pillars)} pillars, {plan.measure_count()} measures, "
        f"{len(plan.departments)} departments, {len(plan.indicators)} indicators"
    )


def _present(local_government) -> bool:
    return Plan.objects.filter(local_government=local_government).exists()


def _load(*, local_government, package: Package, actor=None):
    # the plan names its own local government (and creates it on the first load)
    return plan_load_package(package=package, actor=actor)


register(
    PackageSection(
        name=PLAN,
        order=0,
        read=lambda path, plan: read_package(path),
        invalid=PackageInvalid,
        summary=_summary,
        present=_present,
        load=_load,
    )
)
