from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from plans import api

app_name = "plans_api"

urlpatterns = [
    path("plan/", api.PlanDetail.as_view(), name="plan"),
    path("measures/", api.MeasureList.as_view(), name="measure_list"),
    path("measures/<id:pk>/", api.MeasureDetail.as_view(), name="measure_detail"),
    path("departments/", api.DepartmentList.as_view(), name="department_list"),
    path("indicators/", api.IndicatorList.as_view(), name="indicator_list"),
]
