"""URLs of support coordination: referrals (mounted under /staff/support/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination.referrals import boxes, views

app_name = "referrals"

urlpatterns = [
    path("cases/<id:pk>/referrals/", views.for_case, name="for_case"),
    path("cases/<id:pk>/referrals/new/", views.create, name="create"),
    path("referrals/<id:pk>/", views.detail, name="detail"),
    path("referrals/<id:pk>/transition/", views.transition, name="transition"),
    path("referrals/inbox/", boxes.inbox, name="inbox"),
    path("referrals/outbox/", boxes.outbox, name="outbox"),
    path("referrals/dashboard/", boxes.dashboard, name="dashboard"),
    path("referrals/reasons/", boxes.reasons, name="reasons"),
]
