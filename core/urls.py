from django.urls import path

from core import views
from core.web import health

app_name = "portal"

urlpatterns = [
    path("", views.root, name="root"),
    path("healthz", views.healthz, name="healthz"),
    # liveness and readiness (core/web/health.py; docs/deploy.md)
    path("healthz/live", health.live, name="live"),
    path("healthz/ready", health.ready, name="ready"),
    path("<slug:lg>/", views.local_government_home, name="local_government"),
]

opendata_patterns = (
    [
        path("", views.opendata_index, name="index"),
        path("datapackage.json", views.opendata_descriptor, name="descriptor"),
        path("datapackage.zip", views.opendata_zip, name="zip"),
        path("<slug:name>.csv", views.opendata_resource, name="resource"),
    ],
    "opendata",
)
