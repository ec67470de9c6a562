"""The public portal for someone looking for help (/<lg>/help/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from directory.portal import views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    path("needs/<slug:code>/", views.need_detail, name="need"),
    path("services/<id:pk>/", views.service_detail, name="service"),
    path("services/<id:pk>/sheet.pdf", views.service_sheet, name="service_sheet"),
    path("navigator/", views.navigator, name="navigator"),
    path("navigator/sheet.pdf", views.navigator_sheet, name="navigator_sheet"),
    path("search/", views.search, name="search"),
]
