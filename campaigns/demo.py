"""A fictional campaign year for the demo (manage.py seed_demo): 社会を明るくする運動 of the
current 年度 with a few fictional events (架空) and their participants, so that the events
pages and the counted indicators have something to show. Every name is made up and marked
（架空）. Each record is created once (accounts/demo.py): one a user edited is kept as it is,
one a user deleted stays deleted unless `seed_demo --restore`. A real campaign year of the
current 年度 is never touched: then the demo adds no year and no events.

Written directly (no audit entry), like the other demo data: development only (seed_demo
refuses to run in production).

# i18n-data-file: every string here is fictional demo data, not interface text.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from accounts import demo
from campaigns.models import (
    CampaignEvent,
    CampaignYear,
    EventKind,
    EventParticipation,
    ParticipantKind,
)

YEAR_KEY = "campaigns:year"
P = ParticipantKind

# (kind, title, (month, day) of the 年度, days it lasts, place, organizer, participants)
DEMO_EVENTS = [
    (EventKind.MESSAGE_CEREMONY, "総理大臣・県知事メッセージ伝達式（架空）", (7, 1), 1,
     "つなぐ市役所 市長応接室（架空）", "つなぐ市推進委員会（架空）", {P.PARTNERS: 30}),
    (EventKind.RALLY, "“社会を明るくする運動”つなぐ市推進大会（架空）", (7, 10), 1,
     "つなぐ市民会館（架空）", "つなぐ市推進委員会（架空）",
     {P.CITIZENS: 210, P.VOLUNTEERS: 85, P.PARTNERS: 40}),
    (EventKind.EXHIBITION, "市役所ロビーの啓発展示（架空）", (7, 1), 31,
     "つなぐ市役所 1階ロビー（架空）", "生活安全課（架空）", {}),
    (EventKind.STREET_CAMPAIGN, "駅前の街頭啓発（架空）", (7, 15), 1,
     "つなぐ駅前広場（架空）", "つなぐ地区保護司会（架空）", {P.VOLUNTEERS: 25, P.CITIZENS: 60}),
    (EventKind.SCHOOL_LESSON, "保護司による出前授業（架空）", (7, 20), 1,
     "つなぐ市立中学校（架空）", "つなぐ地区保護司会（架空）", {P.STUDENTS: 120, P.VOLUNTEERS: 4}),
    (EventKind.ESSAY_CONTEST, "作文コンテスト表彰式（架空）", (2, 15), 1,
     "つなぐ市民会館（架空）", "つなぐ市推進委員会（架空）", {P.STUDENTS: 15, P.CITIZENS: 30}),
]  # fmt: skip


def current_fiscal_year(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def _exists(model):
    return lambda pk: model.objects.filter(pk=pk).exists()


def _day(fiscal_year: int, month: int, day: int) -> datetime.date:
    return datetime.date(fiscal_year if month >= 4 else fiscal_year + 1, month, day)


@transaction.atomic
def ensure_demo_campaign(local_government, *, restore=False) -> tuple[Counter, Counter]:
    """The fictional campaign year of the current 年度 and its events, each created once;
    return the counts (created, kept, deleted) of the year and of the events."""
    years: Counter = Counter()
    events: Counter = Counter()
    record = demo.seeded(local_government, YEAR_KEY)
    year = (
        CampaignYear.objects.filter(pk=record.object_id, local_government=local_government).first()
        if record
        else None
    )
    if year is not None:
        years["kept"] += 1
    elif record is not None and not restore:
        years["deleted"] += 1
        return years, events
    else:
        fiscal_year = current_fiscal_year()
        if CampaignYear.objects.filter(
            local_government=local_government, fiscal_year=fiscal_year
        ).exists():
            return years, events  # a real year of this 年度: the demo leaves it alone
        year = CampaignYear.objects.create(
            local_government=local_government,
            fiscal_year=fiscal_year,
            theme="地域で支える立ち直り（架空）",
            slogan="ただいまを言える街に（架空）",
            note="デモ用の架空の年度です。",
            source_note="架空",
        )
        demo.remember(local_government, YEAR_KEY, year)
        years["created"] += 1
    for number, event in enumerate(DEMO_EVENTS, start=1):
        key = f"campaigns:event:{number}"
        record = demo.seeded(local_government, key)
        if record is not None and _exists(CampaignEvent)(record.object_id):
            events["kept"] += 1
            continue
        if not demo.should_create(local_government, key, _exists(CampaignEvent), restore=restore):
            events["deleted"] += 1
            continue
        demo.remember(local_government, key, _event(year, *event))
        events["created"] += 1
    return years, events


def _event(year, kind, title, month_day, days, place, organizer, participants) -> CampaignEvent:
    starts_on = _day(year.fiscal_year, *month_day)
    event = CampaignEvent(
        local_government=year.local_government,
        campaign=year,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1) if days > 1 else None,
        start_time=None if days > 1 else datetime.time(13, 30),
        end_time=None if days > 1 else datetime.time(15, 0),
        place=place,
        organizer=organizer,
        description="デモ用の架空の行事です。",
        is_public=True,
        is_fictional=True,
        source_note="架空",
    )
    event.full_clean()
    event.save()
    for participant_kind, count in participants.items():
        EventParticipation.objects.create(
            local_government=year.local_government, event=event, kind=participant_kind, count=count
        )
    return event
