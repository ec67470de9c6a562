"""Public job board in plain Japanese at /<lg>/jobs/."""

from django.urls import path  # noqa: F401

app_name = "jobs"

urlpatterns: list = []
