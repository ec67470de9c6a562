"""The account and organization screens at /staff/accounts/ (secretariat, system admin)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from accounts.people import organization_views, views

app_name = "people"

urlpatterns = [
    path("", views.index, name="index"),
    path("accounts.csv", views.export_csv, name="export_csv"),
    path("invite/", views.invite, name="invite"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("<id:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("<id:pk>/resend/", views.resend, name="resend"),
    path("organizations/", organization_views.organizations, name="organizations"),
    path("organizations/new/", organization_views.organization_create, name="organization_create"),
    path(
        "organizations/<id:pk>/",
        organization_views.organization_detail,
        name="organization_detail",
    ),
    path(
        "organizations/<id:pk>/edit/",
        organization_views.organization_edit,
        name="organization_edit",
    ),
]
