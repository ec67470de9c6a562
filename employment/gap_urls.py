"""The industry gap at /staff/employment/gap/ (and the public page in urls.py)."""

from django.urls import path  # noqa: F401

app_name = "industry_gap"

urlpatterns: list = []
