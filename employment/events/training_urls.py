"""Training courses at /staff/employment/training/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.events import training_views as views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses.csv", views.courses_csv, name="csv"),
    path("new/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/sessions/new/", views.sessions_add, name="sessions_add"),
    path("<id:pk>/enroll/", views.enroll, name="enroll"),
    path("<id:pk>/attendance/", views.attendance, name="attendance"),
    path("<id:pk>/hires/new/", views.hire_create, name="hire_create"),
    path("sessions/<id:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<id:pk>/delete/", views.session_delete, name="session_delete"),
    path("enrollments/<id:pk>/edit/", views.enrollment_edit, name="enrollment_edit"),
    path("enrollments/<id:pk>/remove/", views.enrollment_remove, name="enrollment_remove"),
]
