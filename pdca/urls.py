from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from pdca import views
from pdca.indicators import views as indicator_views
from pdca.reminders import views as reminder_views
from pdca.reports import views as report_views

app_name = "pdca"

urlpatterns = [
    path("", views.index, name="index"),
    path("cycles/open/", views.cycle_open, name="cycle_open"),
    path("cycles/<id:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<id:pk>/edit/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<id:pk>/reports/", report_views.report_list, name="report_list"),
    path("cycles/<id:pk>/reminders/", reminder_views.reminders_page, name="reminders"),
    path("reports/<id:pk>/", report_views.report_detail, name="report_detail"),
    path("reports/<id:pk>/edit/", report_views.report_edit, name="report_edit"),
    path("reports/<id:pk>/review/", report_views.report_review, name="report_review"),
    path("reports/<id:pk>/compare/", report_views.report_compare, name="report_compare"),
    path("indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("indicators/<id:pk>/", indicator_views.indicator_values, name="indicator_values"),
    path(
        "indicator-values/<id:pk>/delete/",
        indicator_views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path("plan/next/", views.plan_next, name="plan_next"),
]
