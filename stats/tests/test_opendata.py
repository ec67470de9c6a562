"""The statistics as an open-data resource, derived rates included and marked."""

import csv
import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

COLUMNS = [
    "series",
    "series_name",
    "area",
    "period_kind",
    "period",
    "breakdown_kind",
    "breakdown",
    "value",
    "unit",
    "source",
    "derived",
]


def rows_of(client, lg):
    response = client.get(reverse("opendata:resource", kwargs={"lg": lg, "name": "statistics"}))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert next(csv.reader(io.StringIO(text))) == COLUMNS
    return list(csv.DictReader(io.StringIO(text)))


def test_the_resource_holds_every_value_and_the_derived_rates(client, kumamoto_stats):
    rows = rows_of(client, "kumamoto")
    assert sum(1 for row in rows if row["derived"] == "false") == 140
    derived = [row for row in rows if row["derived"] == "true"]
    assert {row["series"] for row in derived} >= {"reoffender_rate", "gang_reoffender_rate"}
    total = next(r for r in derived if r["series"] == "reoffender_rate" and not r["breakdown"])
    assert (total["area"], total["period"], total["value"], total["unit"]) == (
        "熊本市",
        "2019",
        "50.9",
        "％",
    )
    for row in rows:  # every cell parses as its schema type
        int(row["period"])
        Decimal(row["value"])
        assert row["derived"] in {"true", "false"}
        assert row["period_kind"] in {"calendar_year", "fiscal_year"}


def test_the_package_describes_it(client, kumamoto_stats, tmp_path):
    call_command("export_opendata", str(tmp_path), local_government="kumamoto")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "statistics")
    assert [f["name"] for f in resource["schema"]["fields"]] == COLUMNS
    types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert (types["period"], types["value"], types["derived"]) == ("integer", "number", "boolean")
    with (tmp_path / "statistics.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) > 141


def test_another_local_governments_statistics_stay_out(client, kumamoto_stats, city, city_series):
    rows = rows_of(client, "testcity")
    assert {row["series"] for row in rows} == {"arrests", "reoffenders", "reoffender-rate"}
    assert all(row["area"] == "テスト市（架空）" for row in rows)
