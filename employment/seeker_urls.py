"""Job seekers, matching, hires and retention at /staff/employment/seekers/."""

from django.urls import path  # noqa: F401

app_name = "seekers"

urlpatterns: list = []
