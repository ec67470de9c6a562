from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("再犯防止推進計画")

    def ready(self):
        # open-data resources, the seeder, and the plan section of plan packages
        from plans import opendata, package_section, synthetic  # noqa: F401
