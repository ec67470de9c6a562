"""The secretariat's compiled progress report: /staff/pdca/compiled/…"""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from pdca.compiled import views

app_name = "pdca_report"

urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/xlsx/", views.xlsx, name="xlsx"),
    path("<id:pk>/pdf/", views.pdf, name="pdf"),
    path("<id:pk>/generate/<str:file_format>/", views.generate, name="generate"),
]
