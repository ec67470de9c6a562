"""The 保護司 figures: the page reads the statistics series (count, average age, 定数), the
secretariat enters a year's figures through the statistics' audited service, and the
reference indicator 保護司数 reads the series into the fiscal year holding 「1月末」."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.tests.factories_volunteers import officer_series
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from pdca.indicators.status import indicator_rows
from plans.indicator_codes import PROBATION_OFFICERS
from plans.models import Indicator
from plans.tests.factories import IndicatorFactory
from stats.models import StatisticValue

URL = reverse("volunteers:officers")


@pytest.fixture
def series(city):
    return officer_series(
        city.lg,
        values={2019: 296, 2020: 291},
        ages={2019: "64.7", 2020: "64.03"},
        quota=(2020, 320),
    )


def _values(city, key):
    return dict(
        StatisticValue.objects.filter(local_government=city.lg, series__key=key).values_list(
            "period", "value"
        )
    )


def test_it_shows_the_count_against_the_quota_with_the_chart_and_table(client, city, series):
    client.force_login(city.users[Role.VOLUNTEER])
    response = client.get(URL)
    text = response.content.decode()
    assert response.status_code == 200
    assert "定数より 29人 少ない" in text
    assert "定数（令和2年度（2020年度））" in text
    assert 'data-chart="chart-officers"' in text and 'data-chart="chart-officers-age"' in text
    assert "64.03" in text and "296" in text
    assert "年ごとの数を登録する" not in text  # a volunteer reads only


def test_a_page_without_the_series_says_how_to_add_it(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    text = client.get(URL).content.decode()
    assert "volunteer_probation_officers" in text
    assert 'name="count"' not in text


def test_the_secretariat_enters_a_year_through_the_statistics_service(client, city, series):
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.post(
        URL, {"year": "2021", "count": "289", "average_age": "64.5", "note": "1月末現在"}
    )
    assert response.status_code == 302
    assert _values(city, "volunteer_probation_officers")[2021] == 289
    assert _values(city, "volunteer_probation_officers_avg_age")[2021] == Decimal("64.5")
    assert (
        StatisticValue.objects.get(period=2021, series__key="volunteer_probation_officers").note
        == "1月末現在"
    )
    assert_audited(  # one entry for each series written
        action="stats.import_values",
        actor=city.users[Role.SECRETARIAT],
        object_type="stats.statisticvalue",
        local_government=city.lg,
        count=2,
        changes_include={"rows": 1, "series": 1, "created": 1, "updated": 0},
        each=True,
    )
    files = AuditEntry.objects.filter(action="stats.import_values").order_by("id")
    assert [entry.changes["file"] for entry in files] == [
        f"form: {key} {city.lg.name} 2021"
        for key in ("volunteer_probation_officers", "volunteer_probation_officers_avg_age")
    ]

    client.post(URL, {"year": "2021", "count": "290", "average_age": "", "note": "1月末現在"})
    assert _values(city, "volunteer_probation_officers")[2021] == 290
    # the age left blank keeps the figure entered before
    assert _values(city, "volunteer_probation_officers_avg_age")[2021] == Decimal("64.5")


def test_figures_are_written_both_or_neither(client, city, series):
    _officers, age, _quota = series
    age.delete()  # the statistics now refuse the average age
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.post(URL, {"year": "2021", "count": "289", "average_age": "64.5"})
    assert response.status_code == 400
    assert 2021 not in _values(city, "volunteer_probation_officers")


def test_a_bad_age_is_refused_beside_its_field(client, city, series):
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.post(URL, {"year": "2021", "count": "289", "average_age": "64.555"})
    assert response.status_code == 400
    assert "小数第2位までにしてください" in response.content.decode()
    assert 2021 not in _values(city, "volunteer_probation_officers")


@pytest.mark.parametrize("role", [Role.DEPARTMENT, Role.VOLUNTEER])
def test_readers_cannot_enter_figures(client, city, series, role):
    client.force_login(city.users[role])
    response = client.post(URL, {"year": "2021", "count": "1"})
    assert response.status_code == 403
    assert 2021 not in _values(city, "volunteer_probation_officers")


def test_another_bodys_figures_are_not_shown(client, city, series, other_city):
    client.force_login(other_city.users[Role.SECRETARIAT])
    text = client.get(URL).content.decode()
    assert "291" not in text and "volunteer_probation_officers" in text


def test_the_indicator_reads_january_figures_into_the_fiscal_year_before(city, series):
    indicator = IndicatorFactory(
        plan=city.plan,
        kind=Indicator.Kind.REFERENCE,
        pillar=city.pillars[0],
        code=PROBATION_OFFICERS,
        name="保護司数（架空）",
        baseline_value=291,
        baseline_year=2019,
        target_value=320,
        target_year=2023,
        better=Indicator.Better.HIGHER,
        statistic_series="volunteer_probation_officers",
    )
    StatisticValue.objects.create(
        local_government=city.lg,
        series=series[0],
        area=city.lg.name,
        period=2021,
        value=300,
        note="1月末現在",
    )
    [row] = indicator_rows(city.plan, indicators=[indicator])
    # 2020年1月末 (291) is 令和元年度 (the baseline), 2021年1月末 (300) is 令和2年度
    assert row.actuals == {2018: 296, 2019: 291, 2020: 300}
    assert row.assessment.period == 2020
    assert row.assessment.value == 300
