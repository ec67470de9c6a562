from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("アカウント")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="accounts.record_sign_in")
