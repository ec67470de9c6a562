"""REST API of support coordination at /api/v1/<lg>/support/ (staff only)."""

from django.urls import path

import core.web.converters  # noqa: F401  (registers <id:…>)
from coordination import api

app_name = "support_api"

urlpatterns = [
    path("cases/", api.CaseList.as_view(), name="case_list"),
    path("cases/<id:pk>/", api.CaseDetail.as_view(), name="case_detail"),
    path("referrals/", api.ReferralList.as_view(), name="referral_list"),
    path("referrals/<id:pk>/", api.ReferralDetail.as_view(), name="referral_detail"),
    path("referrals/<id:pk>/fhir/", api.ReferralFHIR.as_view(), name="referral_fhir"),
]
