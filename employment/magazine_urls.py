"""The job magazine 「Change!」 at /staff/employment/magazine/."""

from django.urls import path  # noqa: F401

app_name = "magazine"

urlpatterns: list = []
