"""The anonymous aggregates beside the plan's reference indicators (参考指標), pillar by pillar
(issue 15 §4): what the cases achieved in an area next to the figure the plan follows for it,
e.g. the cases' 住まいの確保 next to 住まいの満足度, their 就職 next to 協力雇用主数.

The case figures are the already suppressed cells of `coordination.support.aggregates` (a
count under 5 is 「5未満」); the indicators' latest actuals and statuses come from
`pdca.indicators.status.indicator_rows` (never recomputed here). `related_figures` is the
provider that pdca's indicator pages show (registered from CoordinationConfig.ready())."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.models import PILLAR_NUMBERS, Case, NeedArea, OutcomeKind
from coordination.support.aggregates import (
    REFERRAL_SUCCESSFUL,
    Aggregates,
    Cell,
    aggregates,
    areas,
    pillar_label,
)
from core.periods import PeriodKind
from core.templatetags.tsunagu import number as format_number
from core.wareki import fiscal_year_label, fiscal_year_of, year_label
from pdca.indicators.status import RelatedFigure, indicator_rows, register_related_figures
from plans.models import Indicator, Plan
from plans.selectors import published_plan

# The area (pillar) each outcome belongs to; 相談・連携 and 特性に応じた支援 have none of their own
# and show the referrals that led to support only.
OUTCOME_AREAS = {
    OutcomeKind.HOME_SECURED: NeedArea.HOUSING,
    OutcomeKind.JOB_STARTED: NeedArea.WORK,
    OutcomeKind.RETENTION_1: NeedArea.WORK,
    OutcomeKind.RETENTION_3: NeedArea.WORK,
    OutcomeKind.RETENTION_6: NeedArea.WORK,
    OutcomeKind.RETENTION_12: NeedArea.WORK,
    OutcomeKind.TREATMENT_STARTED: NeedArea.HEALTH_WELFARE,
    OutcomeKind.SCHOOL_REENTRY: NeedArea.SCHOOLING,
}


def pillar_figures(data: Aggregates) -> dict[str, list[tuple[str, Cell]]]:
    """Per area: the people with each of its outcomes, and its referrals that led to support
    (suppressed cells of `data`)."""
    outcomes = {
        kind: cells[0]
        for kind, (_label, cells) in zip(OutcomeKind, data.outcomes.rows, strict=True)
    }
    # the referral table ends with a row of referrals without an area
    referrals = {
        area: cells for area, (_label, cells) in zip(areas(), data.referrals.rows, strict=False)
    }
    figures = {}
    for area in areas():
        items = [
            (_("%(outcome)s（人）") % {"outcome": kind.label}, outcomes[kind])
            for kind in OutcomeKind
            if OUTCOME_AREAS.get(kind) == area
        ]
        items.append((_("支援につながった紹介（件）"), referrals[area][REFERRAL_SUCCESSFUL]))
        figures[area] = items
    return figures


def plan_for(local_government, fiscal_year: int, *, public: bool) -> Plan | None:
    """The plan whose reference indicators go beside the year's figures: the published plan
    covering the year, else the plan in force; staff pages fall back to the newest plan."""
    plans = Plan.objects.filter(local_government=local_government)
    covering = (
        plans.filter(
            status=Plan.Status.PUBLISHED,
            start_fiscal_year__lte=fiscal_year,
            end_fiscal_year__gte=fiscal_year,
        )
        .order_by("-start_fiscal_year", "-id")
        .first()
    )
    plan = covering or published_plan(local_government)
    if plan is None and not public:
        plan = plans.order_by("-start_fiscal_year", "-id").first()
    return plan


@dataclass
class IndicatorLine:
    """One reference indicator of a pillar (or the pillar alone, when it has none) beside the
    pillar's case figures."""

    pillar: str
    name: str = ""
    actual: str = ""
    status: str = ""
    status_label: str = ""
    figures: list[tuple[str, Cell]] = field(default_factory=list)

    def figures_text(self) -> str:
        return _("、").join(f"{label}: {cell.text}" for label, cell in self.figures)


def _period_label(year: int, kind: str) -> str:
    return year_label(year) if kind == PeriodKind.CALENDAR_YEAR else fiscal_year_label(year)


def _actual(row) -> str:
    assessment = row.assessment
    if assessment.value is None:
        return "—"
    indicator = row.indicator
    return _("%(value)s%(unit)s（%(period)s）") % {
        "value": format_number(assessment.value),
        "unit": indicator.unit,
        "period": _period_label(assessment.period, indicator.baseline_period_kind),
    }


def indicator_lines(data: Aggregates, plan: Plan | None, *, published_only: bool):
    """Pillar by pillar, the plan's reference indicators with their latest actual and status,
    each beside the pillar's case figures."""
    figures = pillar_figures(data)
    by_number = defaultdict(list)
    if plan is not None:
        indicators = list(
            plan.indicators.filter(kind=Indicator.Kind.REFERENCE, pillar__isnull=False)
            .select_related("pillar")
            .order_by("pillar__number", "position")
        )
        for row in indicator_rows(plan, published_only=published_only, indicators=indicators):
            by_number[row.indicator.pillar.number].append(row)
    lines = []
    for area in areas():
        rows = by_number.get(PILLAR_NUMBERS[area], [])
        if not rows:
            lines.append(IndicatorLine(pillar_label(area), actual="—", figures=figures[area]))
        for row in rows:
            lines.append(
                IndicatorLine(
                    pillar=pillar_label(area),
                    name=row.indicator.name,
                    actual=_actual(row),
                    status=str(row.assessment.status),
                    status_label=str(row.assessment.label),
                    figures=figures[area],
                )
            )
    return lines


def csv_rows(lines: list[IndicatorLine]) -> list[list]:
    header = [_("分野"), _("参考指標"), _("最新の実績"), _("状況"), _("支援のつなぎ（同じ分野）")]
    return [
        header,
        *[
            [
                line.pillar,
                line.name or _("参考指標なし"),
                line.actual,
                line.status_label,
                line.figures_text(),
            ]
            for line in lines
        ],
    ]


def related_figures(plan: Plan, indicators: list[Indicator]) -> dict[int, list[RelatedFigure]]:
    """pdca's provider: beside each indicator of a pillar, the pillar's case figures of this
    fiscal year (suppressed), for a body that uses support coordination."""
    with_pillar = [indicator for indicator in indicators if indicator.pillar_id]
    local_government = plan.local_government
    if not with_pillar or not Case.objects.filter(local_government=local_government).exists():
        return {}
    year = fiscal_year_of(timezone.localdate())
    by_number = {
        PILLAR_NUMBERS[area]: items
        for area, items in pillar_figures(aggregates(local_government, year)).items()
    }
    url = f"{reverse('support:aggregates')}?year={year}"
    period = fiscal_year_label(year)
    return {
        indicator.pk: [
            RelatedFigure(label=label, text=cell.text, period=period, url=url)
            for label, cell in by_number[indicator.pillar.number]
        ]
        for indicator in with_pillar
        if indicator.pillar.number in by_number
    }


def register_provider() -> None:
    register_related_figures(related_figures)
