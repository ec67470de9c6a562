from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PdcaConfig(AppConfig):
    name = "pdca"
    verbose_name = _("進捗管理（PDCA）")

    def ready(self):
        from pdca import opendata, synthetic  # noqa: F401  (register open-data resources and the seeder)
        from pdca.indicators.status import indicator_rows
        from plans.indicator_status import register_indicator_rows

        # the indicators' computed status on the plan's pages and API (plans sits below pdca)
        register_indicator_rows(indicator_rows)

        from pdca.compiled.jobs import register_kinds as register_report_jobs
        from pdca.reminders.jobs import register_kinds as register_reminder_jobs

        # the compiled report's files and the reminder mails run as background jobs (core.jobs)
        register_report_jobs()
        register_reminder_jobs()
