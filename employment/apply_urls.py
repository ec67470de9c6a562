"""Public: an employer applies online at /<lg>/employers/."""

from django.urls import path  # noqa: F401

app_name = "employer_apply"

urlpatterns: list = []
