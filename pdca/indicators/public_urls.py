from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from pdca.indicators import public_views

app_name = "pdca_public"

urlpatterns = [
    path("indicators/<id:pk>/", public_views.indicator_detail, name="indicator_detail"),
]
