"""The public events as an iCalendar feed (RFC 5545), written with the `icalendar` library:
it escapes text (commas, semicolons, backslashes, new lines) and folds long lines.

An event with a time is timed in Asia/Tokyo (with its VTIMEZONE); one without is a whole day
(DTEND the day after its last day, as RFC 5545 says). The UID is stable per event and body."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from campaigns.models import CampaignEvent

PRODID = "-//Tsunagu//社会を明るくする運動//JA"  # i18n-data: an identifier, not interface text


def _event_component(event: CampaignEvent, *, local_government, page_url: str, zone):
    component = icalendar.Event()
    component.add("uid", f"campaign-event-{event.pk}@{local_government.code}.tsunagu")
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("summary", event.title)
    last_day = event.ends_on or event.starts_on
    if event.start_time:
        start = datetime.datetime.combine(event.starts_on, event.start_time, tzinfo=zone)
        component.add("dtstart", start)
        if event.end_time:
            component.add("dtend", datetime.datetime.combine(last_day, event.end_time, tzinfo=zone))
    else:
        component.add("dtstart", event.starts_on)
        component.add("dtend", last_day + datetime.timedelta(days=1))
    if event.place:
        component.add("location", event.place)
    description = [event.get_kind_display()]
    if event.organizer:
        description.append(_("主催: %(organizer)s") % {"organizer": event.organizer})
    if event.description:
        description.append(event.description)
    component.add("description", "\n".join(description))
    component.add("categories", [event.get_kind_display()])
    component.add("url", f"{page_url}#event-{event.pk}")
    return component


def calendar_bytes(local_government, events, *, page_url: str) -> bytes:
    """The feed of `events` (dated, public) of `local_government`."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("%(name)s 社会を明るくする運動の行事") % {"name": local_government.name}
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        if event.starts_on is None:
            continue
        calendar.add_component(
            _event_component(event, local_government=local_government, page_url=page_url, zone=zone)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
