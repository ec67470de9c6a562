"""Building blocks of the access matrix (core/tests/test_access_matrix.py).

Each app may keep its rows in `<app>/tests/access_rows.py` as a dict named ROWS; the matrix
test merges them. A row's `kwargs` is either the name of a standard kind ("lg",
"lg_measure", …) or a callable taking the `city` fixture and returning the URL kwargs (it
may create the records the URL needs).

Beside the roles of the city, every row is tried by outsiders (ADR 4, "Outsiders"):

- the same role from another local government, on every row that is not public and takes
  URL kwargs (a record, or only the body's slug): it must get `outsider` (404 by default);
- the same role from another department, company or partner organization of the same city,
  on every row that is not public and names a record (a kwarg other than `lg`), for the
  roles tied to an organization (ORGANIZATION_ROLES) unless the row lists the role in
  `shared` (the record is the whole city's for that role): 404 as well;
- a public row that names a record under the body's slug is asked for under another body's
  slug: 404 (a record of one body is not reached through another's pages).

And every row that is read with GET is posted to (ADR 4, "POST rows"): a view that takes
POST has a `post` check (the data posted; `page_form()` posts back the page's own form as an
allowed role sees it), every other view must answer POST with 405. A refused request (403,
404, 405, the login page) must write no row and no audit entry but the security ones.
"""

from collections.abc import Callable, Iterable
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
# a POST an allowed role made: its success (a redirect away) or the form again (200, or 400
# where the view says so)
FORM = "form"

REFUSED = frozenset({LOGIN, DENIED, NOT_FOUND, NOT_ALLOWED})

# The roles a user holds for an organization narrower than the city: another department,
# company or partner organization of the same city is an outsider to its records.
ORGANIZATION_ROLES = (
    Role.DEPARTMENT,
    Role.PARTNER,
    Role.VOLUNTEER,
    Role.EMPLOYER,
    Role.HOUSING_PROVIDER,
)
# The roles that belong to one local government (the system admin serves every body).
BODY_ROLES = tuple(role for role in Role if role != Role.SYSTEM_ADMIN)


@dataclass
class PageForm:
    """POST back the first form of the page (method post) as the first allowed role reads it,
    with `overrides` (None removes a field; `of_city(city)` returns more of them): a create
    form gets the few values that make it valid, so that a refused POST is refused a write
    that would have succeeded."""

    overrides: dict = field(default_factory=dict)
    of_city: Callable | None = None
    # the allowed roles' POST succeeds (a redirect), not only re-renders the form: the values
    # given stay valid, or the row fails
    succeeds: bool = False


def page_form(of_city: Callable | None = None, /, succeeds=False, **overrides) -> PageForm:
    return PageForm(overrides, of_city, succeeds)


@dataclass
class Row:
    expect: dict[str, object]
    # "", "lg", "lg_pillar", "lg_measure", "lg_department", "lg_resource", "measure", or a
    # callable(city) -> dict
    kwargs: str | Callable = ""
    method: str = "get"
    data: dict | Callable = field(default_factory=dict)
    # outsiders: None derives them from the kwargs (see the module's docstring); False says the
    # row has none (write why beside it)
    outsiders: bool | None = None
    # the roles for which the row's record is the whole city's (no other-organization check)
    shared: Iterable[Role] = ()
    # what an outsider gets
    outsider: object = NOT_FOUND
    # the POST check of a GET row: None (the view refuses POST: 405), a dict or callable(city)
    # of data, or page_form(...)
    post: dict | Callable | PageForm | None = None
    # the POST outcomes that differ from the derived ones (allowed roles FORM, others as GET)
    post_expect: dict[str, object] = field(default_factory=dict)

    def allowed(self, expect: dict | None = None) -> list[str]:
        expect = self.expect if expect is None else expect
        return [role for role in ROLES if expect[role] not in REFUSED]

    def is_public(self) -> bool:
        return self.expect[ANON] not in REFUSED

    def posts(self) -> dict[str, object]:
        """The expected outcome of the POST check, per role."""
        success = REDIRECT if getattr(self.post, "succeeds", False) else FORM
        derived = {
            role: outcome if outcome in REFUSED else success
            for role, outcome in self.expect.items()
        }
        return {**derived, **self.post_expect}


def everyone(outcome=OK, **extra) -> Row:
    return Row({role: outcome for role in ROLES}, **extra)


def staff_only(*allowed, ok=OK, **extra) -> Row:
    expect = {ANON: LOGIN}
    expect.update({role: ok if role in allowed else DENIED for role in Role.values})
    return Row(expect, **extra)


ALL_STAFF = list(Role)
