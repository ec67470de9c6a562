"""Access-matrix rows of support coordination: cases (merged in access_rows.py).

The caseload and intake are lists of the user's organization (no record in the URL). The
case's pages use the matrix case (coordination.tests.factories.matrix_world): the 概要 and the
reveal form open for the case team; edit, close, transfer and the 開示請求 report only for the
lead (the city's partner), the 開示請求 report after re-authentication."""

from coordination.tests.access_rows_common import case_row, lead_row, world_kwargs
from core.roles import Role
from core.testing.matrix import DENIED, NOT_FOUND, REDIRECT, page_form, staff_only
from employment.tests.factories import JobSeekerFactory

INTAKE = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER)


def _with_seeker(city) -> dict:
    """The matrix case, and a job-seeker profile its lead (the partner) supports."""
    JobSeekerFactory(supporter_organization=city.users[Role.PARTNER].organization)
    return world_kwargs(city)


def _seeker_create_row():
    row = case_row(
        kwargs=world_kwargs,
        post=page_form(succeeds=True, legal_status="probation", confirm="on"),
    )
    row.expect[Role.DEPARTMENT] = DENIED
    row.expect[Role.VOLUNTEER] = NOT_FOUND
    return row


ROWS = {
    "cases:index": staff_only(Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER),
    "cases:create": staff_only(
        *INTAKE,
        post=page_form(
            succeeds=True,
            name="架空 花子",
            name_kana="かくう はなこ",
            birth_date="1985-05-05",
            consent_given="on",
            consent_form="written",
            # each allowed role registers the same fictional person: confirm past the warning
            warned="1",
            confirm_distinct="on",
        ),
    ),
    "cases:detail": case_row(kwargs=world_kwargs),
    # GET: the reason form of the contact group (every team member sees it); POST: the reveal
    "cases:reveal": case_row(kwargs=world_kwargs, post=page_form(reason="面談の日程の調整")),
    "cases:edit": lead_row(kwargs=world_kwargs, post=page_form()),
    "cases:close": lead_row(kwargs=world_kwargs, post=page_form(reason="goal_reached")),
    "cases:transfer": lead_row(kwargs=world_kwargs, post=page_form()),
    "cases:job_seeker": lead_row(kwargs=_with_seeker, post=page_form()),
    # the organization that keeps the profile must see 法的地位・犯歴 (the volunteer never does:
    # 404) and keep profiles (a department does not: 403); the lead partner creates it
    "cases:job_seeker_create": _seeker_create_row(),
    "cases:disclosure": lead_row(REDIRECT, kwargs=world_kwargs),  # re-authentication first
}

# The GET pages of one case the department user (covered by consent) opens.
CASE_PAGES = {
    "cases:detail": lambda world: {"pk": world.case.pk},
    "cases:reveal": lambda world: {"pk": world.case.pk},
}  # cases:job_seeker_create: a department keeps no profiles (403); its record scope is
# asserted with a covered partner in cases/test_job_seeker_create.py
