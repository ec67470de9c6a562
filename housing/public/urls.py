"""Public pages: safety-net homes whose landlords agreed, and the 市営住宅 rounds (/<lg>/housing/)."""

app_name = "homes"

urlpatterns = []
