"""Every list endpoint of the API, found from the URL configuration: the page size is bounded
(TSUNAGU_API_MAX_PAGE_SIZE), a limit or offset (HSDS: per_page, page) that is not an integer
in range is a 400 naming the range, and the bounds are in the OpenAPI schema."""

import pytest
from django.urls import reverse
from rest_framework.mixins import ListModelMixin

from core.testing.urls import url_views
from core.tests.test_access_matrix import MATRIX, _kwargs
from core.web.pagination import MAX_OFFSET, BoundedLimitOffsetPagination
from directory.api import HSDSPagination

LIST_VIEWS = {
    name: view.cls
    for name, view in url_views().items()
    if isinstance(getattr(view, "cls", None), type) and issubclass(view.cls, ListModelMixin)
}
# (page size parameter, its minimum; position parameter, its minimum)
PARAMETERS = {
    BoundedLimitOffsetPagination: ("limit", 1, "offset", 0),
    HSDSPagination: ("per_page", 1, "page", 1),
}
NOT_A_SIZE = ["9223372036854775808", "-5", "abc", "²", "١٢", "0", "201", "1.5", "null", ""]
NOT_A_POSITION = ["null", "-1", "9223372036854775808", "²", "1e3", str(MAX_OFFSET + 1)]


def test_the_list_endpoints_are_found_and_each_has_bounded_paging():
    assert {
        "plans_api:measure_list",
        "plans_api:department_list",
        "plans_api:indicator_list",
        "stats_api:series_list",
        "jobs_api:posting_list",
        "hsds_api:service_list",
    } <= set(LIST_VIEWS)
    for name, view in LIST_VIEWS.items():
        assert view.pagination_class in PARAMETERS, name


def _url(name, city):
    return reverse(name, kwargs=_kwargs(MATRIX[name].kwargs, city))


@pytest.mark.parametrize("name", sorted(LIST_VIEWS))
def test_a_page_size_or_position_out_of_range_is_a_400_naming_the_range(client, city, name):
    size, size_min, position, position_min = PARAMETERS[LIST_VIEWS[name].pagination_class]
    url = _url(name, city)
    failures = []
    for value in NOT_A_SIZE:
        response = client.get(url, {size: value})
        if value == "":
            if response.status_code != 200:  # empty: the default
                failures.append(f"{size}={value!r}: {response.status_code}")
            continue
        expected = {size: [f"{size_min}以上200以下の整数にしてください。"]}
        if response.status_code != 400 or response.json() != expected:
            failures.append(f"{size}={value!r}: {response.status_code} {response.content[:200]}")
    for value in NOT_A_POSITION:
        response = client.get(url, {position: value})
        expected = {position: [f"{position_min}以上999,999,999以下の整数にしてください。"]}
        if response.status_code != 400 or response.json() != expected:
            failures.append(f"{position}={value!r}: {response.status_code}")
    for good in ({size: "200"}, {size: "1", position: str(MAX_OFFSET)}):
        response = client.get(url, good)
        if response.status_code != 200:
            failures.append(f"{good}: {response.status_code}")
    assert not failures, f"{name} ({url}):\n" + "\n".join(failures)


def test_a_large_page_is_not_served_in_full(client, kumamoto, settings):
    url = reverse("plans_api:measure_list", kwargs={"lg": "kumamoto"})
    assert len(client.get(url).json()["results"]) == 50  # the default page
    settings.TSUNAGU_API_MAX_PAGE_SIZE = 60
    assert len(client.get(url, {"limit": "60"}).json()["results"]) == 60
    response = client.get(url, {"limit": "116"})
    assert response.status_code == 400
    assert response.json() == {"limit": ["1以上60以下の整数にしてください。"]}


def test_the_schema_documents_the_bounds_of_every_list(client):
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    lists = 0
    for path, operations in schema["paths"].items():
        parameters = {p["name"]: p for p in operations.get("get", {}).get("parameters", [])}
        for size, _min, position, _pmin in PARAMETERS.values():
            if size in parameters:
                lists += 1
                assert parameters[size]["schema"]["maximum"] == 200, path
                assert parameters[size]["schema"]["minimum"] == 1, path
                assert parameters[position]["schema"]["maximum"] == MAX_OFFSET, path
                assert "400" in parameters[size]["description"], path
                assert "400" in operations["get"]["responses"], path
    assert lists == len(LIST_VIEWS)


def test_other_malformed_filters_are_a_400(client, city):
    measures = reverse("plans_api:measure_list", kwargs={"lg": city.lg.slug})
    for value in ("²", "abc", "0", "1" * 30):
        response = client.get(measures, {"pillar": value})
        assert response.status_code == 400, value
        assert response.json() == {"pillar": ["1以上999以下の整数にしてください。"]}
    assert client.get(measures, {"pillar": "1"}).status_code == 200
    terms = reverse("hsds_api:taxonomy_term_list", kwargs={"lg": city.lg.slug})
    response = client.get(terms, {"top_only": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"top_only": ["true か false にしてください。"]}
    services = reverse("hsds_api:service_list", kwargs={"lg": city.lg.slug})
    assert client.get(services, {"taxonomy_id": "²"}).status_code == 400
    jobs = reverse("jobs_api:posting_list", kwargs={"lg": city.lg.slug})
    assert client.get(jobs, {"industry": "²"}).status_code == 400
