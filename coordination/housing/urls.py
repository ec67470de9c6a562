"""A case's housing: find a home and send a housing referral (/staff/support/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination.housing import views

app_name = "case_housing"

urlpatterns = [
    path("cases/<id:pk>/housing/", views.find, name="find"),
    path("cases/<id:pk>/housing/homes/<id:home>/refer/", views.refer, name="refer"),
]
