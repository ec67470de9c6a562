"""Staff pages of housing providers and their safety-net homes (/staff/housing/)."""

app_name = "housing"

urlpatterns = []
