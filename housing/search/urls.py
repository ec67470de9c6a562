"""The supporters' search of safety-net homes (/staff/housing/search/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from housing.search import views

app_name = "home_search"

urlpatterns = [
    path("", views.index, name="index"),
    path("homes.csv", views.homes_csv, name="csv"),
    path("<id:pk>/", views.detail, name="detail"),
]
