from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from plans import staff_views

app_name = "plan_admin"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("measures/new/", staff_views.measure_create, name="measure_create"),
    path("measures/<id:pk>/edit/", staff_views.measure_edit, name="measure_edit"),
    path("measures/<id:pk>/move/", staff_views.measure_move, name="measure_move"),
]
