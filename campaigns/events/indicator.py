"""The reference indicators of 社会を明るくする運動 (第4章第1節), written through pdca's audited
service (pdca.indicators.services.indicator_value_save), never typed on the indicator page:

- 行事参加人数: the participants of all the body's events held in a fiscal year;
- 推進大会参加人数: those of its events of kind 推進大会;
- 市民の認知度: a survey figure (`AwarenessSurvey`) with its source and sample size.

The two counts are recounted by campaigns.events.services on every change of an event or its
participants, in the change's own transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import AwarenessSurvey, EventKind, EventParticipation
from pdca.indicators.services import indicator_value_save
from pdca.indicators.status import CountedIndicator
from pdca.models import IndicatorValue
from plans import indicator_codes
from plans.models import Indicator

EVENTS_SOURCE = gettext_lazy("社会を明るくする運動の行事の記録から集計")
RALLY_SOURCE = gettext_lazy("社会を明るくする運動の推進大会の記録から集計")


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def participants_count(local_government, fiscal_year: int, *, kind: str = "") -> int:
    """Return the participants of the body's events held in `fiscal_year` (of `kind` if
    given); an event without a date counts nowhere."""
    participations = EventParticipation.objects.filter(
        local_government=local_government,
        event__starts_on__range=fiscal_year_bounds(fiscal_year),
    )
    if kind:
        participations = participations.filter(event__kind=kind)
    return participations.aggregate(total=Sum("count"))["total"] or 0


def indicators(local_government, code: str):
    """The body's indicators of `code` (one per plan that has it), the newest plan's first."""
    return (
        Indicator.objects.filter(local_government=local_government, code=code)
        .select_related("plan", "local_government")
        .order_by("-plan__start_fiscal_year", "-plan_id")
    )


def _write(*, actor, indicator, fiscal_year: int, value, source: str, note: str):
    try:
        return indicator_value_save(
            actor=actor,
            indicator=indicator,
            period=fiscal_year,
            value=value,
            source=source,
            note=note,
            publish=True,
        )
    except ValidationError:
        return None  # the year lies outside this plan's period (an earlier or later plan)


# (code, event kind counted or "" for all, source, note)
COUNTS = (
    (
        indicator_codes.CAMPAIGN_EVENT_PARTICIPANTS,
        "",
        EVENTS_SOURCE,
        gettext_lazy("その年度に開催した行事の参加者数の合計"),
    ),
    (
        indicator_codes.CAMPAIGN_RALLY_PARTICIPANTS,
        EventKind.RALLY,
        RALLY_SOURCE,
        gettext_lazy("その年度に開催した推進大会の参加者数の合計"),
    ),
)


def record_event_indicators(*, actor, local_government, fiscal_year: int) -> list:
    """Recount 行事参加人数 and 推進大会参加人数 of `fiscal_year` and write them to each plan
    whose period accepts that year. A year with nothing counted and no value yet is left
    without one (no 0 for a year the body never recorded); return the values written."""
    written = []
    for code, kind, source, note in COUNTS:
        found = list(indicators(local_government, code))
        if not found:
            continue
        value = participants_count(local_government, fiscal_year, kind=kind)
        for indicator in found:
            if (
                not value
                and not IndicatorValue.objects.filter(
                    indicator=indicator, period=fiscal_year
                ).exists()
            ):
                continue
            item = _write(
                actor=actor,
                indicator=indicator,
                fiscal_year=fiscal_year,
                value=Decimal(value),
                source=str(source),
                note=str(note),
            )
            if item is not None:
                written.append(item)
    return written


def record_awareness(*, actor, survey: AwarenessSurvey) -> list:
    """Write the survey's figure to 市民の認知度 with its source and sample size."""
    written = []
    for indicator in indicators(survey.local_government, indicator_codes.CAMPAIGN_AWARENESS):
        item = _write(
            actor=actor,
            indicator=indicator,
            fiscal_year=survey.fiscal_year,
            value=survey.percent,
            source=survey.source,
            note=_("回答者数 %(n)s") % {"n": f"{survey.sample_size:,}"},
        )
        if item is not None:
            written.append(item)
    return written


# Registered in CampaignsConfig.ready(): pdca shows these as counted, with no entry form.
COUNTED = tuple(
    CountedIndicator(code=code, source=source, url_name="campaigns:index")
    for code, _kind, source, _note in COUNTS
)
