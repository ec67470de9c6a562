"""Seminars, information sessions, interview slots at /staff/employment/events/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.events import views

app_name = "events"

urlpatterns = [
    path("", views.index, name="index"),
    path("events.csv", views.events_csv, name="csv"),
    path("new/", views.create, name="create"),
    path("summary/", views.summary, name="summary"),
    path("summary.csv", views.summary_csv, name="summary_csv"),
    path("summary.xlsx", views.summary_xlsx, name="summary_xlsx"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/employers/", views.employer_add, name="employer_add"),
    path("<id:pk>/employers/remove/", views.employer_remove, name="employer_remove"),
    path("<id:pk>/participants/", views.participant_add, name="participant_add"),
    path("<id:pk>/attendance/", views.attendance, name="attendance"),
    path("<id:pk>/slots/new/", views.slot_create, name="slot_create"),
    path("<id:pk>/hires/new/", views.hire_create, name="hire_create"),
    path("participants/<id:pk>/remove/", views.participant_remove, name="participant_remove"),
    path("slots/<id:pk>/edit/", views.slot_edit, name="slot_edit"),
    path("slots/<id:pk>/delete/", views.slot_delete, name="slot_delete"),
]
