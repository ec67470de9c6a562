from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = _("就労支援")

    def ready(self):
        from employment import (
            opendata,  # noqa: F401  (register the job_postings resource)
            package_section,  # noqa: F401  (register the employment part of plan packages)
            retention,  # noqa: F401  (register the retention rules of seekers and employers)
            synthetic,  # noqa: F401  (register the seeder for seed_synthetic)
        )
        from employment.magazine.indicator import INDICATOR_SOURCE
        from employment.magazine.jobs import register_kinds as register_magazine_jobs
        from pdca.indicators.status import CountedIndicator, register_counted
        from plans.indicator_codes import JOB_MAGAZINE_POSTINGS

        # 求人情報誌の求人募集件数 is counted from the issues, never typed in pdca.
        register_counted(
            CountedIndicator(
                code=JOB_MAGAZINE_POSTINGS,
                source=INDICATOR_SOURCE,
                url_name="magazine:index",
            )
        )
        # the magazine's PDF is made as a background job (core.jobs)
        register_magazine_jobs()
