from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from pdca.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="index"),
    path("meetings.csv", views.export_csv, name="export_csv"),
    path("new/", views.meeting_create, name="create"),
    path("<id:pk>/", views.meeting_detail, name="detail"),
    path("<id:pk>/edit/", views.meeting_edit, name="edit"),
    path("<id:pk>/follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/<id:pk>/edit/", views.follow_up_edit, name="follow_up_edit"),
    path("follow-ups/<id:pk>/status/", views.follow_up_status, name="follow_up_status"),
]
