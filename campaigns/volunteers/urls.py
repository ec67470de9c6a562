"""Volunteers: the 保護司 figures, the recruitment work and the volunteers' home page (/staff/volunteers/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from campaigns.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.home, name="home"),
    path("officers/", views.officers, name="officers"),
    path("recruitment/", views.recruitment, name="recruitment"),
    path("recruitment.csv", views.recruitment_csv, name="recruitment_csv"),
    path("recruitment/new/", views.recruitment_create, name="recruitment_create"),
    path("recruitment/<id:pk>/edit/", views.recruitment_edit, name="recruitment_edit"),
    path("recruitment/<id:pk>/delete/", views.recruitment_delete, name="recruitment_delete"),
]
