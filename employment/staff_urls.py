"""Staff home of employment at /staff/employment/ (owner: employers part)."""

from django.urls import path

from employment import staff_views as views

app_name = "employment"

urlpatterns = [
    path("", views.index, name="index"),
]
