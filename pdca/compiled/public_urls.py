"""The public progress report: /<lg>/progress/… (a year is four digits, so that a huge
number is a 404 rather than a database error)."""

from django.urls import path, re_path

import core.web.converters  # noqa: F401  (registers <id:…>)
from pdca.compiled import views

app_name = "progress"

urlpatterns = [
    path("", views.public_index, name="index"),
    re_path(r"^(?P<year>[0-9]{4})/$", views.public_year, name="year"),
    re_path(r"^(?P<year>[0-9]{4})\.xlsx$", views.public_xlsx, name="xlsx"),
    re_path(r"^(?P<year>[0-9]{4})\.pdf$", views.public_pdf, name="pdf"),
]
