"""Public job board in plain Japanese at /<lg>/jobs/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.postings import board_views as views

app_name = "jobs"

urlpatterns = [
    path("", views.board, name="board"),
    path("<id:pk>/", views.posting, name="posting"),
    path("<id:pk>/print/", views.posting_print, name="posting_print"),
]
