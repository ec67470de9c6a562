"""The access matrix: every URL name × every role (the anonymous public included) → the
expected outcome. It is the specification of who may do what; a URL without a row fails."""

import importlib

import pytest
from django.apps import apps

from accounts.tests.factories import reauthenticate
from core.roles import Role
from core.testing.matrix import (
    ALL_STAFF,
    ANON,
    LOGIN,
    OK,
    REDIRECT,
    ROLES,
    Row,
    everyone,
    page_form,
    staff_only,
)
from core.testing.matrix_checks import Trial
from core.testing.urls import all_url_names

MATRIX: dict[str, Row] = {
    # portal
    # the chooser of bodies (the matrix has two: the city and the outsiders' body); with one
    # body it redirects there (test_portal.py)
    "portal:root": everyone(),
    "portal:healthz": everyone(),
    "portal:local_government": everyone(kwargs="lg"),  # the way in: the chooser
    # sign-in
    "accounts:login": Row({ANON: OK, **{role: REDIRECT for role in Role.values}}),
    "accounts:logout": everyone(REDIRECT, method="post"),
    "accounts:mfa_verify": everyone(LOGIN),  # with no password step pending: back to the login page
    "accounts:mfa_setup": staff_only(*ALL_STAFF),
    "accounts:reauth": staff_only(*ALL_STAFF),
    # public plan pages
    "plans:overview": everyone(kwargs="lg"),
    "plans:pillar_detail": everyone(kwargs="lg_pillar"),
    "plans:measure_detail": everyone(kwargs="lg_measure"),
    "plans:department_list": everyone(kwargs="lg"),
    "plans:department_detail": everyone(kwargs="lg_department"),
    "plans:partner_list": everyone(kwargs="lg"),
    "plans:indicator_list": everyone(kwargs="lg"),
    "plans:glossary": everyone(kwargs="lg"),
    "plans:search": everyone(kwargs="lg", data={"q": "住宅"}),
    # open data
    "opendata:index": everyone(kwargs="lg"),
    "opendata:descriptor": everyone(kwargs="lg"),
    "opendata:zip": everyone(kwargs="lg"),
    # "measures" names a table, not a record: every body publishes its own
    "opendata:resource": everyone(kwargs="lg_resource", outsiders=False),
    # API (read-only, published data)
    "api_schema": everyone(),
    "api_docs": everyone(),
    "plans_api:plan": everyone(kwargs="lg"),
    "plans_api:measure_list": everyone(kwargs="lg"),
    "plans_api:measure_detail": everyone(kwargs="lg_measure"),
    "plans_api:department_list": everyone(kwargs="lg"),
    "plans_api:indicator_list": everyone(kwargs="lg"),
    # back office
    "staff:home": staff_only(*ALL_STAFF),
    "staff:audit_log": staff_only(Role.SECRETARIAT, Role.SYSTEM_ADMIN),
    "plan_admin:index": staff_only(Role.SECRETARIAT),
    "plan_admin:measure_create": staff_only(
        Role.SECRETARIAT,
        post=page_form(
            lambda city: {"area": city.areas[0].pk, "department_1": city.departments["safety"].pk},
            succeeds=True,
            body="協力雇用主の登録を広げます（架空）。",
        ),
    ),
    "plan_admin:measure_edit": staff_only(Role.SECRETARIAT, kwargs="measure"),
    "plan_admin:measure_move": staff_only(
        Role.SECRETARIAT, ok=REDIRECT, kwargs="measure", method="post", data={"direction": "down"}
    ),
}


def _app_rows() -> dict[str, Row]:
    rows = {}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.access_rows")
        except ModuleNotFoundError:
            continue
        overlap = set(rows) & set(module.ROWS) | set(MATRIX) & set(module.ROWS)
        assert not overlap, f"rows defined twice: {sorted(overlap)}"
        rows.update(module.ROWS)
    return rows


MATRIX.update(_app_rows())


def test_it_has_a_row_for_every_url():
    names = all_url_names()
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URLs with no row in the access matrix: {missing}"
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def test_it_has_every_role_in_every_row():
    for name, row in MATRIX.items():
        assert set(row.expect) == set(ROLES), name


def _kwargs(kind, city):
    if callable(kind):
        return kind(city)
    lg = city.lg.slug
    return {
        "": {},
        "lg": {"lg": lg},
        "lg_pillar": {"lg": lg, "number": city.pillars[0].number},
        "lg_measure": {"lg": lg, "pk": city.measures[1].pk},
        "lg_department": {"lg": lg, "pk": city.departments["housing"].pk},
        "lg_resource": {"lg": lg, "name": "measures"},
        "measure": {"pk": city.measures[1].pk},
    }[kind]


def _sign_in(city):
    """Sign a user in; an outsider has also just re-authenticated, so that what stops them is
    the record's owner check, not the re-authentication some views ask for first."""
    insiders = {user.pk for user in city.users.values()}

    def sign_in(client, user):
        client.force_login(user)
        if user.pk not in insiders:
            reauthenticate(client)

    return sign_in


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, city, other_city, city_outsiders, name):
    row = MATRIX[name]
    trial = Trial(
        client,
        name=name,
        row=row,
        kwargs=_kwargs(row.kwargs, city),
        city=city,
        other_city=other_city,
        outsiders=city_outsiders,
        sign_in=_sign_in(city),
    )
    failures = trial.run()
    assert not failures, f"{name} ({trial.url}):\n" + "\n".join(failures)


def test_a_view_without_an_access_policy_is_refused(rf, settings):
    """Deny by default: the middleware refuses a view that declares nothing."""
    from django.core.exceptions import PermissionDenied

    from core.access import AccessPolicyMiddleware

    def undeclared(request):  # pragma: no cover - never called
        raise AssertionError("the view ran")

    middleware = AccessPolicyMiddleware(lambda request: None)
    with pytest.raises(PermissionDenied):
        middleware.process_view(rf.get("/"), undeclared, (), {})
