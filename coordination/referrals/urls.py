"""URLs of support coordination: referrals (mounted under /staff/support/)."""

app_name = "referrals"

urlpatterns = []
