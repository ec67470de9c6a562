"""Staff pages of the campaign years, committee and events (/staff/campaigns/)."""

app_name = "campaigns"

urlpatterns = []
