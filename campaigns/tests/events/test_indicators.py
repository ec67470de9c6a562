"""行事参加人数 and 推進大会参加人数 count themselves from the events, in the same transaction as
the change; 市民の認知度 is written from a survey with its source and sample size."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from campaigns.events import services
from campaigns.models import EventKind, ParticipantKind
from campaigns.tests.factories import CampaignYearFactory
from campaigns.tests.factories_events import campaign_indicators
from core.models import AuditEntry
from core.roles import Role
from pdca.indicators.status import counted_by
from pdca.models import IndicatorValue
from plans import indicator_codes

EVENTS = indicator_codes.CAMPAIGN_EVENT_PARTICIPANTS
RALLY = indicator_codes.CAMPAIGN_RALLY_PARTICIPANTS
AWARENESS = indicator_codes.CAMPAIGN_AWARENESS


@pytest.fixture
def indicators(city):
    return campaign_indicators(city.plan, city.pillars[0])


@pytest.fixture
def secretariat(city):
    return city.users[Role.SECRETARIAT]


def _value(indicator, period):
    item = IndicatorValue.objects.filter(indicator=indicator, period=period).first()
    return item.value if item else None


def _create(secretariat, campaign, *, kind=EventKind.STREET_CAMPAIGN, day, **counts):
    return services.event_create(
        actor=secretariat,
        local_government=campaign.local_government,
        values={"campaign": campaign, "kind": kind, "title": "架空の行事", "starts_on": day},
        participants=counts,
    )


def test_it_counts_every_event_of_the_fiscal_year_and_the_rallies_apart(
    city, indicators, secretariat
):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    _create(secretariat, campaign, day=datetime.date(2026, 7, 1), citizens=100, students=20)
    _create(
        secretariat, campaign, kind=EventKind.RALLY, day=datetime.date(2026, 7, 10), citizens=400
    )
    # March 2027 still belongs to fiscal 2026; April 2027 does not
    _create(secretariat, campaign, day=datetime.date(2027, 3, 31), volunteers=5)
    _create(secretariat, campaign, day=datetime.date(2027, 4, 1), citizens=7)

    assert _value(indicators[EVENTS], 2026) == 525
    assert _value(indicators[RALLY], 2026) == 400
    assert _value(indicators[EVENTS], 2027) == 7
    assert _value(indicators[RALLY], 2027) is None  # no rally that year: no value invented
    item = IndicatorValue.objects.get(indicator=indicators[EVENTS], period=2026)
    assert item.is_published
    assert "行事の記録から集計" in item.source


def test_changing_participants_or_the_date_recounts_both_years(city, indicators, secretariat):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    event = _create(
        secretariat, campaign, kind=EventKind.RALLY, day=datetime.date(2026, 7, 10), citizens=400
    )
    services.event_update(
        actor=secretariat,
        event=event,
        values={"starts_on": datetime.date(2026, 7, 10)},
        participants={ParticipantKind.CITIZENS: 450, ParticipantKind.PARTNERS: 50},
    )
    assert _value(indicators[RALLY], 2026) == 500

    services.event_update(
        actor=secretariat,
        event=event,
        values={"starts_on": datetime.date(2027, 7, 10)},
        participants={ParticipantKind.CITIZENS: 450, ParticipantKind.PARTNERS: 50},
    )
    assert _value(indicators[RALLY], 2026) == 0  # recounted, the old year keeps a true 0
    assert _value(indicators[RALLY], 2027) == 500

    services.event_delete(actor=secretariat, event=event)
    assert _value(indicators[RALLY], 2027) == 0
    assert _value(indicators[EVENTS], 2027) == 0


def test_the_writes_go_through_pdcas_audited_service(city, indicators, secretariat):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    _create(secretariat, campaign, day=datetime.date(2026, 7, 1), citizens=10)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"campaigns.event_create", "pdca.indicator_value_save"} <= actions


def test_an_event_refused_writes_no_count(city, indicators):
    campaign = CampaignYearFactory(local_government=city.lg, fiscal_year=2026)
    with pytest.raises(PermissionDenied):
        _create(city.users[Role.DEPARTMENT], campaign, day=datetime.date(2026, 7, 1), citizens=10)
    assert not IndicatorValue.objects.exists()


def test_the_indicator_pages_say_they_are_counted(client, city, indicators, secretariat):
    assert counted_by(indicators[EVENTS]) is not None
    assert counted_by(indicators[RALLY]) is not None
    assert counted_by(indicators[AWARENESS]) is None  # a survey figure, typed
    client.force_login(secretariat)
    response = client.get(reverse("pdca:indicator_values", kwargs={"pk": indicators[RALLY].pk}))
    page = response.content.decode()
    assert "記録から集計します" in page
    assert reverse("campaigns:index") in page
    # nothing to type by hand: a POST is refused and writes nothing
    response = client.post(
        reverse("pdca:indicator_values", kwargs={"pk": indicators[RALLY].pk}),
        {"period": 2026, "value": 999},
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_survey_writes_awareness_with_its_source_and_sample_size(city, indicators, secretariat):
    services.awareness_survey_save(
        actor=secretariat,
        local_government=city.lg,
        fiscal_year=2026,
        values={"percent": Decimal("21.5"), "sample_size": 1200, "source": "架空の市民アンケート"},
    )
    item = IndicatorValue.objects.get(indicator=indicators[AWARENESS], period=2026)
    assert item.value == Decimal("21.5")
    assert item.source == "架空の市民アンケート"
    assert item.note == "回答者数 1,200"
    # a correction of the same year overwrites it
    services.awareness_survey_save(
        actor=secretariat,
        local_government=city.lg,
        fiscal_year=2026,
        values={"percent": Decimal("22.0"), "sample_size": 1300, "source": "架空の市民アンケート"},
    )
    item.refresh_from_db()
    assert item.value == Decimal("22.0") and item.note == "回答者数 1,300"


def test_the_survey_form_refuses_a_percent_over_100(client, city, indicators, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("campaigns:awareness_save"),
        {"fiscal_year": 2026, "percent": "120", "sample_size": 10, "source": "架空"},
    )
    assert response.status_code == 400
    assert "0〜100の数を入力してください" in response.content.decode()
    assert not IndicatorValue.objects.exists()
