"""The open-data package as a reader sees it: plain decimals in every cell, a licence, the
required fields marked, and no error from the Frictionless validator (issue 11)."""

import csv
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.opendata import cell_text, write_package

# 3E+3, 1.05e+3, 2E+1, 1e-05: what str() makes of some Decimals and floats.
EXPONENT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("3E+3"), "3000"),
        (Decimal("1.05E+3"), "1050"),
        (Decimal("2E+1"), "20"),
        (Decimal("450.000"), "450"),
        (Decimal("62.500"), "62.5"),
        (Decimal("0E-3"), "0"),
        (Decimal("-0.000"), "0"),
        (Decimal("1E-7"), "0.0000001"),
        (1e20, "100000000000000000000"),
        (1e-5, "0.00001"),
        (32.8031, "32.8031"),
        (9, "9"),
        (True, "true"),
        (False, "false"),
        (None, ""),
        ("3E+3", "3E+3"),  # text stays as it is
    ],
)
def test_a_cell_is_written_as_a_plain_decimal(value, text):
    assert cell_text(value) == text


def test_a_number_that_is_not_finite_is_refused():
    with pytest.raises(ValueError):
        cell_text(float("nan"))


def read_package(root):
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in descriptor["resources"]:
        with (root / resource["path"]).open(encoding="utf-8", newline="") as handle:
            tables[resource["name"]] = list(csv.reader(handle))
    return descriptor, tables


def test_no_cell_of_kumamotos_package_is_in_exponent_notation(kumamoto, tmp_path):
    write_package(kumamoto.local_government, tmp_path)
    descriptor, tables = read_package(tmp_path)
    exponents = [
        (name, number, cell)
        for name, rows in tables.items()
        for number, row in enumerate(rows, start=1)
        for cell in row
        if EXPONENT.fullmatch(cell.strip())
    ]
    assert not exponents
    numbers = 0
    for resource in descriptor["resources"]:
        header, *rows = tables[resource["name"]]
        for field in resource["schema"]["fields"]:
            if field["type"] not in ("number", "integer"):
                continue
            column = header.index(field["name"])
            for row in rows:
                if row[column]:
                    assert PLAIN_NUMBER.fullmatch(row[column]), (resource["name"], row)
                    numbers += 1
    assert numbers > 500  # the check read the numbers, not empty tables
    header = tables["indicators"][0]
    indicators = {row[header.index("name")]: row for row in tables["indicators"][1:]}
    target = header.index("target_value")
    baseline = header.index("baseline_value")
    assert indicators["“社会を明るくする運動”行事参加人数"][target] == "9000"
    assert indicators["障がい者サポーターの登録者数（累計）"][baseline] == "3000"
    assert indicators["学校教育コンシェルジュの対応件数"][baseline] == "1050"


def test_the_downloads_write_plain_decimals_too(client, kumamoto):
    response = client.get(
        reverse("opendata:resource", kwargs={"lg": "kumamoto", "name": "indicators"})
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "E+" not in text and ",3000," in text


def test_kumamotos_package_passes_the_frictionless_validator(kumamoto, tmp_path):
    from frictionless import Package

    write_package(kumamoto.local_government, tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International (CC BY 4.0)",
        }
    ]
    assert "政府標準利用規約（第2.0版）" in descriptor["description"]
    required = {
        resource["name"]: [
            field["name"]
            for field in resource["schema"]["fields"]
            if field.get("constraints", {}).get("required")
        ]
        for resource in descriptor["resources"]
    }
    assert "source" in required["statistics"] and "value" in required["statistics"]
    assert required["hsds_addresses"] == [
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ]


def test_the_validator_sees_an_empty_required_cell(kumamoto, tmp_path):
    from frictionless import Package

    write_package(kumamoto.local_government, tmp_path)
    path = tmp_path / "statistics.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("source")] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[2, "source", "constraint-error"]]
    assert [task.name for task in report.tasks if task.errors] == ["statistics"]


def test_another_city_can_publish_under_its_own_licence(client, kumamoto, settings):
    settings.TSUNAGU_OPENDATA_LICENSE = {
        "name": "ODC-BY-1.0",
        "path": "https://opendatacommons.org/licenses/by/1-0/",
        "title": "Open Data Commons Attribution License",
    }
    settings.TSUNAGU_OPENDATA_LICENSE_NOTE = ""
    descriptor = client.get(reverse("opendata:descriptor", kwargs={"lg": "kumamoto"})).json()
    assert [licence["name"] for licence in descriptor["licenses"]] == ["ODC-BY-1.0"]
    page = client.get(reverse("opendata:index", kwargs={"lg": "kumamoto"})).content.decode()
    assert "https://opendatacommons.org/licenses/by/1-0/" in page
    assert "Open Data Commons Attribution License" in page
