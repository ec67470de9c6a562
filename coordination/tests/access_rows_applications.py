"""Access-matrix rows of applications (応募) to a 協力雇用主's posting (merged in
access_rows.py).

From a case, the case team chooses a posting and sends the application (the lead records the
person's consent with it; another member gets the form again, 400, until a consent exists).
The employer account alone opens the applications its company received: another company's is
404, and every case page stays 403 for it (access_rows_cases and the others)."""

from django.utils import timezone

from coordination.models import ReferralStatus as S
from coordination.tests.access_rows_common import case_row, world_kwargs
from coordination.tests.factories_applications import (
    company_of,
    matrix_application_kwargs,
    matrix_posting,
)
from core.roles import Role
from core.testing.matrix import REDIRECT, staff_only


def _with_posting(city) -> dict:
    matrix_posting(city)
    return world_kwargs(city)


def _application(city) -> dict:
    """The application of the matrix case to the city's employer's posting, with the person's
    consent (the lead's success; another team member cannot record it: the form again)."""
    today = timezone.localdate()
    return {
        "posting": str(matrix_posting(city).pk),
        "send_contact": "on",
        "note": "面接の日程の相談をお願いします（架空）",
        "consent_given": "on",
        "consent_form": "written",
        "consent_given_on": today.isoformat(),
        "consent_until": today.replace(year=today.year + 1).isoformat(),
    }


def _with_company(city) -> dict:
    company_of(city.users[Role.EMPLOYER].organization)
    return {}


ROWS = {
    "applications:create": case_row(
        kwargs=_with_posting, post=_application, post_expect={Role.PARTNER: REDIRECT}
    ),
    "applications:index": staff_only(Role.EMPLOYER, kwargs=_with_company),
    "applications:detail": staff_only(Role.EMPLOYER, kwargs=matrix_application_kwargs),
    "applications:transition": staff_only(
        Role.EMPLOYER,
        ok=REDIRECT,
        kwargs=matrix_application_kwargs,
        method="post",
        data={"to_status": S.ACCEPTED},
    ),
}
CASE_PAGES = {
    "applications:create": lambda world: {"pk": world.case.pk},
}
