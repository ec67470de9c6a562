"""The secretariat's compiled progress report: /staff/pdca/compiled/…"""

from django.urls import path

import core.converters  # noqa: F401  (registers <id:…>)
from pdca import report_views

app_name = "pdca_report"

urlpatterns = [
    path("", report_views.index, name="index"),
    path("<id:pk>/", report_views.detail, name="detail"),
    path("<id:pk>/xlsx/", report_views.xlsx, name="xlsx"),
    path("<id:pk>/pdf/", report_views.pdf, name="pdf"),
]
