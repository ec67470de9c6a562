"""Staff pages of the campaign years, committee and events (/staff/campaigns/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from campaigns.events import views

app_name = "campaigns"

urlpatterns = [
    path("", views.index, name="index"),
    path("years/new/", views.year_create, name="year_create"),
    path("years/<id:pk>/", views.year_detail, name="year"),
    path("years/<id:pk>/edit/", views.year_edit, name="year_edit"),
    path("years/<id:pk>/members/new/", views.member_add, name="member_add"),
    path("years/<id:pk>/results/", views.results, name="results"),
    path("years/<id:pk>/results.csv", views.results_csv, name="results_csv"),
    path("members/<id:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<id:pk>/move/", views.member_move, name="member_move"),
    path("members/<id:pk>/remove/", views.member_remove, name="member_remove"),
    path("events/", views.events, name="events"),
    path("events.csv", views.events_csv, name="events_csv"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<id:pk>/", views.event_detail, name="event"),
    path("events/<id:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<id:pk>/delete/", views.event_delete, name="event_delete"),
    path("awareness/", views.awareness, name="awareness"),
    path("awareness/new/", views.awareness_save, name="awareness_save"),
]
