"""Three fiscal years of progress reports and indicator values for synthetic local
governments (manage.py seed_synthetic). About 120 reports a year per body: ~630,000 at
N=1,741. Written in bulk, without audit entries or report versions (fictional data).

# i18n-data-file: every string here is fictional sample data, not interface text.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from core import synthetic
from core.models import LocalGovernment
from pdca.models import IndicatorValue, ProgressReport, ReportingCycle
from plans.models import Indicator, MeasureDepartment, Plan

YEARS = (2021, 2022, 2023)
TEXTS = [
    "関係機関と連携して相談会を開催しました。",
    "広報紙とウェブサイトで周知しました。",
    "研修会を開き、支援者の理解を深めました。",
    "個別の相談に応じ、必要な支援につなぎました。",
]
ISSUES = [
    "周知が十分ではありません。",
    "担い手が不足しています。",
    "関係機関との情報共有に課題があります。",
]
NEXT = ["引き続き実施します。", "対象を広げて実施します。", "実施方法を見直します。"]


def seed_progress(local_governments: list[LocalGovernment], rng: random.Random) -> None:
    plans = list(Plan.objects.filter(local_government__in=local_governments))
    assignments: dict[int, list[tuple[int, int]]] = {}
    for measure_id, department_id, plan_id in MeasureDepartment.objects.filter(
        measure__area__pillar__plan__in=plans
    ).values_list("measure_id", "department_id", "measure__area__pillar__plan_id"):
        assignments.setdefault(plan_id, []).append((measure_id, department_id))
    cycles = ReportingCycle.objects.bulk_create(
        ReportingCycle(
            local_government_id=plan.local_government_id,
            plan=plan,
            fiscal_year=year,
            deadline=datetime.date(year + 1, 5, 31),
            status=ReportingCycle.Status.CLOSED if year < YEARS[-1] else ReportingCycle.Status.OPEN,
        )
        for plan in plans
        for year in YEARS
    )
    now = timezone.now()
    reports = []
    for cycle in cycles:
        latest = cycle.fiscal_year == YEARS[-1]
        for measure_id, department_id in assignments.get(cycle.plan_id, []):
            roll = rng.random()
            if not latest or roll < 0.55:
                status = ProgressReport.Status.ACCEPTED
            elif roll < 0.75:
                status = ProgressReport.Status.SUBMITTED
            elif roll < 0.85:
                status = ProgressReport.Status.RETURNED
            else:
                status = ProgressReport.Status.DRAFT
            written = status != ProgressReport.Status.DRAFT
            reports.append(
                ProgressReport(
                    local_government_id=cycle.local_government_id,
                    cycle=cycle,
                    measure_id=measure_id,
                    department_id=department_id,
                    status=status,
                    actions=rng.choice(TEXTS) if written else "",
                    results=f"延べ{rng.randint(1, 500)}人が参加しました。" if written else "",
                    evaluation=rng.choices("ABCD", weights=(5, 8, 3, 1))[0] if written else "",
                    issues=rng.choice(ISSUES) if written else "",
                    next_steps=rng.choice(NEXT) if written else "",
                    version=1 if written else 0,
                    last_comment="内容を補ってください。"
                    if status == ProgressReport.Status.RETURNED
                    else "",
                    submitted_at=now if written else None,
                    accepted_at=now if status == ProgressReport.Status.ACCEPTED else None,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=5000)
    values = []
    indicators = Indicator.objects.filter(plan__in=plans, statistic_series="")
    for indicator in indicators:
        base = float(indicator.baseline_value or 100)
        for year in YEARS:
            values.append(
                IndicatorValue(
                    local_government_id=indicator.local_government_id,
                    indicator=indicator,
                    period=year,
                    value=round(base * rng.uniform(0.85, 1.25)),
                    source="架空データ",
                    is_published=year < YEARS[-1] or rng.random() < 0.7,
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=5000)


synthetic.register("pdca", seed_progress)
