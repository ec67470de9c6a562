"""The HSDS tabular export is valid against the HSDS 3 reference (every row of every
resource), an export imported into an empty directory gives the same data back, and a bad
import is refused whole with its rows named."""

import csv
import io
import shutil

from django.core.management import call_command
from django.urls import reverse

from core import opendata
from directory.hsds import export as hsds
from directory.hsds import schema
from directory.hsds.reading import read_hsds_package
from directory.services import directory_import_hsds
from directory.tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from directory.tests.hsds.hsds_support import (
    assert_valid_hsds_package,
)

# --- the export --------------------------------------------------------------------------------


def test_the_export_is_valid_hsds(directory, city, tmp_path):
    call_command("export_hsds", str(tmp_path / "out"), local_government="testcity")
    tables = assert_valid_hsds_package(tmp_path / "out")
    names = {row["name"] for row in tables["service"]}
    # published services, whatever their status; never drafts
    assert names == {"住まいの相談（架空）", "24時間電話相談（架空）", "休止中の相談（架空）"}
    housing = next(row for row in tables["service"] if row["name"] == "住まいの相談（架空）")
    assert housing["assured_date"] == "2024-04-01"
    schedule = next(row for row in tables["schedule"] if row["service_id"] == housing["id"])
    assert (schedule["byday"], schedule["opens_at"], schedule["closes_at"]) == (
        "MO,TU,WE,TH,FR",
        "08:30+09:00",
        "17:15+09:00",
    )
    assert {row["code"] for row in tables["taxonomy_term"]} >= {"need:housing", "audience:self"}
    assert {row["uri"] for row in tables["taxonomy"]} == {
        "urn:tsunagu:taxonomy:need",
        "urn:tsunagu:taxonomy:audience",
        "urn:tsunagu:taxonomy:situation",
    }
    tagged = [row for row in tables["attribute"] if row["link_id"] == housing["id"]]
    assert len(tagged) == 4 and {row["link_type"] for row in tagged} == {
        "need",
        "audience",
        "situation",
    }
    location = next(row for row in tables["location"] if row["latitude"])
    assert (location["latitude"], location["longitude"]) == ("32.8031", "130.7079")
    assert next(row for row in tables["phone"] if row["extension"])["extension"] == "12"
    # every address has its postal code (one without is left out: HSDS requires it)
    assert [row["postal_code"] for row in tables["address"]] == ["860-0001"]


def test_a_24_hour_service_without_a_schedule_gets_one_in_the_export(city, tmp_path):
    service = ServiceFactory(
        organization=OrganizationFactory(local_government=city.lg), is_24_hours=True
    )
    hsds.write_hsds_package(city.lg, tmp_path)
    tables = assert_valid_hsds_package(tmp_path)
    (row,) = tables["schedule"]
    assert row["id"] == str(hsds.derived_schedule_id(service.hsds_id))
    assert (row["service_id"], row["opens_at"], row["closes_at"]) == (
        str(service.hsds_id),
        "00:00+09:00",
        "23:59+09:00",
    )


def test_the_export_streams_its_rows(city, django_assert_max_num_queries):
    organization = OrganizationFactory(local_government=city.lg)
    for _ in range(5):
        ServiceAtLocationFactory(
            service=ServiceFactory(organization=organization),
            location=LocationFactory(organization=organization),
        )
    for resource in schema.RESOURCES:
        rows = hsds.rows(resource, city.lg)
        assert iter(rows) is rows  # a generator, not a built table
        with django_assert_max_num_queries(2):
            list(rows)


def test_the_open_data_package_holds_the_public_directory(client, directory, city):
    names = {resource.name for resource in opendata.resources()}
    assert {
        "hsds_organizations",
        "hsds_services",
        "hsds_attributes",
        "hsds_taxonomy_terms",
    } <= names
    response = client.get(
        reverse("opendata:resource", kwargs={"lg": "testcity", "name": "hsds_services"})
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    # the public sees published, active services only
    assert {row["name"] for row in rows} == {"住まいの相談（架空）", "24時間電話相談（架空）"}
    assert list(rows[0]) == list(schema.RESOURCES["service"][1])
    descriptor = client.get(reverse("opendata:descriptor", kwargs={"lg": "testcity"})).json()
    services = next(r for r in descriptor["resources"] if r["name"] == "hsds_services")
    assert services["schema"]["foreignKeys"] == [
        {
            "fields": "organization_id",
            "reference": {"resource": "hsds_organizations", "fields": "id"},
        }
    ]


def test_kumamotos_export_is_valid_hsds(kumamoto, tmp_path):
    counts = hsds.write_hsds_package(kumamoto.local_government, tmp_path)
    assert counts["service"] > 50 and counts["taxonomy"] == 3
    assert_valid_hsds_package(tmp_path)
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path, copy)
    package = read_hsds_package(copy, local_government=kumamoto.local_government)
    assert not directory_import_hsds(
        local_government=kumamoto.local_government, package=package
    ).changed


def test_factories_export_valid_rows(city, tmp_path):
    organization = OrganizationFactory(local_government=city.lg)
    service = ServiceFactory(
        organization=organization,
        terms=[TaxonomyTermFactory(local_government=city.lg, taxonomy__local_government=city.lg)],
    )
    place = LocationFactory(organization=organization)
    AddressFactory(location=place)
    ServiceAtLocationFactory(service=service, location=place)
    PhoneFactory(local_government=city.lg, organization=organization)
    hsds.write_hsds_package(city.lg, tmp_path)
    tables = assert_valid_hsds_package(tmp_path)
    assert len(tables["attribute"]) == 1 and len(tables["address"]) == 1
