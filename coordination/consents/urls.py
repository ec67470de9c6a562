"""URLs of support coordination: consents (mounted under /staff/support/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination.consents import overrides, views

app_name = "consents"

urlpatterns = [
    path("cases/<id:pk>/consents/", views.index, name="index"),
    path("cases/<id:pk>/consents/new/", views.create, name="create"),
    path("cases/<id:pk>/override/", overrides.request_override, name="override_request"),
    path("consents/expiring/", views.expiring, name="expiring"),
    path("consents/<id:pk>/approve/", views.approve, name="approve"),
    path("consents/<id:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("consents/<id:pk>/form/", views.signed_form, name="signed_form"),
    path("consents/<id:pk>/print/", views.print_form, name="print"),
    path("overrides/", overrides.overrides, name="overrides"),
    path("overrides/<id:pk>/approve/", overrides.approve_override, name="override_approve"),
    path("overrides/<id:pk>/review/", overrides.review_override, name="override_review"),
]
