"""Row shapes shared by the support-coordination parts (see access_rows.py)."""

from core.roles import Role
from core.testing.matrix import ANON, DENIED, LOGIN, NOT_FOUND, OK, Row


def world_kwargs(city) -> dict:
    """{"pk": the matrix case's pk} (coordination.tests.factories.matrix_world)."""
    from coordination.tests.factories import matrix_world

    return {"pk": matrix_world(city).case.pk}


def case_row(ok=OK, **extra) -> Row:
    """A page of one case: the case team opens it (the lead partner; the department and the
    volunteer by consent), the secretariat (not in the team) gets 404, the roles that never
    see a case 403."""
    expect = {
        ANON: LOGIN,
        Role.SECRETARIAT: NOT_FOUND,
        Role.DEPARTMENT: ok,
        Role.PARTNER: ok,
        Role.VOLUNTEER: ok,
        Role.EMPLOYER: DENIED,
        Role.HOUSING_PROVIDER: DENIED,
        Role.SYSTEM_ADMIN: DENIED,
    }
    return Row(expect, **extra)


def lead_row(ok=OK, **extra) -> Row:
    """A lead-only action on a case: the lead partner; team members who do not lead get 403."""
    row = case_row(ok, **extra)
    row.expect[Role.DEPARTMENT] = DENIED
    row.expect[Role.VOLUNTEER] = DENIED
    return row
