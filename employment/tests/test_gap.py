"""The industry gap: employers by industry (the plan's statistics and the approved employers
registered here) against the industries active job seekers want, in percentage points; the
seed's survey counts without invented breakdowns; the public page and CSV hide seeker counts
under 5."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.roles import Role
from employment import gap
from employment.bits import to_mask
from employment.models import Employer, Industry
from employment.tests.factories import EmployerFactory, JobSeekerFactory
from stats.models import StatisticSeries, StatisticValue

pytestmark = pytest.mark.django_db


def seekers_wanting(city, industries, n=1, **fields):
    for _ in range(n):
        JobSeekerFactory(
            supporter_organization=city.users[Role.PARTNER].organization,
            desired_industries=to_mask(Industry, industries),
            **fields,
        )


def employers_in(city, industry, n=1, **fields):
    for _ in range(n):
        EmployerFactory(local_government=city.lg, industry=industry, **fields)


def statistics(city, counts: dict[str, int]):
    """A fictional `cooperating_employers_city` series as the plan package loads it."""
    series = StatisticSeries.objects.create(
        local_government=city.lg,
        key=gap.EMPLOYERS_SERIES,
        name="協力雇用主数（架空）",
        unit="社",
        period_kind="calendar_year",
        source="保護観察所（架空）",
    )
    StatisticValue.objects.create(
        local_government=city.lg,
        series=series,
        area="テスト市",
        period=2020,
        value=sum(counts.values()),
        note="令和2年4月1日現在",
    )
    for label, value in counts.items():
        StatisticValue.objects.create(
            local_government=city.lg,
            series=series,
            area="テスト市",
            period=2020,
            breakdown_kind="業種",
            breakdown=label,
            value=value,
        )


def row(table, industry):
    return next(r for r in table.rows if r.industry == industry)


def test_it_compares_employers_with_what_seekers_want_in_points(city):
    statistics(city, {"建設業": 6, "製造業": 2, "医療福祉業": 2})
    employers_in(city, Industry.CONSTRUCTION, 3)
    employers_in(city, Industry.MEDICAL_WELFARE, 1)
    employers_in(city, Industry.FOOD_SERVICE, 1, status=Employer.Status.APPLIED)  # not counted
    seekers_wanting(city, ["medical_welfare"], 2)
    seekers_wanting(city, ["construction", "medical_welfare"], 1)
    seekers_wanting(city, ["construction"], 1, is_active=False)  # not counted

    table = gap.industry_gap(city.lg)

    assert (table.statistic_total, table.employers_total) == (10, 4)
    assert (table.seekers_total, table.wishes_total) == (3, 4)
    construction = row(table, Industry.CONSTRUCTION)
    assert (construction.statistic, construction.employers, construction.seekers) == (6, 3, 1)
    assert construction.statistic_share == Decimal("60.0")
    assert construction.employer_share == Decimal("75.0")
    assert construction.seeker_share == Decimal("25.0")
    assert construction.difference_statistic == Decimal("-35.0")
    assert construction.difference_employers == Decimal("-50.0")
    welfare = row(table, Industry.MEDICAL_WELFARE)
    assert (welfare.seekers, welfare.seeker_share) == (3, Decimal("75.0"))
    assert welfare.difference_statistic == Decimal("55.0")
    assert row(table, Industry.FOOD_SERVICE).employers == 0
    assert "令和2年4月1日現在" in table.statistic_caption


def test_without_statistics_only_the_live_figures_are_shown(city):
    employers_in(city, Industry.TRANSPORT)

    table = gap.industry_gap(city.lg)

    assert not table.has_statistic
    assert row(table, Industry.TRANSPORT).statistic is None
    assert row(table, Industry.TRANSPORT).difference_statistic is None
    assert [d["label"] for d in table.chart()["data"]["datasets"]] == ["登録されている協力雇用主"]


def test_kumamotos_103_employers_and_its_survey_come_from_the_plan(kumamoto, client):
    table = gap.industry_gap(kumamoto.local_government)

    assert table.statistic_total == 103
    assert row(table, Industry.CONSTRUCTION).statistic == 58
    assert row(table, Industry.CONSTRUCTION).statistic_share == Decimal("56.3")
    assert sum(r.statistic for r in table.rows) == 103
    assert [(s.label, s.people) for s in table.surveys] == [
        ("保護観察中の方", 44),
        ("矯正施設入所者", 97),
    ]
    page = client.get(reverse("jobs_gap:index", args=[kumamoto.local_government.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("内訳は計画書に数値の記載なし") == 2
    assert "chart-industry-gap" in text


def test_the_public_page_hides_seeker_counts_under_5(client, city):
    seekers_wanting(city, ["construction"], 7)
    seekers_wanting(city, ["manufacturing"], 6)
    seekers_wanting(city, ["transport"], 2)

    table = gap.industry_gap(city.lg, public=True)

    assert row(table, Industry.TRANSPORT).seekers is None
    assert row(table, Industry.TRANSPORT).seeker_share is None
    # one hidden cell could be worked out from the others: the next smallest is hidden too
    assert row(table, Industry.MANUFACTURING).seekers is None
    assert row(table, Industry.CONSTRUCTION).seekers == 7
    assert row(table, Industry.FOOD_SERVICE).seekers == 0
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).content.decode()
    assert "5人未満" in page
    public_csv = client.get(reverse("jobs_gap:csv", args=[city.lg.slug])).content
    rows = list(csv.reader(io.StringIO(public_csv.decode("utf-8-sig"))))
    transport = next(r for r in rows if r[0] == "運送業")
    assert "5人未満" in transport and "2" not in transport[3:5]

    staff = gap.industry_gap(city.lg)
    assert row(staff, Industry.TRANSPORT).seekers == 2


def test_with_fewer_than_5_seekers_the_public_page_shows_none_of_their_wishes(client, city):
    seekers_wanting(city, ["construction"], 4)
    employers_in(city, Industry.CONSTRUCTION)

    table = gap.industry_gap(city.lg, public=True)

    assert not table.seekers_shown
    assert all(r.seekers is None and r.seeker_share is None for r in table.rows)
    assert (table.seekers_total, table.wishes_total) == (0, 0)
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).content.decode()
    assert "登録されている求職者が5人未満のため" in page


def test_the_staff_page_and_csv_show_exact_counts(client, city):
    seekers_wanting(city, ["agriculture"], 1)
    employers_in(city, Industry.AGRICULTURE, 2)
    client.force_login(city.users[Role.SECRETARIAT])

    page = client.get(reverse("industry_gap:index"))
    response = client.get(reverse("industry_gap:csv"))

    assert page.status_code == 200
    assert "chart-industry-gap" in page.content.decode()
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "業種"
    agriculture = next(r for r in rows if r[0] == "農林漁業")
    assert agriculture == ["農林漁業", "2", "100.0", "1", "100.0", "0.0"]
    assert rows[-1][0] == "合計"


def test_an_empty_city_says_what_to_do(client, city):
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).content.decode()
    assert "協力雇用主も求職者もまだ登録されていません" in page
