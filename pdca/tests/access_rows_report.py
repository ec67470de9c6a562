"""Access-matrix rows of the compiled progress report (pdca_report:* and progress:*)."""

import datetime

from core.roles import Role
from core.testing.matrix import REDIRECT, everyone, staff_only


def cycle_of(city):
    """The city's FY2021 cycle, opened through the service (once per test)."""
    from pdca.models import ReportingCycle
    from pdca.services import cycle_open

    return ReportingCycle.objects.filter(plan=city.plan, fiscal_year=2021).first() or cycle_open(
        actor=city.users[Role.SECRETARIAT],
        plan=city.plan,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )


def _cycle(city):
    return {"pk": cycle_of(city).pk}


def _year(city):
    return {"lg": city.lg.slug, "year": cycle_of(city).fiscal_year}


ROWS = {
    "pdca_report:index": staff_only(Role.SECRETARIAT),
    "pdca_report:detail": staff_only(Role.SECRETARIAT, kwargs=_cycle),
    "pdca_report:xlsx": staff_only(Role.SECRETARIAT, kwargs=_cycle),
    "pdca_report:pdf": staff_only(Role.SECRETARIAT, kwargs=_cycle),
    # starts the background job and goes to its page (core.jobs)
    "pdca_report:generate": staff_only(
        Role.SECRETARIAT,
        ok=REDIRECT,
        kwargs=lambda city: {**_cycle(city), "file_format": "xlsx"},
        method="post",
    ),
    "progress:index": everyone(kwargs="lg"),
    "progress:year": everyone(kwargs=_year),
    "progress:xlsx": everyone(kwargs=_year),
    "progress:pdf": everyone(kwargs=_year),
}
