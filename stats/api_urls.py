from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from stats import api

app_name = "stats_api"

urlpatterns = [
    path("", api.SeriesList.as_view(), name="series_list"),
    path("<slug:key>/", api.SeriesDetail.as_view(), name="series_detail"),
]
