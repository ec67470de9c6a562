"""REST API of published postings at /api/v1/<lg>/jobs/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment import api

app_name = "jobs_api"

urlpatterns = [
    path("", api.PostingList.as_view(), name="posting_list"),
    path("<id:pk>/", api.PostingDetail.as_view(), name="posting_detail"),
]
