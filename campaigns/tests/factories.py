"""Factories for campaigns tests, shared by its parts (each part keeps its own extras in
factories_<part>.py). Everything they make is fictional (架空)."""

import datetime

import factory

from campaigns.models import (
    CampaignEvent,
    CampaignYear,
    EventKind,
    EventParticipation,
    ParticipantKind,
    RecruitmentActivity,
)
from core.tests.factories import LocalGovernmentFactory


class CampaignYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignYear
        django_get_or_create = ("local_government", "fiscal_year")

    local_government = factory.SubFactory(LocalGovernmentFactory)
    fiscal_year = 2026
    theme = "架空のテーマ"
    slogan = "架空の標語"


class CampaignEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignEvent

    campaign = factory.SubFactory(CampaignYearFactory)
    local_government = factory.SelfAttribute("campaign.local_government")
    kind = EventKind.STREET_CAMPAIGN
    title = factory.Sequence(lambda n: f"架空の街頭啓発{n}")
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.campaign.fiscal_year, 7, 1))
    place = "架空広場"
    organizer = "架空の実施委員会"
    is_fictional = True


class EventParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventParticipation

    event = factory.SubFactory(CampaignEventFactory)
    local_government = factory.SelfAttribute("event.local_government")
    kind = ParticipantKind.CITIZENS
    count = 10


class RecruitmentActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentActivity

    local_government = factory.SubFactory(LocalGovernmentFactory)
    kind = RecruitmentActivity.Kind.LEAFLETS
    held_on = datetime.date(2026, 6, 1)
    audience = "定年退職予定の市職員（架空）"
    count = 100
