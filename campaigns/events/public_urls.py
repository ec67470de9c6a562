"""Public pages of the campaign events and their iCalendar feed (/<lg>/campaigns/)."""

from django.urls import path

from campaigns.events import public_views

app_name = "campaign_events"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("events.ics", public_views.ical, name="ical"),
]
