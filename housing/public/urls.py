"""Public pages: safety-net homes whose landlords agreed, and the 市営住宅 rounds (/<lg>/housing/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from housing.public import views

app_name = "homes"

urlpatterns = [
    path("", views.index, name="index"),
    path("public-housing/", views.public_housing, name="public_housing"),
    path("<id:pk>/", views.detail, name="detail"),
]
