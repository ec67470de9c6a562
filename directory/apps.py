from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("相談窓口・支援の情報（社会資源）")

    def ready(self):
        # the HSDS open-data resources, the search index's receiver, the seeder and the
        # directory part of plan packages
        from directory import opendata, package_part, search, synthetic  # noqa: F401
