"""schemathesis over the OpenAPI schema of /api/schema/ (docs/api.md, "Contract"): every
operation with valid and invalid data, anonymously and, for the staff API, signed in as each
role it admits; no server error, every answer documented and valid against the schema, every
invalid request refused. Deterministic (derandomized, no example database) and bounded: a few
examples per operation over a small fictional city."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth

from coordination.access import CASE_ROLES
from coordination.models import ReferralEvent, ReferralStatus
from coordination.tests.factories import ReferralFactory, matrix_world
from core.roles import Role
from directory.models import Organization, Service, Taxonomy, TaxonomyTerm
from directory.tests.package_data import load_city_directory
from employment.tests.factories import EmployerFactory, JobPostingFactory
from stats.tests.factories import make_city_series

# Per operation and mode (valid, invalid): ≈ 23 operations anonymously, 5 × 4 roles signed in.
# Enough to find each of the mismatches this test was written against (issue 17), and the
# whole module stays within about 30 s of test time on a busy machine.
MAX_EXAMPLES = 5
STAFF_EXAMPLES = 3
SLUG = "testcity"
SERIES_KEY = "reoffender-rate"  # a derived rate (stats.tests.factories.make_city_series)


def openapi() -> dict:
    """The document /api/schema/ serves (same generator; test_the_served_schema_is_this)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


schema = schemathesis.openapi.from_dict(openapi())
schema.app = WSGIHandler()
schema.config.parameters = {"path.lg": SLUG}
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
)


@pytest.fixture(autouse=True)
def _connections_kept():
    """As django.test.Client does: a request through the WSGI handler must not close the
    test's database connection (on PostgreSQL the test's transaction would go with it)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(city, tmp_path):
    """The city with its directory (the fictional package), a job posting, a case and a
    referral: detail operations answer 200 for the ids `known_ids` gives."""
    load_city_directory(city, tmp_path)
    city.series = make_city_series(city)
    posting = JobPostingFactory(employer=EmployerFactory(local_government=city.lg))
    cases = matrix_world(city)
    referral = ReferralFactory(
        case=cases.case,
        to_organization=city.users[Role.DEPARTMENT].organization,
        status=ReferralStatus.REQUESTED,
        created_by=city.users[Role.PARTNER],
    )
    ReferralEvent.objects.create(referral=referral, to_status=ReferralStatus.REQUESTED)
    city.posting, city.case, city.referral = posting, cases.case, referral
    return city


def known_ids(world) -> dict[str, str]:
    """A record that exists, for each detail path of the schema."""
    ids = {
        "/api/hsds/{lg}/services/{id}": Service.objects.filter(status="active")
        .filter(review_status="published", organization__review_status="published")
        .first()
        .hsds_id,
        "/api/hsds/{lg}/organizations/{id}": Organization.objects.filter(review_status="published")
        .first()
        .hsds_id,
        "/api/hsds/{lg}/taxonomies/{id}": Taxonomy.objects.first().hsds_id,
        "/api/hsds/{lg}/taxonomy_terms/{id}": TaxonomyTerm.objects.first().hsds_id,
        "/api/v1/{lg}/measures/{id}/": world.measures[0].pk,
        "/api/v1/{lg}/jobs/{id}/": world.posting.pk,
        "/api/v1/{lg}/statistics/{key}/": SERIES_KEY,
        "/api/v1/{lg}/support/cases/{id}/": world.case.pk,
        "/api/v1/{lg}/support/referrals/{id}/": world.referral.pk,
        "/api/v1/{lg}/support/referrals/{id}/fhir/": world.referral.pk,
    }
    return {path: str(value) for path, value in ids.items()}


@pytest.fixture
def role_cookies(world):
    """A session of each role that the staff API admits."""
    cookies = {}
    for role in CASE_ROLES:
        client = Client()
        client.force_login(world.users[role])
        cookies[role] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return cookies


SESSION: dict[str, str | None] = {"cookie": None}  # the signed-in session of the running test


@schema.auth()
class StaffSession:
    """The session of `SESSION` on every generated case (none: anonymous)."""

    def get(self, case, context):
        return SESSION["cookie"]

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), django_settings.SESSION_COOKIE_NAME: data}


@pytest.fixture
def signed_in(request, role_cookies):
    SESSION["cookie"] = role_cookies[request.param] if request.param else None
    yield request.param
    SESSION["cookie"] = None


def bounded(max_examples: int):
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )


@pytest.mark.parametrize("signed_in", [None], indirect=True, ids=["anonymous"])
@schema.parametrize()
@bounded(MAX_EXAMPLES)
def test_every_operation_keeps_the_contract(case, signed_in):
    case.call_and_validate()


@pytest.mark.parametrize("signed_in", list(CASE_ROLES), indirect=True)
@schema.include(path_regex="/support/").parametrize()
@bounded(STAFF_EXAMPLES)
def test_every_staff_operation_keeps_the_contract(case, signed_in):
    case.call_and_validate()


def test_known_records_keep_the_contract(world, role_cookies):
    """A generated id is almost never a record: ask for one of each, so that full detail
    answers are checked against the schema too (each by at least one role). That a signed-in
    answer needs the session is checked above (ignored_auth)."""
    sessions = [None, *role_cookies.values()]
    for path, value in known_ids(world).items():
        operation = schema[path]["GET"]
        parameters = {"lg": SLUG, "key" if "{key}" in path else "id": value}
        statuses = []
        for cookie in sessions:
            case = operation.Case(path_parameters=parameters)
            cookies = {django_settings.SESSION_COOKIE_NAME: cookie} if cookie else None
            response = case.call(cookies=cookies)
            case.validate_response(response, excluded_checks=[ignored_auth])
            statuses.append(response.status_code)
        assert 200 in statuses, (path, statuses)


def test_the_served_schema_is_this(client, db):
    served = client.get(reverse("api_schema"), {"format": "json"})
    assert served.status_code == 200
    assert served.json()["paths"] == openapi()["paths"]
    assert set(served.json()["components"]["securitySchemes"]) == {"cookieAuth"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/testcity/organizations/null%2Cnull",
        "/api/v1/testcity/measures/9999999999/",
        "/api/v1/no-such-city/plan/",
        "/api/nothing/here/",
    ],
)
def test_an_api_404_is_json(client, city, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "query",
    [
        "pillar=null",
        "pillar=",
        "offset=null",
        "limit=-11029",
        "limit=",
        "limit=1&limit=2",
        "q=a%00b",
    ],
)
def test_an_unreadable_query_is_a_json_400(client, city, query):
    response = client.get(f"/api/v1/{SLUG}/measures/?{query}")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json()


@pytest.mark.parametrize(
    "query",
    ["taxonomy_term_id=", "taxonomy_term_id=zzz", "organization_id=", "top_only=maybe"],
)
def test_the_hsds_api_refuses_an_empty_or_malformed_filter(client, city, query):
    path = "taxonomy_terms" if query.startswith("top_only") else "services"
    response = client.get(f"/api/hsds/{SLUG}/{path}?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert isinstance(response.json()[name], list)


@pytest.mark.parametrize("query", ["probation=null", "housing=", "industry=", "housing=1"])
def test_the_job_board_api_refuses_an_unreadable_filter(client, city, query):
    status = client.get(f"/api/v1/{SLUG}/jobs/?{query}").status_code
    assert status == (200 if query == "housing=1" else 400)
