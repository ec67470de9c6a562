from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns and volunteers: 社会を明るくする運動 (the campaign year, its committee and
    events) and the 更生保護ボランティア (保護司 recruitment) (docs/campaigns.md)."""

    name = "campaigns"
    verbose_name = _("広報・啓発と更生保護ボランティア")

    def ready(self):
        # Each part imports here what registers itself with the layers below (one line each).
        from campaigns import (
            package_section,  # noqa: F401  (register the campaigns part of plan packages)
            synthetic,  # noqa: F401  (register the events' seeder for seed_synthetic)
        )
        from campaigns.events.indicator import COUNTED
        from campaigns.volunteers import facts  # noqa: F401  (recruitment beside progress reports)
        from pdca.indicators.status import register_counted

        # 行事参加人数 and 推進大会参加人数 are counted from the events, never typed in pdca.
        for counted in COUNTED:
            register_counted(counted)
