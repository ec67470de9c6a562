"""The industry gap: employers by industry (the plan's statistics and the approved employers
registered here) against the industries active job seekers want, in percentage points; the
seed's survey counts without invented breakdowns; the public page and CSV count only public
employers and hide live counts of 1 to 4 (core.disclosure), stating the rule."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from core.disclosure import Hidden
from core.fields.choice_masks import to_mask
from core.opendata import get_resource
from core.roles import Role
from employment.gap import selectors as gap
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
    # one hidden cell could be worked out from the total: the next smallest is hidden too
    assert row(table, Industry.MANUFACTURING).seekers is None
    assert row(table, Industry.MANUFACTURING).seekers_hidden is Hidden.SECONDARY
    assert row(table, Industry.CONSTRUCTION).seekers == 7
    assert row(table, Industry.FOOD_SERVICE).seekers == 0
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).getvalue().decode()
    assert "5未満" in page and "秘匿" in page
    public_csv = client.get(reverse("jobs_gap:csv", args=[city.lg.slug])).getvalue()
    rows = list(csv.reader(io.StringIO(public_csv.decode("utf-8-sig"))))
    transport = next(r for r in rows if r[0] == "運送業")
    assert transport[3:5] == ["5未満", ""]
    manufacturing = next(r for r in rows if r[0] == "製造業")
    assert manufacturing[3:5] == ["秘匿", ""]

    staff = gap.industry_gap(city.lg)
    assert row(staff, Industry.TRANSPORT).seekers == 2


def test_the_public_page_counts_only_public_employers_and_hides_counts_under_5(client, city):
    """Issue 11: a live count of 1 named the one company of its industry, and employers that
    chose not to be public were counted."""
    statistics(city, {"建設業": 6, "農林漁業": 1})
    employers_in(city, Industry.CONSTRUCTION, 7)
    employers_in(city, Industry.MANUFACTURING, 6)
    employers_in(city, Industry.AGRICULTURE, 1)
    employers_in(city, Industry.TRANSPORT, 3, is_public=False)  # not on the public page
    employers_in(city, Industry.FOOD_SERVICE, 2, status=Employer.Status.WITHDRAWN)

    table = gap.industry_gap(city.lg, public=True)

    agriculture = row(table, Industry.AGRICULTURE)
    assert (agriculture.employers, agriculture.employers_hidden) == (None, Hidden.SMALL)
    assert agriculture.employer_share is None and agriculture.difference_employers is None
    # the plan's published figure stays as it is, even under 5
    assert (agriculture.statistic, agriculture.statistic_share) == (1, Decimal("14.3"))
    # with the total (14) shown, 農林漁業 = 14 - 7 - 6: 製造業 is hidden with it
    manufacturing = row(table, Industry.MANUFACTURING)
    assert (manufacturing.employers, manufacturing.employers_hidden) == (None, Hidden.SECONDARY)
    assert row(table, Industry.CONSTRUCTION).employers == 7
    assert row(table, Industry.CONSTRUCTION).employer_share == Decimal("50.0")
    assert row(table, Industry.TRANSPORT).employers == 0
    assert table.employers_total == 14

    response = client.get(reverse("jobs_gap:index", args=[city.lg.slug]))
    page = response.getvalue().decode()
    assert "企業名を公開している協力雇用主" in page
    assert "1〜4を「5未満」と表示します" in page and "「秘匿」" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("jobs_gap:csv", args=[city.lg.slug]))
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    assert rows[0][3] == "企業名を公開している協力雇用主 社"
    assert next(r for r in rows if r[0] == "農林漁業")[1:5] == ["1", "14.3", "5未満", ""]
    assert next(r for r in rows if r[0] == "製造業")[3:5] == ["秘匿", ""]
    assert next(r for r in rows if r[0] == "合計")[3] == "14"
    assert rows[-1][0] == "注" and "1〜4を「5未満」" in rows[-1][1]
    assert not any(cell == "1" for r in rows[1:-2] for cell in r[3:4])

    staff = gap.industry_gap(city.lg)
    assert row(staff, Industry.AGRICULTURE).employers == 1
    assert row(staff, Industry.TRANSPORT).employers == 3  # approved, not public: the staff see it
    assert staff.employers_total == 17

    # the open-data package holds the same table and states the rule
    resource = get_resource("industry_gap")
    field = next(
        f for f in resource.descriptor()["schema"]["fields"] if f["name"] == "public_employers"
    )
    assert "1〜4を「5未満」と表示します" in field["description"]
    published = client.get(
        reverse("opendata:resource", kwargs={"lg": city.lg.slug, "name": "industry_gap"})
    )
    by_industry = {
        r["industry"]: r
        for r in csv.DictReader(io.StringIO(b"".join(published.streaming_content).decode()))
    }
    assert by_industry["agriculture"]["public_employers"] == "5未満"
    assert by_industry["agriculture"]["plan_employers"] == "1"
    assert by_industry["manufacturing"]["public_employers"] == "秘匿"
    assert by_industry["construction"]["public_employers"] == "7"
    assert by_industry["transport"]["public_employers"] == "0"


def test_when_nothing_protects_a_small_cell_the_total_and_shares_are_not_shown(client, city):
    employers_in(city, Industry.CONSTRUCTION, 3)

    table = gap.industry_gap(city.lg, public=True)

    assert table.employers_total is None
    assert all(r.employer_share is None for r in table.rows)
    assert row(table, Industry.CONSTRUCTION).employers_hidden is Hidden.SMALL
    assert row(table, Industry.MANUFACTURING).employers == 0
    assert table.chart()["data"]["datasets"] == []
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).getvalue().decode()
    assert "合計と割合を表示していない列があります" in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("jobs_gap:csv", args=[city.lg.slug]))
                .getvalue()
                .decode("utf-8-sig")
            )
        )
    )
    assert next(r for r in rows if r[0] == "合計")[1] == ""
    assert "3" not in [cell for r in rows[1:-1] for cell in r]


def test_with_fewer_than_5_seekers_the_public_page_shows_none_of_their_wishes(client, city):
    seekers_wanting(city, ["construction"], 4)
    employers_in(city, Industry.CONSTRUCTION)

    table = gap.industry_gap(city.lg, public=True)

    assert not table.seekers_shown
    assert all(r.seekers is None and r.seeker_share is None for r in table.rows)
    assert (table.seekers_total, table.wishes_total) == (None, None)
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).content.decode()
    assert "登録されている求職者が5人未満のため" in page


def test_the_staff_page_and_csv_show_exact_counts(client, city):
    seekers_wanting(city, ["agriculture"], 1)
    employers_in(city, Industry.AGRICULTURE, 2)
    client.force_login(city.users[Role.SECRETARIAT])

    page = client.get(reverse("industry_gap:index"))
    response = client.get(reverse("industry_gap:csv"))

    assert page.status_code == 200
    assert "chart-industry-gap" in page.getvalue().decode()
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "業種"
    agriculture = next(r for r in rows if r[0] == "農林漁業")
    assert agriculture == ["農林漁業", "2", "100.0", "1", "100.0", "0.0"]
    assert rows[-1][0] == "合計"


def test_an_empty_city_says_what_to_do(client, city):
    page = client.get(reverse("jobs_gap:index", args=[city.lg.slug])).content.decode()
    assert "協力雇用主も求職者もまだ登録されていません" in page
