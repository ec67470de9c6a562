"""The people-first columns of a directory package (directory.plan_package.fields): service_area,
reach, summary, internal_note and general_window in services.csv, internal_note in
schedules.csv. Optional: a package without them still loads."""

import pytest

from directory.models import Reach, Schedule, Service, ServiceArea
from directory.plan_package.contents import DirectoryInvalid
from directory.plan_package.fields import area_cell, parse_area
from directory.plan_package.reading import read_directory_package
from directory.tests.package_data import city_plan, load_city_directory, write_package

HEADER = (
    "key,organization,name,description,eligibility,application_process,is_24_hours,needs,"
    "audiences,situations,measures,location,source,service_area,reach,summary,internal_note,"
    "general_window\n"
)
HOUSING = (
    "housing,テスト住まい支援センター（架空）,住まいの相談（架空）,部屋探しを手伝います。,,,no,"
    "housing,self,,,,テスト資料1,{area},{reach},{summary},資料編7(1)に掲載（架空）,{general}\n"
)
HOTLINE = (
    "hotline,テスト市役所（架空）,24時間電話相談（架空）,いつでも話を聞きます。,,,yes,"
    "housing;work,self,,,電話窓口,テスト資料2,市内全域,person,電話で話を聞きます。,,no\n"
)
SCHEDULES = (
    "service,byday,opens_at,closes_at,is_24_hours,notes,internal_note,source\n"
    "hotline,,,,yes,年末年始を除く,資料編7の名称に「24時間」とあるのみ,テスト資料2\n"
)


def services_csv(
    area="中央区;北区", reach="person", summary="部屋探しを手伝います。", general="yes"
):
    return (
        HEADER + HOUSING.format(area=area, reach=reach, summary=summary, general=general) + HOTLINE
    )


def problems(tmp_path, city, **changes) -> list[str]:
    with pytest.raises(DirectoryInvalid) as raised:
        read_directory_package(write_package(tmp_path, **changes), plan=city_plan(city))
    return [str(error) for error in raised.value.errors]


def test_it_loads_the_new_columns(tmp_path, city):
    load_city_directory(city, tmp_path, services_csv=services_csv(), schedules_csv=SCHEDULES)
    housing = Service.objects.get(local_government=city.lg, name="住まいの相談（架空）")
    assert (housing.area, housing.area_wards) == (ServiceArea.WARDS, ["中央区", "北区"])
    assert housing.reach == Reach.PERSON and housing.is_general_window
    assert housing.summary == "部屋探しを手伝います。"
    assert housing.internal_note == "資料編7(1)に掲載（架空）"
    hotline = Service.objects.get(local_government=city.lg, name="24時間電話相談（架空）")
    assert hotline.area == ServiceArea.CITY and not hotline.is_general_window
    schedule = Schedule.objects.get(service=hotline)
    assert (schedule.notes, schedule.internal_note) == (
        "年末年始を除く",
        "資料編7の名称に「24時間」とあるのみ",
    )


def test_a_package_without_the_columns_loads_with_the_defaults(tmp_path, city):
    load_city_directory(city, tmp_path)
    housing = Service.objects.get(local_government=city.lg, name="住まいの相談（架空）")
    assert (housing.area, housing.reach, housing.summary, housing.internal_note) == (
        ServiceArea.UNKNOWN,
        Reach.PERSON,
        "",
        "",
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"area": "月区"}, "directory/services.csv:2 [service_area] 月区 は使えません。"),
        ({"area": "北区;北区"}, "directory/services.csv:2 [service_area] 北区 が2回あります。"),
        ({"reach": "everyone"}, "directory/services.csv:2 [reach] everyone は使えません。"),
        ({"summary": "あ" * 121}, "directory/services.csv:2 [summary] 120文字以内"),
        ({"general": "maybe"}, "directory/services.csv:2 [general_window] yes か no"),
    ],
)
def test_each_problem_names_its_row_and_column(tmp_path, city, changes, expected):
    found = problems(tmp_path, city, services_csv=services_csv(**changes))
    assert any(line.startswith(expected) for line in found), found


def test_a_schedule_note_over_the_limit_is_refused(tmp_path, city):
    long = SCHEDULES.replace("資料編7の名称に「24時間」とあるのみ", "あ" * 301)
    found = problems(tmp_path, city, services_csv=services_csv(), schedules_csv=long)
    assert any(line.startswith("directory/schedules.csv:2 [internal_note]") for line in found)


@pytest.mark.parametrize(
    ("cell", "area", "wards"),
    [
        ("", ServiceArea.UNKNOWN, []),
        ("市内全域", ServiceArea.CITY, []),
        ("県内全域", ServiceArea.PREFECTURE, []),
        ("全国", ServiceArea.NATIONAL, []),
        ("中央区;西区;北区", ServiceArea.WARDS, ["中央区", "西区", "北区"]),
    ],
)
def test_an_area_cell_reads_and_writes_back(cell, area, wards):
    errors = []
    parsed = parse_area(cell, ["中央区", "西区", "北区"], lambda *e: errors.append(e))
    assert parsed == (area, wards) and not errors
    assert area_cell(*parsed) == cell


def test_the_columns_come_together(tmp_path, city):
    partial = (
        HEADER + HOUSING.format(area="", reach="", summary="", general="") + HOTLINE
    ).replace(",general_window\n", "\n", 1)
    partial = "\n".join(
        line.rsplit(",", 1)[0] if number else line
        for number, line in enumerate(partial.splitlines())
    )
    found = problems(tmp_path, city, services_csv=partial + "\n")
    assert any("[general_window] service_area, reach" in line for line in found), found


def test_a_reload_without_the_columns_keeps_the_secretariats_values(tmp_path, city):
    load_city_directory(city, tmp_path, services_csv=services_csv(), schedules_csv=SCHEDULES)
    load_city_directory(city, tmp_path / "old")  # the same package, without the new columns
    housing = Service.objects.get(local_government=city.lg, name="住まいの相談（架空）")
    assert housing.area_wards == ["中央区", "北区"] and housing.is_general_window
    assert housing.internal_note == "資料編7(1)に掲載（架空）"
