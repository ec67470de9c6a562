"""The public page of the campaign's events (/<lg>/campaigns/) and its iCalendar feed.

Both are whole-page cached (core.web.pagecache): every write of a year or an event bumps the
body's content revision, so a change shows at once; what is "upcoming" moves with the day, and
a cached page is at most TSUNAGU_PAGE_CACHE_SECONDS old."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from campaigns.events import selectors
from campaigns.events.ical import calendar_bytes
from core.access import public
from core.tenancy import local_government_from_slug
from core.web.pagecache import cache_public_page
from core.web.params import int_param

FEED_DAYS_BACK = 366


@public
@cache_public_page
def index(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    year = int_param(request.GET, "year", minimum=2000, maximum=2100)
    found = selectors.public_events(local_government, today=timezone.localdate(), year=year)
    return render(
        request,
        "campaigns/events/public_index.html",
        {"local_government": local_government, "found": found, "year": year},
    )


@public
@cache_public_page
def ical(request, lg: str):
    local_government = local_government_from_slug(request, lg)
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    page = request.build_absolute_uri(reverse("campaign_events:index", kwargs={"lg": lg}))
    body = calendar_bytes(
        local_government,
        selectors.feed_events(local_government, since=since),
        page_url=page,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{local_government.slug}-campaign.ics"'
    return response
