from django.urls import path

from plans import staff_views

app_name = "plan_admin"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("measures/new/", staff_views.measure_create, name="measure_create"),
    path("measures/<int:pk>/edit/", staff_views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/move/", staff_views.measure_move, name="measure_move"),
]
