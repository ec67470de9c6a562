"""社会を明るくする運動 for synthetic local governments (manage.py seed_synthetic): campaign
years, a small committee, events with their participants by kind, all fictional (架空).

Each body gets the campaign years from three fiscal years ago to next year and about
TSUNAGU_SYNTHETIC_CAMPAIGN_EVENTS events in all (≈50,000 at N=1,741), most of them in July
(the campaign month), a few public ones still to come; one to three participant kinds each.
The indicators are not written here: a synthetic body has no plan with their codes.

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone

from campaigns.models import (
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventKind,
    EventParticipation,
    ParticipantKind,
)
from core import synthetic
from core.models import LocalGovernment
from core.wareki import fiscal_year_of

YEARS_BACK = 3
YEARS_AHEAD = 1
# kind, weight, participants (low, high)
KINDS = [
    (EventKind.STREET_CAMPAIGN, 30, (10, 80)),
    (EventKind.SCHOOL_LESSON, 25, (20, 200)),
    (EventKind.EXHIBITION, 15, (50, 600)),
    (EventKind.RALLY, 8, (100, 800)),
    (EventKind.MESSAGE_CEREMONY, 6, (10, 60)),
    (EventKind.PARADE, 6, (50, 400)),
    (EventKind.ESSAY_CONTEST, 5, (30, 500)),
    (EventKind.OTHER, 5, (10, 100)),
]
PLACES = [
    "架空市民会館",
    "架空駅前広場",
    "架空小学校",
    "架空中学校",
    "架空市役所ロビー",
    "架空公園",
]
MEMBERS = ["架空保護司会", "架空更生保護女性会", "架空BBS会", "架空市PTA連絡協議会", "架空市役所"]


def _kind(rng: random.Random):
    total = sum(weight for _kind, weight, _range in KINDS)
    pick = rng.uniform(0, total)
    for kind, weight, spread in KINDS:
        pick -= weight
        if pick <= 0:
            return kind, spread
    return KINDS[-1][0], KINDS[-1][2]


def _day(rng: random.Random, fiscal_year: int) -> datetime.date:
    if rng.random() < 0.7:  # the campaign month
        return datetime.date(fiscal_year, 7, rng.randint(1, 31))
    start = datetime.date(fiscal_year, 4, 1)
    return start + datetime.timedelta(days=rng.randint(0, 364))


def seed_campaigns(
    local_governments: list[LocalGovernment], rng: random.Random, *, batch_size: int = 2000
) -> None:
    per_body = settings.TSUNAGU_SYNTHETIC_CAMPAIGN_EVENTS
    if not per_body:
        return
    this_year = fiscal_year_of(timezone.localdate())
    fiscal_years = range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1)
    years = [
        CampaignYear(
            local_government=lg,
            fiscal_year=fiscal_year,
            theme=f"架空のテーマ{fiscal_year}",
            slogan="立ち直りを支える架空の標語",
            note="架空",
        )
        for lg in local_governments
        for fiscal_year in fiscal_years
    ]
    CampaignYear.objects.bulk_create(years, batch_size=batch_size)
    years = list(
        CampaignYear.objects.filter(local_government__in=local_governments).order_by(
            "local_government_id", "fiscal_year"
        )
    )
    by_body: dict[int, list[CampaignYear]] = {}
    for year in years:
        by_body.setdefault(year.local_government_id, []).append(year)
    members = [
        CommitteeMember(
            local_government_id=year.local_government_id, campaign=year, name=name, order=order
        )
        for year in years
        if year.fiscal_year == this_year
        for order, name in enumerate(MEMBERS)
    ]
    CommitteeMember.objects.bulk_create(members, batch_size=batch_size)

    events, counts = [], []
    for lg in local_governments:
        body_years = by_body[lg.pk]
        # a spread around the mean: some bodies hold many events, some few
        how_many = max(1, round(rng.gauss(per_body, per_body / 3)))
        for number in range(how_many):
            year = rng.choice(body_years)
            kind, (low, high) = _kind(rng)
            day = _day(rng, year.fiscal_year)
            events.append(
                CampaignEvent(
                    local_government=lg,
                    campaign=year,
                    kind=kind,
                    title=f"架空の{kind.label}{number + 1}",
                    starts_on=day,
                    start_time=datetime.time(rng.choice([10, 13, 14]), 0)
                    if rng.random() < 0.6
                    else None,
                    place=rng.choice(PLACES),
                    organizer="架空の推進委員会",
                    is_public=rng.random() < 0.85,
                    is_fictional=True,
                )
            )
            kinds = rng.sample(ParticipantKind.values, rng.randint(1, 3))
            counts.append([(k, rng.randint(low, high)) for k in kinds])
    CampaignEvent.objects.bulk_create(events, batch_size=batch_size)
    participations = [
        EventParticipation(
            local_government_id=event.local_government_id, event_id=event.pk, kind=k, count=n
        )
        for event, pairs in zip(events, counts, strict=True)
        for k, n in pairs
    ]
    EventParticipation.objects.bulk_create(participations, batch_size=batch_size)


synthetic.register("campaigns", seed_campaigns)
