"""The secretariat's pages of the 市営住宅 rounds and rules (/staff/housing/public-housing/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from housing.public_housing import views

app_name = "public_housing"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<id:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<id:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<id:pk>/unpublish/", views.round_unpublish, name="round_unpublish"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<id:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("rules/<id:pk>/up/", views.rule_up, name="rule_up"),
    path("rules/<id:pk>/down/", views.rule_down, name="rule_down"),
]
