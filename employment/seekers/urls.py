"""Job seekers, matching, hires and retention at /staff/employment/seekers/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.seekers import reveal, views

app_name = "seekers"

urlpatterns = [
    path("", views.index, name="index"),
    path("seekers.csv", views.seekers_csv, name="csv"),
    path("new/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/reveal/", reveal.reveal, name="reveal"),
    path("<id:pk>/matches/", views.matches, name="matches"),
    path("<id:pk>/hires/new/", views.hire_create, name="hire_create"),
    path("hires/", views.hire_list, name="hires"),
    path("hires.csv", views.hires_csv, name="hires_csv"),
    path("hires/<id:pk>/", views.hire_detail, name="hire_detail"),
    path("retention/", views.retention_due, name="retention"),
    path("summary/", views.summary, name="summary"),
    path("summary.csv", views.summary_csv, name="summary_csv"),
]
