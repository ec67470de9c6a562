from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("統計")

    def ready(self):
        # open data, the seeder, and the statistics part of plan packages
        from stats import opendata, package_section, synthetic  # noqa: F401
