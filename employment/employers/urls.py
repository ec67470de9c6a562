"""Secretariat: employers, applications, approval, import at /staff/employment/employers/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.employers import views

app_name = "employers"

urlpatterns = [
    path("", views.index, name="index"),
    path("employers.csv", views.export_csv, name="export_csv"),
    path("employers.xlsx", views.export_xlsx, name="export_xlsx"),
    path("import/", views.import_file, name="import"),
    path("import/template.csv", views.template_csv, name="template"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/approve/", views.approve, name="approve"),
    path("<id:pk>/reject/", views.reject, name="reject"),
    path("<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<id:pk>/invite/", views.invite, name="invite"),
]
