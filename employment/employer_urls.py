"""Secretariat: employers, applications, approval, import at /staff/employment/employers/."""

from django.urls import path  # noqa: F401

app_name = "employers"

urlpatterns: list = []
