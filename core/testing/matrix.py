"""Building blocks of the access matrix (core/tests/test_access_matrix.py).

Each app may keep its rows in `<app>/tests/access_rows.py` as a dict named ROWS; the matrix
test merges them. A row's `kwargs` is either the name of a standard kind ("lg",
"lg_measure", …) or a callable taking the `city` fixture and returning the URL kwargs (it
may create the records the URL needs).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from core.roles import Role

ANON = "anonymous"
ROLES = [ANON, *Role.values]

OK = 200
REDIRECT = 302  # a redirect that is not to the login page
LOGIN = "login"  # a redirect to the login page
DENIED = 403
NOT_FOUND = 404
NOT_ALLOWED = 405


@dataclass
class Row:
    expect: dict[str, object]
    # "", "lg", "lg_pillar", "lg_measure", "lg_department", "lg_resource", "measure", or a
    # callable(city) -> dict
    kwargs: str | Callable = ""
    method: str = "get"
    data: dict | Callable = field(default_factory=dict)


def everyone(outcome=OK, **extra) -> Row:
    return Row({role: outcome for role in ROLES}, **extra)


def staff_only(*allowed, ok=OK, **extra) -> Row:
    expect = {ANON: LOGIN}
    expect.update({role: ok if role in allowed else DENIED for role in Role.values})
    return Row(expect, **extra)


ALL_STAFF = list(Role)
