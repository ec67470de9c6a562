"""The housing section of a plan package (`housing/`, docs/housing/package.md), registered
with core.package.sections for load_plan, reload_plan, export_plan and seed_demo (the demo
provider and its fictional safety-net homes)."""

from collections import Counter

from core.package.sections import PackageSection, register
from core.roles import Role
from housing.demo import ensure_demo_homes, ensure_demo_provider
from housing.models import HousingProvider, HousingRules, PublicHousingRound, PublicHousingRule
from housing.plan_package.loading import housing_load_package
from housing.plan_package.reading import HousingPackageInvalid, read_housing_package
from housing.plan_package.writing import write_housing_package


def _present(local_government) -> bool:
    """Whether the body has housing records of its own (the demo's fictional provider does
    not count: a package still loads beside it)."""
    lg = {"local_government": local_government}
    return HousingProvider.objects.filter(**lg, is_fictional=False).exists() or any(
        model.objects.filter(**lg).exists()
        for model in (HousingRules, PublicHousingRule, PublicHousingRound)
    )


def _demo(local_government, *, organizations, restore=False) -> list[tuple[str, Counter]]:
    provider = ensure_demo_provider(
        local_government, organizations.get(Role.HOUSING_PROVIDER), restore=restore
    )
    homes = ensure_demo_homes(local_government, restore=restore)
    return [("demo housing provider", provider), ("demo safety-net homes", homes)]


register(
    PackageSection(
        name="housing",
        order=40,
        read=read_housing_package,
        invalid=HousingPackageInvalid,
        summary=lambda housing: f"housing: {housing.summary()}",
        present=_present,
        load=housing_load_package,
        report=lambda housing, result: f"housing: {housing.summary()} ({result.summary()})",
        write=lambda local_government, path: (
            f"{write_housing_package(local_government, path)} housing records"
        ),
        demo=_demo,
    )
)
