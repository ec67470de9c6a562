"""URLs of support coordination: support (mounted under /staff/support/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination.support import aggregate_views, views

app_name = "support"

urlpatterns = [
    path("cases/<id:pk>/needs/", views.needs, name="needs"),
    path("cases/<id:pk>/needs/new/", views.needs_create, name="needs_create"),
    path("cases/<id:pk>/plan/", views.plan, name="plan"),
    path("cases/<id:pk>/plan/new/", views.plan_item_create, name="plan_item_create"),
    path("plan/items/<id:pk>/edit/", views.plan_item_edit, name="plan_item_edit"),
    path("plan/actions/", views.my_actions, name="my_actions"),
    path("cases/<id:pk>/conferences/", views.conferences, name="conferences"),
    path("cases/<id:pk>/conferences/new/", views.conference_create, name="conference_create"),
    path("conferences/<id:pk>/", views.conference_detail, name="conference_detail"),
    path("cases/<id:pk>/outcomes/", views.outcomes, name="outcomes"),
    path("cases/<id:pk>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path(
        "cases/<id:pk>/outcomes/from-hires/",
        views.outcomes_from_hires,
        name="outcomes_from_hires",
    ),
    path("support/aggregates/", aggregate_views.aggregates, name="aggregates"),
    path("support/aggregates.csv", aggregate_views.aggregates_csv, name="aggregates_csv"),
]
