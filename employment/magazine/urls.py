"""The job magazine 「Change!」 at /staff/employment/magazine/."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from employment.magazine import views

app_name = "magazine"

urlpatterns = [
    path("", views.index, name="index"),
    path("issues.csv", views.issues_csv, name="issues_csv"),
    path("new/", views.issue_create, name="create"),
    path("<id:pk>/", views.issue_detail, name="detail"),
    path("<id:pk>/edit/", views.issue_edit, name="edit"),
    path("<id:pk>/delete/", views.issue_delete, name="delete"),
    path("<id:pk>/postings/", views.postings, name="postings"),
    path("<id:pk>/items/<id:item>/move/", views.item_move, name="item_move"),
    path("<id:pk>/items/<id:item>/remove/", views.item_remove, name="item_remove"),
    path("<id:pk>/issue/", views.issue_publish, name="publish"),
    path("<id:pk>/preview/", views.preview, name="preview"),
    path("<id:pk>/change.pdf", views.pdf, name="pdf"),
    path("<id:pk>/pdf-job/", views.pdf_job, name="pdf_job"),
    path("<id:pk>/distributions/new/", views.distribution_add, name="distribution_add"),
    path(
        "<id:pk>/distributions/<id:distribution>/delete/",
        views.distribution_delete,
        name="distribution_delete",
    ),
]
