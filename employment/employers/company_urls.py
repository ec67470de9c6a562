"""An employer's own company at /staff/employment/company/."""

from django.urls import path

from employment.employers import company_views as views

app_name = "company"

urlpatterns = [
    path("", views.detail, name="detail"),
    path("edit/", views.edit, name="edit"),
]
