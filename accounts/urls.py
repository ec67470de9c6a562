from django.urls import path

from accounts import views
from accounts.mfa import passkeys
from accounts.mfa import views as mfa_views
from accounts.people import password_views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/", mfa_views.mfa_verify, name="mfa_verify"),
    path("mfa/setup/", mfa_views.mfa_setup, name="mfa_setup"),
    path("mfa/recovery-codes/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
    path("mfa/guide/", mfa_views.mfa_guide, name="mfa_guide"),
    path("mfa/passkey/<int:pk>/remove/", mfa_views.passkey_remove, name="mfa_passkey_remove"),
    path(
        "mfa/passkey/register/begin/",
        passkeys.passkey_register_begin,
        name="passkey_register_begin",
    ),
    path(
        "mfa/passkey/register/complete/",
        passkeys.passkey_register_complete,
        name="passkey_register_complete",
    ),
    path("mfa/passkey/auth/begin/", passkeys.passkey_auth_begin, name="passkey_auth_begin"),
    path(
        "mfa/passkey/auth/complete/", passkeys.passkey_auth_complete, name="passkey_auth_complete"
    ),
    path("mfa/passkey/i18n.js", passkeys.passkey_i18n, name="passkey_i18n"),
    path("reauth/", views.reauth_view, name="reauth"),
    # before the token's pattern, which would take "change" for a token
    path("password/change/", password_views.password_change, name="password_change"),
    path("password/<str:token>/", password_views.set_password, name="set_password"),
]

staff_patterns = (
    [
        path("", views.home, name="home"),
        path("audit/", views.audit_log, name="audit_log"),
        path("accounts/users/<int:pk>/mfa/", mfa_views.user_mfa, name="user_mfa"),
    ],
    "staff",
)
