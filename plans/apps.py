from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("再犯防止推進計画")

    def ready(self):
        from plans import opendata, synthetic  # noqa: F401  (register open-data resources and the seeder)
