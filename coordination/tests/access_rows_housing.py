"""Access-matrix rows of the housing referral part (coordination.housing), merged by
access_rows.py.

Both pages need the 基本 group: the case team opens them (the lead partner; the department and
the volunteer by consent, both with 基本), the secretariat (not in the team) gets 404, the
roles that never open a case 403. The refer page's form, posted back, sends a referral to the
home's provider (which the matrix case's consent covers for 基本) for every team member."""

from coordination.tests.access_rows_common import case_row, world_kwargs
from coordination.tests.factories_housing import matrix_home_kwargs, world_home_kwargs
from core.testing.matrix import page_form

ROWS = {
    "case_housing:find": case_row(kwargs=world_kwargs),
    "case_housing:refer": case_row(kwargs=matrix_home_kwargs, post=page_form(succeeds=True)),
}
CASE_PAGES = {
    "case_housing:find": lambda world: {"pk": world.case.pk},
    "case_housing:refer": world_home_kwargs,
}
