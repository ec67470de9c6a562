from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("相談窓口・支援の情報（社会資源）")

    def ready(self):
        # the HSDS open-data resources, the search index's receiver, the seeder, the directory
        # and crisis-term parts of plan packages
        from core.web.errors import register_error_help
        from directory import (  # noqa: F401
            crisis_package,
            opendata,
            package_section,
            synthetic,
        )
        from directory.portal.error_help import error_help
        from directory.search import fulltext  # noqa: F401

        # no dead ends: the crisis lines and the general windows on every public error page
        register_error_help(error_help)
