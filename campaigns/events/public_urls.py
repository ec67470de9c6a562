"""Public pages of the campaign events and their iCalendar feed (/<lg>/campaigns/)."""

app_name = "campaign_events"

urlpatterns = []
