from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from stats import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    # Before "<key>.csv", so that a series can never shadow the file of all statistics.
    path("statistics.csv", views.all_csv, name="all_csv"),
    path("<slug:key>.csv", views.series_csv, name="series_csv"),
    path("<slug:key>/", views.series_detail, name="series_detail"),
]
