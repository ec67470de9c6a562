"""The industry gap at /staff/employment/gap/ (the public page is public_gap_urls.py)."""

from django.urls import path

from employment.gap import views

app_name = "industry_gap"

urlpatterns = [
    path("", views.staff_gap, name="index"),
    path("gap.csv", views.staff_gap_csv, name="csv"),
]
