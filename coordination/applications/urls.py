"""URLs of applications (応募) to a 協力雇用主's posting (mounted under /staff/support/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination.applications import views

app_name = "applications"

urlpatterns = [
    path("cases/<id:pk>/referrals/apply/", views.create, name="create"),
    path("applications/", views.index, name="index"),
    path("applications/<id:pk>/", views.detail, name="detail"),
    path("applications/<id:pk>/transition/", views.transition, name="transition"),
]
