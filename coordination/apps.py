from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    """Support coordination (つなぎ): the top layer; it may import every other app and nothing
    imports it (docs/support-coordination.md)."""

    name = "coordination"
    label = "coordination"
    verbose_name = _("支援の連携")

    def ready(self):
        from coordination import (
            demo,  # noqa: F401  (register the demo cases for seed_demo)
            retention,  # noqa: F401  (register the retention rules of persons and forms)
            synthetic,  # noqa: F401  (register the seeder for seed_synthetic)
        )
        from coordination.referrals.jobs import register_kinds as register_notice_jobs
        from coordination.support.indicators import register_provider
        from coordination.support.report_section import register_section

        # the anonymous aggregates go in the compiled progress report (進捗状況報告書)
        register_section()
        # and beside the plan's indicators of their pillar on pdca's indicator pages
        register_provider()
        # the referral notices go out through the background jobs' queue (core.jobs)
        register_notice_jobs()
