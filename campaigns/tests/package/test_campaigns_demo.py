"""seed_demo's campaign data: a fictional campaign year of the current 年度 with fictional
events and participants, created once; a real year of that 年度 is never touched."""

import datetime

import pytest
from django.utils import timezone

from campaigns.demo import DEMO_EVENTS, current_fiscal_year, ensure_demo_campaign
from campaigns.models import CampaignEvent, CampaignYear, EventParticipation
from campaigns.package_section import _present
from core.tests.factories import LocalGovernmentFactory


@pytest.fixture
def lg(db):
    return LocalGovernmentFactory()


def test_the_demo_campaign_year_and_its_events_are_fictional_and_made_once(lg):
    years, events = ensure_demo_campaign(lg)
    assert (years["created"], events["created"]) == (1, len(DEMO_EVENTS))
    year = CampaignYear.objects.get(local_government=lg)
    assert year.fiscal_year == current_fiscal_year()
    assert "架空" in year.theme and "架空" in year.slogan
    made = CampaignEvent.objects.filter(campaign=year)
    assert made.count() == len(DEMO_EVENTS)
    assert all(event.is_fictional and "架空" in event.title for event in made)
    first, last = datetime.date(year.fiscal_year, 4, 1), datetime.date(year.fiscal_year + 1, 3, 31)
    assert all(first <= event.starts_on <= last for event in made)
    assert EventParticipation.objects.filter(event__campaign=year).exists()
    # a package still loads beside the demo year
    assert not _present(lg)

    years, events = ensure_demo_campaign(lg)
    assert (years["kept"], events["kept"], events["created"]) == (1, len(DEMO_EVENTS), 0)
    assert CampaignEvent.objects.count() == len(DEMO_EVENTS)


def test_a_deleted_event_stays_deleted_unless_restored(lg):
    ensure_demo_campaign(lg)
    CampaignEvent.objects.filter(title__contains="出前授業").delete()
    _years, events = ensure_demo_campaign(lg)
    assert events["deleted"] == 1
    _years, events = ensure_demo_campaign(lg, restore=True)
    assert events["created"] == 1


def test_a_real_year_of_the_current_fiscal_year_is_left_alone(lg):
    CampaignYear.objects.create(
        local_government=lg, fiscal_year=current_fiscal_year(timezone.localdate()), theme="本物"
    )
    years, events = ensure_demo_campaign(lg)
    assert not years and not events
    assert not CampaignEvent.objects.exists()
