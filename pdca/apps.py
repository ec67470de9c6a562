from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdcaConfig(AppConfig):
    name = "pdca"
    verbose_name = _("進捗管理（PDCA）")

    def ready(self):
        from pdca import opendata, synthetic  # noqa: F401  (register open-data resources and the seeder)
