from django.urls import path

from accounts import views
from accounts.people import password_views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/", views.mfa_verify, name="mfa_verify"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("reauth/", views.reauth_view, name="reauth"),
    path("password/<str:token>/", password_views.set_password, name="set_password"),
]

staff_patterns = (
    [
        path("", views.home, name="home"),
        path("audit/", views.audit_log, name="audit_log"),
    ],
    "staff",
)
