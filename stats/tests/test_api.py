"""The read-only statistics API, with derived rates, documented in the OpenAPI schema."""

from django.urls import reverse


def test_the_list_has_every_series_with_its_values(client, kumamoto_stats):
    url = reverse("stats_api:series_list", kwargs={"lg": "kumamoto"})
    page = client.get(url, {"limit": 100}).json()
    assert page["count"] == 60
    series = {item["key"]: item for item in page["results"]}
    reoffenders = series["reoffenders"]
    assert (reoffenders["kind"], reoffenders["derived"], reoffenders["additive"]) == (
        "count",
        False,
        True,
    )
    assert reoffenders["values"][0] == {
        "area": "熊本市",
        "period": 2019,
        "breakdown_kind": "",
        "breakdown": "",
        "value": "564",
        "note": "",
        "derived": False,
    }
    assert sum(len(item["values"]) for item in series.values() if not item["derived"]) == 140
    assert client.get(url).json()["results"][0]["key"] == "penal_code_offences_known"


def test_one_series_with_its_derived_values(client, kumamoto_stats):
    data = client.get(
        reverse("stats_api:series_detail", kwargs={"lg": "kumamoto", "key": "reoffender_rate"})
    ).json()
    assert (data["numerator"], data["denominator"], data["scale"], data["derived"]) == (
        "reoffenders",
        "arrested_persons",
        "100",
        True,
    )
    values = {v["breakdown"]: (v["value"], v["derived"]) for v in data["values"]}
    assert values[""] == ("50.9", True) and values["窃盗犯"] == ("53.0", True)


def test_unknown_series_and_local_governments_are_not_found(client, kumamoto_stats, city):
    assert (
        client.get(
            reverse("stats_api:series_detail", kwargs={"lg": "kumamoto", "key": "nosuch"})
        ).status_code
        == 404
    )
    assert client.get(reverse("stats_api:series_list", kwargs={"lg": "nowhere"})).status_code == 404
    empty = client.get(reverse("stats_api:series_list", kwargs={"lg": "testcity"})).json()
    assert empty["count"] == 0


def test_the_schema_documents_the_endpoints(client, db):
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/{lg}/statistics/" in schema
    assert "/api/v1/{lg}/statistics/{key}/" in schema


def test_the_list_uses_a_fixed_number_of_queries(
    client, kumamoto_stats, city, city_series, django_assert_max_num_queries
):
    for lg in ("testcity", "kumamoto"):
        with django_assert_max_num_queries(4):
            assert (
                client.get(reverse("stats_api:series_list", kwargs={"lg": lg})).status_code == 200
            )
