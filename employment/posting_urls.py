"""Postings in the back office (employers, secretariat, supporters) at /staff/employment/postings/."""

from django.urls import path  # noqa: F401

app_name = "postings"

urlpatterns: list = []
