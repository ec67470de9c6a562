"""An employer's own company at /staff/employment/company/."""

from django.urls import path  # noqa: F401

app_name = "company"

urlpatterns: list = []
