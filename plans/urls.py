from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("pillars/<id:number>/", views.pillar_detail, name="pillar_detail"),
    path("measures/<id:pk>/", views.measure_detail, name="measure_detail"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<id:pk>/", views.department_detail, name="department_detail"),
    path("partners/", views.partner_list, name="partner_list"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("glossary/", views.glossary, name="glossary"),
    path("search/", views.search, name="search"),
]
