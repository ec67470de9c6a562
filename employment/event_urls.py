"""Seminars, information sessions, interview slots at /staff/employment/events/."""

from django.urls import path  # noqa: F401

app_name = "events"

urlpatterns: list = []
