"""The HSDS tabular export is valid against the HSDS 3 reference (every row of every
resource), an export imported into an empty directory gives the same data back, and a bad
import is refused whole with its rows named."""

import csv
import datetime
import io
import json
import re
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from core import opendata
from core.models import AuditEntry
from directory.hsds import export as hsds
from directory.hsds import schema
from directory.hsds.reading import read_hsds_package
from directory.hsds.rows import parse_time
from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.contents import DirectoryInvalid
from directory.services import directory_import_hsds
from directory.tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)
from directory.tests.package_data import load_city_directory

REFERENCE = Path(__file__).parents[1] / "hsds3"


def reference_resources() -> dict[str, dict]:
    tabular = json.loads((REFERENCE / "datapackage-tabular.json").read_text(encoding="utf-8"))
    return {name: spec["items"] for name, spec in tabular["properties"].items()}


def flat_fields(spec: dict) -> dict[str, dict]:
    return {
        name: prop
        for name, prop in spec["properties"].items()
        if prop.get("type") not in ("array", "object")
    }


def row_schema(spec: dict) -> dict:
    """A JSON Schema for one CSV row of the resource: its flat fields' types, formats and
    enums, and its required fields."""
    properties = {}
    for name, prop in flat_fields(spec).items():
        properties[name] = {key: prop[key] for key in ("type", "format", "enum") if key in prop}
    return {
        "type": "object",
        "properties": properties,
        "required": list(spec.get("required", [])),
        "additionalProperties": False,
    }


def as_json(row: dict[str, str], spec: dict) -> dict:
    """A CSV row as the JSON object it stands for: an empty cell is an absent value, except
    a required text field, which is then the empty string (the column is there)."""
    fields = flat_fields(spec)
    required = set(spec.get("required", []))
    result = {}
    for name, text in row.items():
        prop = fields[name]
        if text == "":
            if name in required and prop["type"] == "string" and "format" not in prop:
                result[name] = ""
            continue
        result[name] = float(text) if prop["type"] == "number" else text
    return result


FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_uri(value) -> bool:
    parsed = urlparse(value)
    return bool(parsed.scheme) and bool(parsed.netloc or parsed.scheme == "urn")


def check_datapackage_type(kind: str, value: str) -> None:
    if kind == "date":
        datetime.date.fromisoformat(value)
    elif kind == "time":
        assert re.fullmatch(r"\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?", value), value
    elif kind == "datetime":
        datetime.datetime.fromisoformat(value)


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def assert_valid_hsds_package(root: Path) -> dict[str, list[dict[str, str]]]:
    """Every resource's field list matches the reference, every row validates against its
    JSON Schema, required fields are filled in, ids are unique and references resolve."""
    reference = reference_resources()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    tables = {}
    for resource in descriptor["resources"]:
        spec = reference[resource["name"]]
        fields = flat_fields(spec)
        assert resource["path"] == spec["path"]
        assert [f["name"] for f in resource["schema"]["fields"]] == list(fields)
        for field in resource["schema"]["fields"]:
            prop = fields[field["name"]]
            assert field["type"] == prop.get("datapackage_type", prop["type"]), field
        with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == list(fields)
        rows = read_table(root / resource["path"])
        validator = Draft202012Validator(row_schema(spec), format_checker=FORMATS)
        must_fill = set(spec.get("required", [])) | set(spec.get("tabular_required", []))
        for number, row in enumerate(rows, start=2):
            errors = [e.message for e in validator.iter_errors(as_json(row, spec))]
            assert not errors, (resource["path"], number, errors)
            assert all(row[name] for name in must_fill), (resource["path"], number, row)
            for name, prop in fields.items():
                if row[name] and "datapackage_type" in prop:
                    check_datapackage_type(prop["datapackage_type"], row[name])
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), resource["path"]
        tables[resource["name"]] = rows
    for resource in descriptor["resources"]:
        for key in resource["schema"]["foreignKeys"]:
            target = key["reference"]["resource"] or resource["name"]
            known = {row["id"] for row in tables[target]}
            for row in tables[resource["name"]]:
                value = row[key["fields"]]
                assert not value or value in known, (resource["name"], key["fields"], value)
    return tables


@pytest.fixture
def directory(city, tmp_path):
    """The fictional package loaded into `city`, plus records only the back office gives
    (coordinates, an inactive service, a draft, an extension, a dated schedule)."""
    load_city_directory(city, tmp_path / "package")
    center = Organization.objects.get(name="テスト住まい支援センター（架空）")
    place = Location.objects.get(organization=center)
    Location.objects.filter(pk=place.pk).update(latitude="32.803100", longitude="130.707900")
    Service.objects.filter(name="住まいの相談（架空）").update(
        last_verified_on=datetime.date(2024, 4, 1), url="https://example.org/housing"
    )
    resting = ServiceFactory(organization=center, name="休止中の相談（架空）", status="inactive")
    ServiceFactory(organization=center, name="作成中の相談（架空）", review_status="draft")
    PhoneFactory(local_government=city.lg, location=place, number="096-000-0009", extension="12")
    ScheduleFactory(
        local_government=city.lg,
        location=place,
        byday="SA",
        opens_at=datetime.time(10, 0),
        closes_at=datetime.time(12, 0),
        valid_from=datetime.date(2024, 4, 1),
        valid_to=datetime.date(2025, 3, 31),
    )
    return resting


def snapshot(local_government) -> dict:
    """The directory's content that HSDS carries, by hsds_id."""
    lg = {"local_government": local_government}
    return {
        "taxonomies": sorted(
            Taxonomy.objects.filter(**lg).values_list("hsds_id", "kind", "name", "description")
        ),
        "terms": sorted(
            TaxonomyTerm.objects.filter(**lg).values_list(
                "hsds_id", "taxonomy__hsds_id", "code", "name", "description", "position"
            )
        ),
        "organizations": sorted(
            Organization.objects.filter(**lg).values_list(
                "hsds_id",
                "name",
                "alternate_name",
                "description",
                "email",
                "website",
                "legal_status",
            )
        ),
        "locations": sorted(
            Location.objects.filter(**lg).values_list(
                "hsds_id",
                "organization__hsds_id",
                "location_type",
                "name",
                "ward",
                "latitude",
                "longitude",
            )
        ),
        "addresses": sorted(
            Address.objects.filter(**lg).values_list(
                "hsds_id",
                "location__hsds_id",
                "address_1",
                "address_2",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
            )
        ),
        "services": sorted(
            Service.objects.filter(**lg).values_list(
                "hsds_id",
                "organization__hsds_id",
                "name",
                "description",
                "url",
                "status",
                "eligibility_description",
                "application_process",
                "is_24_hours",
                "last_verified_on",
            )
        ),
        "service_terms": sorted(
            Service.terms.through.objects.filter(
                service__local_government=local_government
            ).values_list("service__hsds_id", "taxonomyterm__hsds_id")
        ),
        "places": sorted(
            ServiceAtLocation.objects.filter(**lg).values_list(
                "hsds_id", "service__hsds_id", "location__hsds_id"
            )
        ),
        "phones": sorted(
            Phone.objects.filter(**lg).values_list(
                "hsds_id",
                "organization__hsds_id",
                "service__hsds_id",
                "location__hsds_id",
                "number",
                "extension",
                "type",
                "description",
            ),
            key=str,
        ),
        "phone_order": list(
            Phone.objects.filter(**lg).order_by("position", "pk").values_list("number", flat=True)
        ),
        "schedules": sorted(
            Schedule.objects.filter(**lg).values_list(
                "hsds_id",
                "service__hsds_id",
                "location__hsds_id",
                "byday",
                "opens_at",
                "closes_at",
                "is_24_hours",
                "valid_from",
                "valid_to",
                "notes",
            ),
            key=str,
        ),
    }


def wipe(local_government) -> None:
    Organization.objects.filter(local_government=local_government).delete()
    Taxonomy.objects.filter(local_government=local_government).delete()


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


# --- the import --------------------------------------------------------------------------------


def test_an_export_imported_into_an_empty_directory_gives_the_same_data(directory, city, tmp_path):
    before = snapshot(city.lg)
    hsds.write_hsds_package(city.lg, tmp_path / "out")
    wipe(city.lg)
    assert not Service.objects.exists()
    call_command("import_hsds", str(tmp_path / "out"), local_government="testcity")
    after = snapshot(city.lg)
    # drafts are not exported, so they do not come back
    before["services"] = [s for s in before["services"] if s[2] != "作成中の相談（架空）"]
    assert after == before
    entry = AuditEntry.objects.get(action="directory.import_hsds")
    assert entry.changes["created"] > 0
    hsds.write_hsds_package(city.lg, tmp_path / "again")
    for resource, (path, _fields) in schema.RESOURCES.items():
        first, second = read_table(tmp_path / "out" / path), read_table(tmp_path / "again" / path)
        if resource == "service":
            for row in first + second:
                row.pop("last_modified")
        assert sorted(map(str, first)) == sorted(map(str, second)), resource


def test_importing_twice_changes_nothing(directory, city, tmp_path):
    hsds.write_hsds_package(city.lg, tmp_path)
    package = read_hsds_package(tmp_path, local_government=city.lg)
    result = directory_import_hsds(local_government=city.lg, package=package)
    assert not result.changed and result.counts["unchanged"] > 0


def test_the_package_reload_after_an_import_matches_by_id(directory, city, tmp_path):
    hsds.write_hsds_package(city.lg, tmp_path / "out")
    wipe(city.lg)
    directory_import_hsds(
        local_government=city.lg,
        package=read_hsds_package(tmp_path / "out", local_government=city.lg),
    )
    ids = set(Service.objects.values_list("pk", flat=True))
    load_city_directory(city, tmp_path / "package")
    # what HSDS does not carry (measures, categories) comes back; nothing is duplicated
    assert set(Service.objects.values_list("pk", flat=True)) == ids
    assert Organization.objects.get(name="テスト市役所（架空）").category == "city"


def test_new_records_can_be_imported_as_drafts(directory, city, tmp_path):
    hsds.write_hsds_package(city.lg, tmp_path)
    wipe(city.lg)
    call_command("import_hsds", str(tmp_path), local_government="testcity", draft=True)
    assert set(Service.objects.values_list("review_status", flat=True)) == {"draft"}


def edit(path: Path, change) -> None:
    """Rewrite a CSV through `change(rows)` (a list of dicts, edited in place)."""
    rows = read_table(path)
    fields = list(rows[0]) if rows else next(csv.reader(path.open(encoding="utf-8")))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def set_cell(index: int, name: str, value: str):
    def change(rows):
        rows[index][name] = value

    return change


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        (
            "services.csv",
            set_cell(0, "id", "not-a-uuid"),
            "services.csv:2 [id] UUID の形ではありません",
        ),
        ("services.csv", set_cell(1, "id", ""), "services.csv:3 [id] 必須項目です。"),
        ("services.csv", set_cell(0, "name", ""), "services.csv:2 [name] 必須項目です。"),
        (
            "services.csv",
            set_cell(0, "status", "closed"),
            "services.csv:2 [status] closed は使えません。",
        ),
        (
            "services.csv",
            set_cell(0, "organization_id", str(uuid.UUID(int=1))),
            "services.csv:2 [organization_id] 00000000-0000-0000-0000-000000000001 は organizations.csv にも",
        ),
        (
            "services.csv",
            set_cell(0, "assured_date", "2024/04/01"),
            "services.csv:2 [assured_date] 日付は YYYY-MM-DD",
        ),
        (
            "services.csv",
            set_cell(0, "email", "nobody"),
            "services.csv:2 [email] メールアドレスの形",
        ),
        (
            "schedules.csv",
            set_cell(0, "opens_at", "25:00"),
            "schedules.csv:2 [opens_at] 時刻は 08:30",
        ),
        (
            "schedules.csv",
            set_cell(0, "closes_at", "5pm"),
            "schedules.csv:2 [closes_at] 時刻は 08:30",
        ),
        (
            "schedules.csv",
            set_cell(0, "byday", "MONDAY"),
            "schedules.csv:2 [byday] 曜日は MO,TU,WE",
        ),
        (
            "locations.csv",
            set_cell(0, "location_type", "building"),
            "locations.csv:2 [location_type] building は使えません。",
        ),
        (
            "locations.csv",
            set_cell(0, "latitude", "north"),
            "locations.csv:2 [latitude] 数値にしてください",
        ),
        ("addresses.csv", set_cell(0, "city", ""), "addresses.csv:2 [city] 必須項目です。"),
        (
            "phones.csv",
            set_cell(0, "location_id", str(uuid.UUID(int=2))),
            "phones.csv:2 [location_id] 00000000-0000-0000-0000-000000000002 は locations.csv にも",
        ),
        (
            "attributes.csv",
            set_cell(0, "taxonomy_term_id", str(uuid.UUID(int=3))),
            "attributes.csv:2 [taxonomy_term_id] 00000000-0000-0000-0000-000000000003 は taxonomy_terms.csv にも",
        ),
        (
            "taxonomy_terms.csv",
            set_cell(0, "code", "need:住まい"),
            "taxonomy_terms.csv:2 [code] コードは英数字",
        ),
        (
            "taxonomies.csv",
            lambda rows: rows[0].update(uri="", name="Needs"),
            "taxonomies.csv:2 [uri] Tsunagu の分類",
        ),
        (
            "services.csv",
            lambda rows: rows.append(dict(rows[0])),
            "services.csv:5 [id] id が2行目と重複しています。",
        ),
    ],
)
def test_a_bad_import_is_refused_whole_with_its_rows_named(
    directory, city, tmp_path, file, change, expected
):
    hsds.write_hsds_package(city.lg, tmp_path)
    wipe(city.lg)
    edit(tmp_path / file, change)
    with pytest.raises(DirectoryInvalid) as caught:
        read_hsds_package(tmp_path, local_government=city.lg)
    found = [str(error) for error in caught.value.errors]
    assert any(line.startswith(expected) for line in found), found


def test_the_import_command_reports_problems_and_changes_nothing(directory, city, tmp_path, capsys):
    hsds.write_hsds_package(city.lg, tmp_path)
    wipe(city.lg)
    edit(tmp_path / "services.csv", set_cell(0, "status", "closed"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_hsds", str(tmp_path), local_government="testcity")
    assert "services.csv:2 [status]" in capsys.readouterr().err
    assert not Organization.objects.exists() and not Taxonomy.objects.exists()


def test_an_import_past_the_package_limits_is_refused_naming_them(
    directory, city, tmp_path, settings
):
    hsds.write_hsds_package(city.lg, tmp_path)
    wipe(city.lg)
    settings.TSUNAGU_PACKAGE_MAX_ROWS = 1
    settings.TSUNAGU_UPLOAD_MAX_COLUMNS = 12
    with pytest.raises(DirectoryInvalid) as caught:
        read_hsds_package(tmp_path, local_government=city.lg)
    found = [str(error) for error in caught.value.errors]
    assert (
        "phones.csv 行が多すぎます（上限 1行、このファイルは 5行）。分けて取り込んでください。"
        in found
    )
    assert any(
        line.startswith("services.csv:1 列が多すぎます（上限 12列、1行目は") for line in found
    )
    settings.TSUNAGU_PACKAGE_MAX_ROWS = 200_000
    settings.TSUNAGU_PACKAGE_MAX_FILE_BYTES = 100
    with pytest.raises(DirectoryInvalid, match="上限 100 バイト"):
        read_hsds_package(tmp_path, local_government=city.lg)


def test_ids_of_another_local_government_are_refused(directory, city, tmp_path, kumamoto):
    hsds.write_hsds_package(city.lg, tmp_path)
    with pytest.raises(DirectoryInvalid) as caught:
        read_hsds_package(tmp_path, local_government=kumamoto.local_government)
    assert any("別の地方公共団体" in str(error) for error in caught.value.errors)


def test_a_foreign_package_with_times_in_utc_and_other_entities(city, tmp_path):
    """An HSDS file from elsewhere: times with offsets, a cell phone, an organization
    attribute (skipped), extra columns."""
    org, service, term, taxonomy, schedule, phone, attribute = (str(uuid.uuid4()) for _ in range(7))
    files = {
        "organizations.csv": f"id,name,description,logo\n{org},Example NPO,,https://x.example/logo.png\n",
        "services.csv": f"id,organization_id,name,status\n{service},{org},Night line,active\n",
        "taxonomies.csv": f"id,name,description,uri\n{taxonomy},利用する人,,\n",
        "taxonomy_terms.csv": (
            f"id,code,name,description,taxonomy_id\n{term},carers,Carers,,{taxonomy}\n"
        ),
        "schedules.csv": (
            f"id,service_id,freq,byday,opens_at,closes_at\n{schedule},{service},WEEKLY,MO,11:00Z,13:30Z\n"
        ),
        "phones.csv": f"id,service_id,number,type,extension\n{phone},{service},0120-000-111,cell,7\n",
        "attributes.csv": (
            f"id,link_id,taxonomy_term_id,link_type,link_entity\n"
            f"{attribute},{service},{term},audience,service\n"
            f"{uuid.uuid4()},{org},{term},audience,organization\n"
        ),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    package = read_hsds_package(tmp_path, local_government=city.lg)
    assert package.skipped == 1
    directory_import_hsds(local_government=city.lg, package=package)
    imported = Service.objects.get(hsds_id=service)
    assert imported.organization.category == "other"
    assert [t.code for t in imported.terms.all()] == ["carers"]
    assert TaxonomyTerm.objects.get(hsds_id=term).taxonomy.kind == "audience"
    hours = Schedule.objects.get(hsds_id=schedule)
    assert (hours.opens_at, hours.closes_at) == (datetime.time(20, 0), datetime.time(22, 30))
    number = Phone.objects.get(hsds_id=phone)
    assert (number.type, number.extension) == ("voice", "7")


def test_times_are_read_in_japan_time():
    assert parse_time("08:30") == (datetime.time(8, 30), True)
    assert parse_time("08:30:15+09:00") == (datetime.time(8, 30, 15), True)
    assert parse_time("23:30Z") == (datetime.time(8, 30), True)
    assert parse_time("24:00") == (None, False)


def test_the_import_needs_hsds_files(city, tmp_path):
    with pytest.raises(DirectoryInvalid, match="services.csv"):
        read_hsds_package(tmp_path, local_government=city.lg)


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
