"""Extras of the events part's tests: the campaign's reference indicators of a plan, found by
their codes as the program finds them (all 架空)."""

from __future__ import annotations

from campaigns.models import AwarenessSurvey
from plans import indicator_codes
from plans.models import Indicator
from plans.tests.factories import IndicatorFactory


def campaign_indicators(plan, pillar=None) -> dict[str, Indicator]:
    """行事参加人数, 推進大会参加人数 and 市民の認知度 of `plan`, by code."""
    specs = [
        (indicator_codes.CAMPAIGN_EVENT_PARTICIPANTS, "行事参加人数（架空）", "人", 8311, 9000),
        (indicator_codes.CAMPAIGN_RALLY_PARTICIPANTS, "推進大会参加人数（架空）", "人", 452, 752),
        (indicator_codes.CAMPAIGN_AWARENESS, "市民の認知度（架空）", "％", 18, None),
    ]
    found = {}
    for code, name, unit, baseline, target in specs:
        found[code] = IndicatorFactory(
            plan=plan,
            pillar=pillar,
            kind=Indicator.Kind.REFERENCE,
            code=code,
            name=name,
            unit=unit,
            baseline_value=baseline,
            baseline_year=2019,
            target_value=target,
            target_direction="" if target is not None else "increase",
            target_year=2023,
            better=Indicator.Better.HIGHER,
        )
    return found


def awareness_survey(local_government, **values) -> AwarenessSurvey:
    defaults = {
        "fiscal_year": 2026,
        "percent": "21.5",
        "sample_size": 1200,
        "source": "架空の市民アンケート",
    }
    return AwarenessSurvey.objects.create(local_government=local_government, **(defaults | values))
