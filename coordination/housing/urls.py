"""A case's housing: find a home and send a housing referral (/staff/support/)."""

app_name = "case_housing"

urlpatterns = []
