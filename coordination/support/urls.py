"""URLs of support coordination: support (mounted under /staff/support/)."""

app_name = "support"

urlpatterns = []
