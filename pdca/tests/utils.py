"""Helpers for PDCA tests: open a cycle in the `city` fixture and move reports along."""

import datetime

from core.roles import Role
from pdca import services
from pdca.models import IndicatorValue, ProgressReport
from pdca.reports import services as report_services

FILLED = {
    "actions": "相談会を3回開きました。",
    "results": "延べ42人が参加しました。",
    "evaluation": "B",
    "issues": "周知が足りません。",
    "next_steps": "広報を強化します。",
    "figures": [{"label": "参加者", "value": "42", "unit": "人"}],
}


def open_cycle(city, year=2021, deadline=datetime.date(2022, 5, 31)):
    existing = city.plan.cycles.filter(fiscal_year=year).first()
    if existing:
        return existing
    return services.cycle_open(
        actor=city.users[Role.SECRETARIAT], plan=city.plan, fiscal_year=year, deadline=deadline
    )


def housing_report(city, cycle=None) -> ProgressReport:
    """The department user's report on measure 2 (housing's own)."""
    cycle = cycle or open_cycle(city)
    return cycle.reports.get(measure=city.measures[1], department=city.departments["housing"])


def submitted_report(city, **changes) -> ProgressReport:
    report = housing_report(city)
    if report.status in (ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED):
        user = city.users[Role.DEPARTMENT]
        report = report_services.report_save(actor=user, report=report, data={**FILLED, **changes})
        report = report_services.report_submit(actor=user, report=report)
    return report


def indicator_value(city, period=2021, value=95):
    return IndicatorValue.objects.get_or_create(
        local_government=city.lg,
        indicator=city.indicator,
        period=period,
        defaults={"value": value, "is_published": True},
    )[0]
