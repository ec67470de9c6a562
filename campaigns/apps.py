from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns and volunteers: 社会を明るくする運動 (the campaign year, its committee and
    events) and the 更生保護ボランティア (保護司 recruitment) (docs/campaigns.md)."""

    name = "campaigns"
    verbose_name = _("広報・啓発と更生保護ボランティア")

    def ready(self):
        from campaigns import package_section  # noqa: F401  (register the campaigns part of plan packages)
        from campaigns.volunteers import facts  # noqa: F401  (recruitment beside progress reports)
