"""The public page of the industry gap at /<lg>/jobs/gap/ (aggregates only)."""

from django.urls import path

from employment.gap import views

app_name = "jobs_gap"

urlpatterns = [
    path("", views.public_gap, name="index"),
    path("gap.csv", views.public_gap_csv, name="csv"),
]
