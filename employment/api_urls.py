"""REST API of published postings at /api/v1/<lg>/jobs/."""

from django.urls import path  # noqa: F401

app_name = "jobs_api"

urlpatterns: list = []
