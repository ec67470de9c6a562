from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from directory.back_office import views
from directory.crisis import views as crisis_views

app_name = "directory_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("organizations.csv", views.organizations_csv, name="organizations_csv"),
    path("organizations/<id:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<id:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<id:pk>/verify/", views.organization_verify, name="organization_verify"),
    path(
        "organizations/<id:pk>/maintainer/",
        views.organization_maintainer,
        name="organization_maintainer",
    ),
    path("organizations/<id:pk>/services/new/", views.service_create, name="service_create"),
    path("services/", views.service_list, name="services"),
    path("services.csv", views.services_csv, name="services_csv"),
    path("services/<id:pk>/edit/", views.service_edit, name="service_edit"),
    path("changes/", views.change_list, name="changes"),
    path("changes/<id:pk>/", views.change_detail, name="change_detail"),
    path("changes/<id:pk>/review/", views.change_review, name="change_review"),
    path("crisis-terms/", crisis_views.term_list, name="crisis_terms"),
    path("crisis-terms.csv", crisis_views.terms_csv, name="crisis_terms_csv"),
    path("crisis-terms/<id:pk>/edit/", crisis_views.term_edit, name="crisis_term_edit"),
    path("crisis-terms/<id:pk>/delete/", crisis_views.term_delete, name="crisis_term_delete"),
]
