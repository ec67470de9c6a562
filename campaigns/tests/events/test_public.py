"""The public events page (upcoming first, then past by year, 和暦 with the Western year) and
the iCalendar feed of the public events."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.events import services
from campaigns.models import EventKind
from campaigns.tests.factories import CampaignEventFactory, CampaignYearFactory
from core.roles import Role
from core.wareki import fiscal_year_of


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def events(city, today):
    this_year = CampaignYearFactory(
        local_government=city.lg,
        fiscal_year=fiscal_year_of(today),
        theme="架空の今年のテーマ",
        slogan="架空の標語",
    )
    last_year = CampaignYearFactory(local_government=city.lg, fiscal_year=fiscal_year_of(today) - 1)
    return {
        "later": CampaignEventFactory(
            campaign=this_year,
            title="架空の後の行事",
            starts_on=today + datetime.timedelta(days=20),
        ),
        "soon": CampaignEventFactory(
            campaign=this_year,
            kind=EventKind.RALLY,
            title="架空の推進大会",
            starts_on=today + datetime.timedelta(days=3),
            start_time=datetime.time(13, 30),
            end_time=datetime.time(15, 0),
            place="架空市民会館, 大ホール; 2階",
            description="どなたでも参加できます。\n入場無料。",
        ),
        "past": CampaignEventFactory(
            campaign=last_year,
            title="架空の去年の行事",
            starts_on=today - datetime.timedelta(days=300),
        ),
        "hidden": CampaignEventFactory(
            campaign=this_year,
            title="架空の内部の行事",
            starts_on=today + datetime.timedelta(days=5),
            is_public=False,
        ),
    }


def test_upcoming_events_come_first_soonest_first_then_the_past(client, city, events):
    page = client.get(reverse("campaign_events:index", kwargs={"lg": city.lg.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert (
        text.index("架空の推進大会") < text.index("架空の後の行事") < text.index("架空の去年の行事")
    )
    assert "架空の内部の行事" not in text
    assert "架空の今年のテーマ" in text
    assert f"（{events['soon'].starts_on.year}年）" in text  # 和暦 with the Western year
    assert "令和" in text


def test_a_past_year_can_be_chosen_and_junk_is_ignored(client, city, events, today):
    url = reverse("campaign_events:index", kwargs={"lg": city.lg.slug})
    text = client.get(url, {"year": fiscal_year_of(today) - 1}).content.decode()
    assert "架空の去年の行事" in text
    assert client.get(url, {"year": "<script>"}).status_code == 200


def test_the_page_shows_a_change_at_once_despite_the_cache(client, city, events, settings):
    settings.TSUNAGU_PAGE_CACHE_SECONDS = 600
    url = reverse("campaign_events:index", kwargs={"lg": city.lg.slug})
    client.get(url)
    assert client.get(url)["X-Tsunagu-Cache"] == "hit"
    services.event_update(
        actor=city.users[Role.SECRETARIAT],
        event=events["soon"],
        values={"title": "架空の推進大会（会場変更）"},
        participants={},
    )
    assert "会場変更" in client.get(url).content.decode()


def test_another_bodys_events_stay_on_its_own_page(client, city, events):
    from core.tests.factories import LocalGovernmentFactory

    other = LocalGovernmentFactory(slug="othercamp")
    url = reverse("campaign_events:index", kwargs={"lg": other.slug})
    assert "架空の推進大会" not in client.get(url).content.decode()


def test_the_feed_is_an_icalendar_of_the_public_events(client, city, events):
    response = client.get(reverse("campaign_events:ical", kwargs={"lg": city.lg.slug}))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded (RFC 5545 3.1)
    calendar = icalendar.Calendar.from_ical(body)
    found = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(found) == {"架空の推進大会", "架空の後の行事", "架空の去年の行事"}
    rally = found["架空の推進大会"]
    start = rally.decoded("dtstart")
    assert start.hour == 13 and start.minute == 30 and str(start.tzinfo) == "Asia/Tokyo"
    assert str(rally["location"]) == "架空市民会館, 大ホール; 2階"  # escaped and read back
    assert (
        b"LOCATION:\xe6\x9e\xb6\xe7\xa9\xba\xe5\xb8\x82\xe6\xb0\x91\xe4\xbc\x9a\xe9\xa4\xa8\\,"
        in body
    )
    assert "入場無料" in str(rally["description"])
    whole_day = found["架空の後の行事"]
    day = events["later"].starts_on
    assert whole_day.decoded("dtstart") == day
    assert whole_day.decoded("dtend") == day + datetime.timedelta(days=1)
    assert str(whole_day["uid"]).startswith(f"campaign-event-{events['later'].pk}@")


def test_the_page_asks_the_same_number_of_queries_whatever_the_events(
    client, city, events, today, settings
):
    settings.TSUNAGU_PAGE_CACHE_SECONDS = 0
    url = reverse("campaign_events:index", kwargs={"lg": city.lg.slug})

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(3):
        campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2010 + year)
        for n in range(5):
            CampaignEventFactory(
                campaign=campaign, starts_on=today + datetime.timedelta(days=n + 1)
            )
            CampaignEventFactory(
                campaign=campaign, starts_on=today - datetime.timedelta(days=400 + n)
            )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
