"""Postings in the back office (employers, secretariat, supporters) at /staff/employment/postings/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.postings import views

app_name = "postings"

urlpatterns = [
    path("", views.index, name="index"),
    path("postings.csv", views.postings_csv, name="csv"),
    path("postings.xlsx", views.postings_xlsx, name="xlsx"),
    path("new/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/print/", views.print_view, name="print"),
    path("<id:pk>/edit/", views.edit, name="edit"),
    path("<id:pk>/publish/", views.publish, name="publish"),
    path("<id:pk>/close/", views.close, name="close"),
]
