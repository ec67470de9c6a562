"""Access-matrix rows of support coordination: cases (merged in access_rows.py).

The caseload and intake are lists of the user's organization (no record in the URL). The
case's pages use the matrix case (coordination.tests.factories.matrix_world): the 概要 and the
reveal form open for the case team; edit, close, transfer and the 開示請求 report only for the
lead (the city's partner), the 開示請求 report after re-authentication."""

from coordination.tests.access_rows_common import case_row, lead_row, world_kwargs
from core.roles import Role
from core.testing.matrix import REDIRECT, page_form, staff_only
from employment.tests.factories import JobSeekerFactory

INTAKE = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER)


def _with_seeker(city) -> dict:
    """The matrix case, and a job-seeker profile its lead (the partner) supports."""
    JobSeekerFactory(supporter_organization=city.users[Role.PARTNER].organization)
    return world_kwargs(city)


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
    "cases:disclosure": lead_row(REDIRECT, kwargs=world_kwargs),  # re-authentication first
}

# The GET pages of one case the department user (covered by consent) opens.
CASE_PAGES = {
    "cases:detail": lambda world: {"pk": world.case.pk},
    "cases:reveal": lambda world: {"pk": world.case.pk},
}
