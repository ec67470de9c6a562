from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("共通")

    def ready(self):
        from core import logs

        logs.connect_signals()
