from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("統計")

    def ready(self):
        # open data, the seeder, and the statistics part of plan packages
        from stats import opendata, package_section, synthetic  # noqa: F401
        from stats.jobs import register_kinds

        # the export of every value runs as a background job (core.jobs)
        register_kinds()
