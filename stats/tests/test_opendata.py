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


def test_every_value_names_its_source_or_how_it_was_derived(client, kumamoto_stats):
    rows = rows_of(client, "kumamoto")
    unsourced = [
        (row["series"], row["area"], row["period"], row["breakdown"])
        for row in rows
        if not row["source"].strip()
    ]
    assert not unsourced
    derived = [row for row in rows if row["derived"] == "true"]
    assert derived and all("derived: " in row["source"] for row in derived)
    stored = [row for row in rows if row["derived"] == "false"]
    assert not any("derived: " in row["source"] for row in stored)

    def source(series, **where):
        return {
            row["source"]
            for row in rows
            if row["series"] == series and all(row[k] == v for k, v in where.items())
        }

    assert source("adult_arrested_persons", period="2019") == {
        "熊本市再犯防止推進計画 第2章1(1)キ（計画に資料の記載なし）"
    }
    assert source("reoffender_rate", area="熊本市", period="2019", breakdown="") == {
        "熊本県警察; derived: reoffenders ÷ arrested_persons × 100"
    }
    assert source("cooperating_employers_city_share", breakdown="建設業") == {
        "熊本保護観察所; derived: cooperating_employers_city ÷ cooperating_employers_city "
        "(total) × 100"
    }


def test_a_derived_rate_without_a_source_says_how_it_was_derived(client, city, city_series):
    from stats.models import StatisticSeries

    StatisticSeries.objects.filter(local_government=city.lg).update(source="")
    rows = rows_of(client, "testcity")
    rates = [row for row in rows if row["derived"] == "true"]
    assert rates and {row["source"] for row in rates} == {"derived: reoffenders ÷ arrests × 100"}
