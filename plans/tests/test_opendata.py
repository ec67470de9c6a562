"""Open data: a Frictionless tabular data package holding the whole published plan."""

import csv
import io
import json
import zipfile
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from directory.hsds.schema import RESOURCES as HSDS_RESOURCES
from plans.models import Measure, Plan

RESOURCES = {
    "departments": ["id", "bureau", "name", "phone"],
    "pillars": ["number", "title"],
    "areas": ["pillar_number", "number", "title"],
    "measures": [
        "id",
        "pillar_number",
        "area_number",
        "number",
        "title",
        "body",
        "repeats_measure_id",
    ],
    "measure_departments": ["measure_id", "department_id", "position"],
    "partner_activities": ["pillar_number", "organization", "text"],
    "indicators": [
        "id",
        "code",
        "kind",
        "pillar_number",
        "name",
        "unit",
        "baseline_value",
        "baseline_period",
        "target_value",
        "target_direction",
        "target_period",
    ],
    "progress_reports": [
        "fiscal_year",
        "measure_id",
        "department_id",
        "evaluation",
        "actions",
        "results",
        "figures",
        "issues",
        "next_steps",
        "accepted_on",
    ],
    "indicator_values": ["indicator_id", "period", "value", "source", "status"],
    "statistics": [
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
    ],
}
# Employment: public postings only (employment/tests/postings/test_postings.py checks what is in it).
RESOURCES["job_postings"] = [
    "id",
    "employer",
    "title",
    "industry",
    "description",
    "workplace",
    "ward",
    "employment_type",
    "wage_form",
    "wage_min",
    "wage_max",
    "working_hours",
    "holidays",
    "social_insurance",
    "qualifications",
    "experience",
    "trial_period",
    "openings",
    "dormitory",
    "company_housing",
    "meals",
    "probation_welcome",
    "juveniles_welcome",
    "has_excluded_offences",
    "apply_via",
    "published_on",
    "ends_on",
    "is_fictional",
]
# The industry gap as on the public page (employment/tests/gap/test_gap.py checks what is in it).
RESOURCES["industry_gap"] = [
    "industry",
    "industry_label",
    "plan_employers",
    "plan_employer_share",
    "public_employers",
    "public_employer_share",
    "seeker_wishes",
    "seeker_wish_share",
]
# The directory's HSDS tables (their fields are checked against the HSDS 3 reference in
# directory/tests/hsds/test_hsds.py).
RESOURCES.update(
    {f"hsds_{path.removesuffix('.csv')}": list(fields) for path, fields in HSDS_RESOURCES.values()}
)


def read_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def check_types(descriptor, tables):
    """Every cell parses as its schema type; every foreign key resolves."""
    for resource in descriptor["resources"]:
        rows = tables[resource["name"]]
        for field in resource["schema"]["fields"]:
            for row in rows:
                value = row[field["name"]]
                if value == "":
                    continue
                if field["type"] == "integer":
                    int(value)
                elif field["type"] == "number":
                    Decimal(value)
        for key in resource["schema"].get("foreignKeys", []):
            fields = key["fields"] if isinstance(key["fields"], list) else [key["fields"]]
            ref = key["reference"]
            ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
            target = tables[ref["resource"] or resource["name"]]
            known = {tuple(row[f] for f in ref_fields) for row in target}
            for row in rows:
                values = tuple(row[f] for f in fields)
                if all(values):
                    assert values in known, (resource["name"], values)


def test_export_opendata_writes_the_whole_plan(kumamoto, tmp_path):
    call_command("export_opendata", str(tmp_path), local_government="kumamoto")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    assert {
        r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
    } == RESOURCES
    tables = {
        name: read_rows((tmp_path / f"{name}.csv").read_text(encoding="utf-8"))
        for name in RESOURCES
    }
    for name, columns in RESOURCES.items():
        with (tmp_path / f"{name}.csv").open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == columns
    assert len(tables["measures"]) == 116
    assert len(tables["pillars"]) == 6 and len(tables["areas"]) == 12
    assert len(tables["indicators"]) == 14
    assert len(tables["departments"]) == 40
    assert tables["progress_reports"] == []  # none accepted yet
    # the outcome indicator reads 再犯者数 from the statistics: 564 in 2019; 保護司数 reads the
    # series of 表5 (1月末現在: the figure of January 2020 is 令和元年度's)
    outcome_id = next(r["id"] for r in tables["indicators"] if r["kind"] == "outcome")
    officers_id = next(r["id"] for r in tables["indicators"] if r["name"] == "熊本市の保護司数")
    values = {
        indicator_id: [
            (r["period"], r["value"])
            for r in tables["indicator_values"]
            if r["indicator_id"] == indicator_id
        ]
        for indicator_id in {r["indicator_id"] for r in tables["indicator_values"]}
    }
    assert values == {
        outcome_id: [("2019", "564")],
        officers_id: [
            ("FY2015", "285"),
            ("FY2016", "288"),
            ("FY2017", "294"),
            ("FY2018", "296"),
            ("FY2019", "291"),
        ],
    }
    rate = [
        r
        for r in tables["statistics"]
        if r["series"] == "reoffender_rate" and r["area"] == "熊本市" and not r["breakdown"]
    ]
    assert [(r["period"], r["value"], r["derived"]) for r in rate] == [("2019", "50.9", "true")]
    assert sum(1 for row in tables["measures"] if row["repeats_measure_id"]) == 3
    assert {row["kind"] for row in tables["indicators"]} == {"outcome", "reference"}
    outcome = next(row for row in tables["indicators"] if row["kind"] == "outcome")
    assert (outcome["baseline_value"], outcome["baseline_period"], outcome["target_value"]) == (
        "564",
        "2019",
        "450",
    )
    reference = next(row for row in tables["indicators"] if row["name"] == "住まいの満足度")
    assert (reference["baseline_value"], reference["baseline_period"]) == ("62.5", "FY2019")
    assert (outcome["code"], reference["code"]) == (
        "reoffenders_among_arrested",
        "housing_satisfaction",
    )
    check_types(descriptor, tables)


def test_the_download_page_and_files_match(client, kumamoto):
    page = client.get(reverse("opendata:index", kwargs={"lg": "kumamoto"})).content.decode()
    for name in RESOURCES:
        assert reverse("opendata:resource", kwargs={"lg": "kumamoto", "name": name}) in page
    response = client.get(
        reverse("opendata:resource", kwargs={"lg": "kumamoto", "name": "measures"})
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_rows(b"".join(response.streaming_content).decode("utf-8"))
    assert len(rows) == 116
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("opendata:zip", kwargs={"lg": "kumamoto"})).content)
    )
    assert set(archive.namelist()) == {"datapackage.json", *(f"{name}.csv" for name in RESOURCES)}
    assert (
        client.get(
            reverse("opendata:resource", kwargs={"lg": "kumamoto", "name": "secrets"})
        ).status_code
        == 404
    )


def test_a_draft_plan_is_not_published(client, city):
    Plan.objects.filter(pk=city.plan.pk).update(status=Plan.Status.DRAFT)
    response = client.get(
        reverse("opendata:resource", kwargs={"lg": "testcity", "name": "measures"})
    )
    assert len(read_rows(b"".join(response.streaming_content).decode("utf-8"))) == 0
    assert Measure.objects.filter(area__pillar__plan=city.plan).exists()
