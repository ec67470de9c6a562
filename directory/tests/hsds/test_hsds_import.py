"""The HSDS import: an export imported into an empty directory gives the same data back, and a
bad import is refused whole with its rows named (split from test_hsds.py)."""

import csv
import datetime
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import AuditEntry
from directory.hsds import export as hsds
from directory.hsds import schema
from directory.hsds.reading import read_hsds_package
from directory.hsds.rows import parse_time
from directory.models import (
    Organization,
    Phone,
    Schedule,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from directory.plan_package.contents import DirectoryInvalid
from directory.services import directory_import_hsds
from directory.tests.hsds.hsds_support import (
    read_table,
    snapshot,
    wipe,
)
from directory.tests.package_data import load_city_directory

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
