"""The public progress report: /<lg>/progress/… (a year is four digits, so that a huge
number is a 404 rather than a database error)."""

from django.urls import path, re_path

import core.converters  # noqa: F401  (registers <id:…>)
from pdca import report_views

app_name = "progress"

urlpatterns = [
    path("", report_views.public_index, name="index"),
    re_path(r"^(?P<year>[0-9]{4})/$", report_views.public_year, name="year"),
    re_path(r"^(?P<year>[0-9]{4})\.xlsx$", report_views.public_xlsx, name="xlsx"),
    re_path(r"^(?P<year>[0-9]{4})\.pdf$", report_views.public_pdf, name="pdf"),
]
