"""The reference indicator 求人情報誌の求人募集件数 (第4章第3節): the openings of the postings
printed in the issues of a fiscal year, and their recording as the indicator's actual."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employment.models import MagazineIssue, MagazineItem
from pdca.indicators.services import indicator_value_save
from plans import indicator_codes
from plans.models import Indicator

# The reference indicator of 第4章第3節 is found by its code (plans.indicator_codes), so the
# secretariat may reword its name; this is its name in the seed, shown when a plan has none.
INDICATOR_NAME = "求人情報誌の求人募集件数"  # i18n-data
INDICATOR_SOURCE = gettext_lazy("求人情報誌の発行号から集計")


def _fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def openings_count(local_government, fiscal_year: int) -> int:
    """Return the openings (募集人数) of the postings printed in the issues issued in
    `fiscal_year`, read from the items' snapshots (what was printed)."""
    first, last = _fiscal_year_bounds(fiscal_year)
    snapshots = MagazineItem.objects.filter(
        local_government=local_government,
        issue__status=MagazineIssue.Status.ISSUED,
        issue__issued_on__range=(first, last),
    ).values_list("snapshot", flat=True)
    return sum(int((snapshot or {}).get("openings") or 0) for snapshot in snapshots)


def indicators(local_government) -> QuerySet:
    """The local government's indicators 求人情報誌の求人募集件数 (one per plan that has it),
    found by code whatever their name, the newest plan's first."""
    return (
        Indicator.objects.filter(
            local_government=local_government, code=indicator_codes.JOB_MAGAZINE_POSTINGS
        )
        .select_related("plan", "local_government")
        .order_by("-plan__start_fiscal_year", "-plan_id")
    )


def indicator_name(local_government) -> str:
    """The indicator's name as the newest plan words it (the seed's name without one)."""
    indicator = indicators(local_government).first()
    return indicator.name if indicator is not None else INDICATOR_NAME


def record_indicator(*, actor, local_government, fiscal_year: int) -> list:
    """Record (or update) the indicator's actual for `fiscal_year` from the issues, for each
    plan whose period accepts that year; return the values written."""
    value = openings_count(local_government, fiscal_year)
    written = []
    for indicator in indicators(local_government):
        try:
            written.append(
                indicator_value_save(
                    actor=actor,
                    indicator=indicator,
                    period=fiscal_year,
                    value=value,
                    source=str(INDICATOR_SOURCE),
                    note=_("発行した号の掲載求人の募集人数の合計"),
                    publish=True,
                )
            )
        except ValidationError:
            continue  # the year lies outside this plan's period (an earlier or later plan)
    return written
