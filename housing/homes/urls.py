"""Staff pages of housing providers and their safety-net homes (/staff/housing/)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from housing.homes import import_views, provider_views, views

app_name = "housing"

urlpatterns = [
    path("", views.index, name="index"),
    path("homes.csv", views.home_csv, name="home_csv"),
    path("homes/new/", views.home_create, name="home_create"),
    path("homes/<id:pk>/", views.home_detail, name="home_detail"),
    path("homes/<id:pk>/edit/", views.home_edit, name="home_edit"),
    path("homes/<id:pk>/deactivate/", views.home_deactivate, name="home_deactivate"),
    path("homes/<id:pk>/reactivate/", views.home_reactivate, name="home_reactivate"),
    path("import/", import_views.import_file, name="import"),
    path("import/template.csv", import_views.import_template, name="import_template"),
    path("providers/", provider_views.providers, name="providers"),
    path("providers/new/", provider_views.provider_create, name="provider_create"),
    path("providers/<id:pk>/", provider_views.provider_detail, name="provider_detail"),
    path("providers/<id:pk>/edit/", provider_views.provider_edit, name="provider_edit"),
    path("our-profile/", provider_views.own_provider, name="own_provider"),
    path("acceptances/", provider_views.acceptances, name="acceptances"),
    path("acceptances/<id:pk>/", provider_views.acceptance_edit, name="acceptance_edit"),
    path("rules/", provider_views.rules, name="rules"),
]
