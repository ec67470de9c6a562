"""Reads of the volunteers part: the 保護司 figures (statistics series), the recruitment
activities of a body, and who may change them. Every query filters by the local government;
another body's record is a 404."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from campaigns.models import RecruitmentActivity
from core.access import has_role
from core.models import LocalGovernment
from core.roles import Role
from core.wareki import fiscal_year_of
from plans import selectors as plan_selectors
from plans.models import Measure, Plan
from stats.models import StatisticSeries, StatisticValue

# The series of 表5 and the 定数 (Kumamoto's plan package, statistics/series.csv).
OFFICERS_SERIES = "volunteer_probation_officers"
AGE_SERIES = "volunteer_probation_officers_avg_age"
QUOTA_SERIES = "volunteer_probation_officer_quota"

# A measure that speaks of 保護司 is offered first when an activity is linked to a measure.
MEASURE_TERM = "保護司"  # i18n-data (searched for in the plan's text)


def can_manage(user, local_government: LocalGovernment) -> bool:
    """The secretariat of the body keeps the 保護司 figures and the recruitment records."""
    return has_role(user, [Role.SECRETARIAT]) and user.local_government_id == local_government.pk


# --- the 保護司 figures ----------------------------------------------------------------------


@dataclass
class OfficerYear:
    period: int  # the calendar year of the series (its values are 「1月末現在」 and the like)
    count: Decimal | None = None
    average_age: Decimal | None = None
    note: str = ""


@dataclass
class OfficerFigures:
    officers: StatisticSeries | None
    age: StatisticSeries | None
    quota_series: StatisticSeries | None
    years: list[OfficerYear] = field(default_factory=list)
    quota: Decimal | None = None
    quota_period: int | None = None

    @property
    def latest(self) -> OfficerYear | None:
        counted = [year for year in self.years if year.count is not None]
        return counted[-1] if counted else None

    @property
    def shortfall(self) -> Decimal | None:
        """How many fewer 保護司 than the 定数 in the latest year (negative: more)."""
        latest = self.latest
        if latest is None or self.quota is None:
            return None
        return self.quota - latest.count

    @property
    def as_of(self) -> str:
        """The date the figures are stated at, as the latest value's note says (「1月末現在」)."""
        latest = self.latest
        return latest.note if latest is not None else ""


def officer_figures(local_government: LocalGovernment) -> OfficerFigures:
    """The 保護司 count and average age by year and the latest 定数, in two queries."""
    series = {
        item.key: item
        for item in StatisticSeries.objects.filter(
            local_government=local_government,
            key__in=[OFFICERS_SERIES, AGE_SERIES, QUOTA_SERIES],
        )
    }
    figures = OfficerFigures(
        series.get(OFFICERS_SERIES), series.get(AGE_SERIES), series.get(QUOTA_SERIES)
    )
    if not series:
        return figures
    values = StatisticValue.objects.filter(
        series__in=list(series.values()),
        area=local_government.name,
        breakdown_kind="",
        breakdown="",
    ).values_list("series__key", "period", "value", "note")
    years: dict[int, OfficerYear] = {}
    for key, period, value, note in values.order_by("period"):
        if key == QUOTA_SERIES:
            figures.quota, figures.quota_period = value, period  # the latest stated 定数
            continue
        year = years.setdefault(period, OfficerYear(period))
        if key == OFFICERS_SERIES:
            year.count, year.note = value, note or year.note
        else:
            year.average_age = value
            year.note = year.note or note
    figures.years = [years[period] for period in sorted(years)]
    return figures


# --- recruitment activities -----------------------------------------------------------------

SORTS = {
    "held_on": ("held_on", "id"),
    "-held_on": ("-held_on", "-id"),
    "kind": ("kind", "-held_on", "-id"),
    "count": ("count", "-held_on", "-id"),
    "-count": ("-count", "-held_on", "-id"),
}


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def activities(
    local_government: LocalGovernment,
    *,
    fiscal_year: int | None = None,
    kind: str = "",
    sort: str = "-held_on",
) -> QuerySet[RecruitmentActivity]:
    items = RecruitmentActivity.objects.filter(local_government=local_government)
    if fiscal_year is not None:
        items = items.filter(held_on__range=fiscal_year_bounds(fiscal_year))
    if kind:
        items = items.filter(kind=kind)
    return items.select_related("measure__area__pillar").order_by(
        *SORTS.get(sort, SORTS["-held_on"])
    )


def activity_for(user, pk: int) -> RecruitmentActivity:
    """The activity `pk` of the user's body, for its secretariat; 404 for anything else."""
    activity = (
        RecruitmentActivity.objects.filter(pk=pk, local_government_id=user.local_government_id)
        .select_related("local_government", "measure")
        .first()
    )
    if activity is None or not can_manage(user, activity.local_government):
        raise Http404("no such activity")
    return activity


def fiscal_years(local_government: LocalGovernment) -> list[int]:
    """The fiscal years that have activities, newest first."""
    dates = RecruitmentActivity.objects.filter(local_government=local_government).dates(
        "held_on", "month"
    )
    return sorted({fiscal_year_of(day) for day in dates}, reverse=True)


@dataclass
class KindTotal:
    kind: str
    label: str
    records: int = 0
    count: int = 0


@dataclass
class YearTotals:
    fiscal_year: int
    kinds: list[KindTotal]


def totals_by_fiscal_year(local_government: LocalGovernment) -> list[YearTotals]:
    """For each fiscal year with activities (newest first): per kind, how many records and
    the sum of their counts (leaflets handed out, attendees, candidates recommended)."""
    sums: dict[int, dict[str, KindTotal]] = defaultdict(dict)
    rows = RecruitmentActivity.objects.filter(local_government=local_government).values_list(
        "held_on", "kind", "count"
    )
    labels = dict(RecruitmentActivity.Kind.choices)
    for held_on, kind, count in rows:
        year = sums[fiscal_year_of(held_on)]
        total = year.setdefault(kind, KindTotal(kind, str(labels.get(kind, kind))))
        total.records += 1
        total.count += count
    order = list(labels)
    return [
        YearTotals(year, sorted(kinds.values(), key=lambda total: order.index(total.kind)))
        for year, kinds in sorted(sums.items(), reverse=True)
    ]


# --- the plan's measures an activity may report on ------------------------------------------


def measure_plan(local_government: LocalGovernment) -> Plan | None:
    """The plan in force (the newest published), else the newest one."""
    return (
        plan_selectors.published_plan(local_government)
        or Plan.objects.filter(local_government=local_government)
        .order_by("-start_fiscal_year", "-id")
        .first()
    )


def measure_choices(local_government: LocalGovernment, current: Measure | None = None):
    """The measures an activity may be linked to, as (suggested, others): those of the plan
    in force whose text speaks of 保護司 first (found by their text, never by id), then the
    rest; a measure already linked stays selectable."""
    plan = measure_plan(local_government)
    if plan is None:
        return Measure.objects.none(), Measure.objects.none()
    suggested = plan_selectors.search_measures(plan, MEASURE_TERM).select_related("area__pillar")
    scope = Q(area__pillar__plan=plan)
    if current is not None:
        scope |= Q(pk=current.pk)
    everything = Measure.objects.filter(scope, local_government=local_government)
    others = everything.exclude(pk__in=suggested.values("pk")).order_by(
        "area__pillar__number", "area__number", "number"
    )
    return suggested, others.select_related("area__pillar")


def measure_label(measure: Measure) -> str:
    """1-2-1 更生保護団体の活動支援 (pillar-area-number, as the plan package writes it)."""
    area = measure.area
    return f"{area.pillar.number}-{area.number}-{measure.number} {measure.title}"
