from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from stats import staff_views

app_name = "stats_admin"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("import/", staff_views.import_values, name="import"),
    path("template.csv", staff_views.template_csv, name="template"),
    path("template-job/", staff_views.template_job, name="template_job"),
]
