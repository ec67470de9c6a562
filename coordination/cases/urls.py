"""URLs of support coordination: cases (mounted under /staff/support/)."""

app_name = "cases"

urlpatterns = []
