"""Access-matrix rows of the employment part "matching" (merged in access_rows.py).

The rows' seeker is supported by the city's partner user's organization (支援団体（架空）):
that partner opens it; the secretariat and the volunteer (other organizations) get 404, as if
it did not exist; the department, the employer, the housing provider and the system admin
are refused (403). The hires summary and the industry gap (aggregates) are for the
secretariat and the department; the public gap page is open to everyone."""

from core.roles import Role
from core.testing.matrix import NOT_FOUND, REDIRECT, everyone, page_form, staff_only
from employment.tests.factories import EmployerFactory, HireFactory, JobSeekerFactory

SUPPORTERS = (Role.SECRETARIAT, Role.PARTNER, Role.VOLUNTEER)
AGGREGATE_READERS = (Role.SECRETARIAT, Role.DEPARTMENT)


def _seeker(city):
    return JobSeekerFactory(supporter_organization=city.users[Role.PARTNER].organization)


def _seeker_kwargs(city) -> dict:
    return {"pk": _seeker(city).pk}


def _hire_kwargs(city) -> dict:
    hire = HireFactory(seeker=_seeker(city), employer=EmployerFactory(local_government=city.lg))
    return {"pk": hire.pk}


def supported(**extra):
    """Only the supporting organization (the partner) may open it; other supporters 404."""
    row = staff_only(Role.PARTNER, **extra)
    row.expect[Role.SECRETARIAT] = NOT_FOUND
    row.expect[Role.VOLUNTEER] = NOT_FOUND
    return row


ROWS = {
    "seekers:index": staff_only(*SUPPORTERS),
    "seekers:csv": staff_only(*SUPPORTERS, ok=REDIRECT),  # re-authentication first
    "seekers:create": staff_only(
        *SUPPORTERS, post=page_form(succeeds=True, legal_status="probation")
    ),
    "seekers:detail": supported(kwargs=_seeker_kwargs),
    "seekers:edit": supported(kwargs=_seeker_kwargs),
    "seekers:reveal": supported(kwargs=_seeker_kwargs),
    "seekers:matches": supported(kwargs=_seeker_kwargs),
    "seekers:hire_create": supported(
        kwargs=_seeker_kwargs,
        post=page_form(
            lambda city: {"employer": EmployerFactory(local_government=city.lg).pk}, succeeds=True
        ),
    ),
    "seekers:hires": staff_only(*SUPPORTERS),
    "seekers:hires_csv": staff_only(*SUPPORTERS, ok=REDIRECT),  # re-authentication first
    "seekers:hire_detail": supported(kwargs=_hire_kwargs),
    "seekers:retention": staff_only(*SUPPORTERS),
    "seekers:summary": staff_only(*AGGREGATE_READERS),
    "seekers:summary_csv": staff_only(*AGGREGATE_READERS),
    "industry_gap:index": staff_only(*AGGREGATE_READERS),
    "industry_gap:csv": staff_only(*AGGREGATE_READERS),
    "jobs_gap:index": everyone(kwargs="lg"),
    "jobs_gap:csv": everyone(kwargs="lg"),
}
