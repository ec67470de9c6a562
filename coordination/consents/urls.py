"""URLs of support coordination: consents (mounted under /staff/support/)."""

app_name = "consents"

urlpatterns = []
