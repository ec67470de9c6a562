"""Background jobs: /staff/jobs/…"""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from core.jobs import views

app_name = "background_jobs"

urlpatterns = [
    path("failed/", views.failed, name="failed"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/status/", views.status, name="status"),
    path("<id:pk>/download/", views.download, name="download"),
    path("<id:pk>/retry/", views.retry, name="retry"),
]
