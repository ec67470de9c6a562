from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """Housing (住居): housing providers (居住支援法人, landlords, 管理会社, the 居住支援協議会),
    safety-net homes (セーフティネット住宅) and the city's public-housing rounds (市営住宅)
    (docs/housing.md)."""

    name = "housing"
    verbose_name = _("住居の確保")

    def ready(self):
        # Registrations with the lower layers' registries, one import per line.
        from housing import (
            package_section,  # noqa: F401  (register the housing part of plan packages)
            synthetic,  # noqa: F401  (register the seeder for seed_synthetic)
        )
