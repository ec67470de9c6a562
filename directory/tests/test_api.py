"""The HSDS API answers in the shapes of the HSDS 3 schemas, pages as the HSDS API does,
serves published, active services only and keeps its query count flat."""

import datetime
import json
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from directory.models import Organization, Service, Taxonomy, TaxonomyTerm
from directory.tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)
from directory.tests.package_data import load_city_directory

REFERENCE = Path(__file__).parent / "hsds3"


def _registry() -> Registry:
    resources = []
    for path in REFERENCE.glob("*.json"):
        if path.name.startswith(("openapi", "datapackage")):
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema, default_specification=_DRAFT)))
    return Registry().with_resources(resources)


from referencing.jsonschema import DRAFT202012 as _DRAFT  # noqa: E402

REGISTRY = _registry()


def assert_hsds(data: dict, schema_file: str) -> None:
    """`data` validates against the reference schema (nested objects through their $refs)."""
    schema = json.loads((REFERENCE / schema_file).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, registry=REGISTRY, format_checker=FormatChecker())
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors


PAGE_KEYS = set(
    json.loads((REFERENCE / "openapi.json").read_text(encoding="utf-8"))["components"]["schemas"][
        "Page"
    ]["properties"]
)


def url(name: str, **kwargs) -> str:
    return reverse(f"hsds_api:{name}", kwargs={"lg": "testcity", **kwargs})


@pytest.fixture
def directory(city, tmp_path):
    load_city_directory(city, tmp_path)
    center = Organization.objects.get(name="テスト住まい支援センター（架空）")
    ServiceFactory(organization=center, name="休止中の相談（架空）", status="inactive")
    ServiceFactory(organization=center, name="作成中の相談（架空）", review_status="draft")
    hidden = OrganizationFactory(local_government=city.lg, review_status="draft")
    ServiceFactory(organization=hidden, name="非公開団体の相談（架空）")
    Service.objects.filter(name="住まいの相談（架空）").update(
        last_verified_on=datetime.date(2024, 4, 1)
    )
    return city


def test_the_root_names_the_hsds_version(client, directory):
    data = client.get(url("root")).json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith(reverse("api_schema"))


def test_services_are_paged_as_the_hsds_api_does(client, directory):
    page = client.get(url("service_list")).json()
    assert set(page) == PAGE_KEYS | {"contents"}
    assert page["total_items"] == 2 and page["size"] == 2 and page["empty"] is False
    assert page["first_page"] and page["last_page"] and page["total_pages"] == 1
    assert [s["name"] for s in page["contents"]] == [
        "住まいの相談（架空）",
        "24時間電話相談（架空）",
    ]
    for service in page["contents"]:
        assert_hsds(service, "service.json")
    first = client.get(url("service_list"), {"per_page": 1}).json()
    second = client.get(url("service_list"), {"per_page": 1, "page": 2}).json()
    assert (first["total_pages"], first["last_page"], second["first_page"]) == (2, False, False)
    assert second["last_page"] and second["contents"][0]["name"] == "24時間電話相談（架空）"
    beyond = client.get(url("service_list"), {"page": 9}).json()
    assert beyond["contents"] == [] and beyond["size"] == 0 and not beyond["empty"]
    assert client.get(url("service_list"), {"page": "0"}).status_code == 400
    assert client.get(url("service_list"), {"per_page": "many"}).status_code == 400


def test_services_filter_by_term_taxonomy_organization_and_search(client, directory):
    work = TaxonomyTerm.objects.get(code="work")
    situations = Taxonomy.objects.get(kind="situation")
    office = Organization.objects.get(name="テスト市役所（架空）")

    def names(**params):
        return [s["name"] for s in client.get(url("service_list"), params).json()["contents"]]

    assert names(taxonomy_term_id=work.hsds_id) == ["24時間電話相談（架空）"]
    assert names(taxonomy_id=situations.hsds_id) == ["住まいの相談（架空）"]
    assert names(organization_id=office.hsds_id) == ["24時間電話相談（架空）"]
    assert names(search="部屋探し") == ["住まいの相談（架空）"]
    assert names(search="部屋探し", organization_id=office.hsds_id) == []
    assert names(search="非公開団体") == []  # never what the public may not see
    assert names(taxonomy_term_id=uuid.uuid4()) == []
    assert client.get(url("service_list"), {"taxonomy_id": "housing"}).status_code == 400


def test_a_service_comes_fully_nested(client, directory):
    housing = Service.objects.get(name="住まいの相談（架空）")
    data = client.get(url("service_detail", id=housing.hsds_id)).json()
    assert_hsds(data, "service.json")
    assert data["id"] == str(housing.hsds_id) and data["assured_date"] == "2024-04-01"
    assert data["organization"]["name"] == "テスト住まい支援センター（架空）"
    assert [p["number"] for p in data["phones"]] == ["096-000-0002"]
    (schedule,) = data["schedules"]
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "MO,TU,WE,TH,FR",
        "08:30+09:00",
        "17:15+09:00",
    )
    (place,) = data["service_at_locations"]
    (address,) = place["location"]["addresses"]
    assert (address["region"], address["address_1"], address["postal_code"]) == (
        "中央区",
        "架空町1-2-3",
        "860-0001",
    )
    codes = {a["taxonomy_term"]["code"] for a in data["attributes"]}
    assert codes == {"need:housing", "audience:self", "audience:family", "situation:probation"}
    assert {a["link_entity"] for a in data["attributes"]} == {"service"}
    hotline = Service.objects.get(name="24時間電話相談（架空）")
    line = client.get(url("service_detail", id=hotline.hsds_id)).json()
    assert_hsds(line, "service.json")
    assert [(s["opens_at"], s["closes_at"]) for s in line["schedules"]] == [
        ("00:00+09:00", "23:59+09:00")
    ]
    # a phone-only window: no address invented
    assert line["service_at_locations"][0]["location"]["addresses"] == []


@pytest.mark.parametrize(
    "name", ["休止中の相談（架空）", "作成中の相談（架空）", "非公開団体の相談（架空）"]
)
def test_what_the_public_may_not_see_is_not_found(client, directory, name):
    service = Service.objects.get(name=name)
    assert client.get(url("service_detail", id=service.hsds_id)).status_code == 404


def test_another_local_governments_service_is_not_found(client, directory, kumamoto):
    service = Service.objects.filter(local_government=kumamoto.local_government).first()
    assert client.get(url("service_detail", id=service.hsds_id)).status_code == 404
    assert client.get(reverse("hsds_api:service_list", kwargs={"lg": "nowhere"})).status_code == 404


def test_organizations(client, directory):
    page = client.get(url("organization_list")).json()
    assert [o["name"] for o in page["contents"]] == [
        "テスト住まい支援センター（架空）",
        "テスト市役所（架空）",
    ]
    for organization in page["contents"]:
        assert_hsds(organization, "organization.json")
    assert client.get(url("organization_list"), {"search": "市役所"}).json()["total_items"] == 1
    center = Organization.objects.get(name="テスト住まい支援センター（架空）")
    data = client.get(url("organization_detail", id=center.hsds_id)).json()
    assert_hsds(data, "organization.json")
    assert [p["number"] for p in data["phones"]] == ["096-000-0001", "096-000-0003"]
    assert [s["name"] for s in data["services"]] == ["住まいの相談（架空）"]
    assert data["locations"][0]["addresses"][0]["city"] == "テスト市"
    hidden = Organization.objects.get(review_status="draft")
    assert client.get(url("organization_detail", id=hidden.hsds_id)).status_code == 404


def test_taxonomies_and_terms(client, directory):
    taxonomies = client.get(url("taxonomy_list")).json()["contents"]
    assert {t["uri"] for t in taxonomies} == {
        "urn:tsunagu:taxonomy:need",
        "urn:tsunagu:taxonomy:audience",
        "urn:tsunagu:taxonomy:situation",
    }
    for taxonomy in taxonomies:
        assert_hsds(taxonomy, "taxonomy.json")
    need = Taxonomy.objects.get(kind="need")
    assert client.get(url("taxonomy_detail", id=need.hsds_id)).json()["name"] == need.name
    terms = client.get(url("taxonomy_term_list"), {"taxonomy_id": need.hsds_id}).json()
    assert [t["code"] for t in terms["contents"]] == ["need:housing", "need:work"]
    for term in terms["contents"]:
        assert_hsds(term, "taxonomy_term.json")
    top = client.get(url("taxonomy_term_list"), {"top_only": "true"}).json()
    assert top["total_items"] == 5
    term = TaxonomyTerm.objects.get(code="housing")
    detail = client.get(url("taxonomy_term_detail", id=term.hsds_id)).json()
    assert detail["taxonomy_detail"]["id"] == str(need.hsds_id)
    assert client.get(url("taxonomy_term_list"), {"search": "仕事"}).json()["total_items"] == 1


def _more(city, count: int) -> None:
    organization = OrganizationFactory(local_government=city.lg)
    for _ in range(count):
        place = LocationFactory(organization=organization)
        AddressFactory(location=place)
        service = ServiceFactory(organization=organization)
        ServiceAtLocationFactory(service=service, location=place)
        PhoneFactory(local_government=city.lg, service=service)
        ScheduleFactory(local_government=city.lg, service=service)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("service_list", {}),
        ("service_list", {"search": "住まい"}),
        ("organization_list", {}),
        ("taxonomy_term_list", {}),
        ("taxonomy_list", {}),
    ],
)
def test_list_endpoints_take_the_same_queries_for_more_rows(
    client, directory, django_assert_num_queries, name, params
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(name), params)
    _more(directory, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url(name), params)


def test_a_full_service_takes_a_fixed_number_of_queries(
    client, directory, django_assert_max_num_queries
):
    housing = Service.objects.get(name="住まいの相談（架空）")
    for number in range(6):
        PhoneFactory(local_government=directory.lg, service=housing, number=f"096-111-000{number}")
        ScheduleFactory(local_government=directory.lg, service=housing, byday="SA")
    with django_assert_max_num_queries(12):
        client.get(url("service_detail", id=housing.hsds_id))


def test_the_api_is_read_only(client, directory):
    assert client.post(url("service_list"), {}).status_code == 405
    housing = Service.objects.get(name="住まいの相談（架空）")
    assert client.delete(url("service_detail", id=housing.hsds_id)).status_code == 405


def test_the_openapi_schema_describes_every_endpoint(client, db):
    import yaml

    schema = yaml.safe_load(client.get(reverse("api_schema")).content)
    paths = schema["paths"]
    for path in (
        "services",
        "services/{id}",
        "organizations",
        "organizations/{id}",
        "taxonomies",
        "taxonomy_terms",
    ):
        assert f"/api/hsds/{{lg}}/{path}" in paths
    parameters = {p["name"] for p in paths["/api/hsds/{lg}/services"]["get"]["parameters"]}
    assert {"search", "taxonomy_term_id", "taxonomy_id", "organization_id", "page", "per_page"} <= (
        parameters
    )
    response = paths["/api/hsds/{lg}/services"]["get"]["responses"]["200"]["content"]
    page = response["application/json"]["schema"]
    properties = schema["components"]["schemas"][page["$ref"].split("/")[-1]]["properties"]
    assert set(properties) == PAGE_KEYS | {"contents"}
