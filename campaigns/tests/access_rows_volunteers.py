"""Access-matrix rows of the volunteers part (merged by access_rows.py).

The secretariat keeps the 保護司 figures and the recruitment records; the city's departments
and the volunteers read the figures (their POST is refused: 403). The volunteers' home page
is for volunteers and partners (the supporters on a visit). Another body's record is a 404."""

from campaigns.tests.factories import RecruitmentActivityFactory
from campaigns.tests.factories_volunteers import officer_series
from core.roles import Role
from core.testing.matrix import DENIED, REDIRECT, page_form, staff_only

S = Role.SECRETARIAT


def _with_series(city) -> dict:
    """The page takes no kwargs; the body gets its 保護司 series so that the form is there."""
    officer_series(city.lg, values={2020: 291}, ages={2020: "64.03"}, quota=(2020, 320))
    return {}


def _activity_kwargs(city) -> dict:
    return {"pk": RecruitmentActivityFactory(local_government=city.lg).pk}


ROWS = {
    "volunteers:home": staff_only(Role.VOLUNTEER, Role.PARTNER),
    "volunteers:officers": staff_only(
        S,
        Role.DEPARTMENT,
        Role.VOLUNTEER,
        kwargs=_with_series,
        post=page_form(succeeds=True, count="300"),
        post_expect={Role.DEPARTMENT: DENIED, Role.VOLUNTEER: DENIED},
    ),
    "volunteers:recruitment": staff_only(S),
    "volunteers:recruitment_csv": staff_only(S),
    "volunteers:recruitment_create": staff_only(
        S, post=page_form(succeeds=True, held_on="2026-06-01", count="120")
    ),
    "volunteers:recruitment_edit": staff_only(S, kwargs=_activity_kwargs),
    "volunteers:recruitment_delete": staff_only(
        S, ok=REDIRECT, method="post", kwargs=_activity_kwargs
    ),
}
