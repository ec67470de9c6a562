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
    indicators = {row[3]: row for row in tables["indicators"][1:]}
    header = tables["indicators"][0]
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
