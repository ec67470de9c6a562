"""URLs of support coordination: cases (mounted under /staff/support/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination.cases import lead_views, seeker_views, views

app_name = "cases"

urlpatterns = [
    path("cases/", views.index, name="index"),
    path("cases/new/", views.create, name="create"),
    path("cases/<id:pk>/", views.detail, name="detail"),
    path("cases/<id:pk>/reveal/", views.reveal, name="reveal"),
    path("cases/<id:pk>/edit/", lead_views.edit, name="edit"),
    path("cases/<id:pk>/close/", lead_views.close, name="close"),
    path("cases/<id:pk>/transfer/", lead_views.transfer, name="transfer"),
    path("cases/<id:pk>/disclosure/", lead_views.disclosure, name="disclosure"),
    path("cases/<id:pk>/job-seeker/", lead_views.job_seeker, name="job_seeker"),
    path("cases/<id:pk>/job-seeker/new/", seeker_views.create, name="job_seeker_create"),
]
