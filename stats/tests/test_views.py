"""Public statistics pages: the list, a series with its chart and table, CSV downloads."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import Role
from stats import services
from stats.tests.factories import StatisticSeriesFactory


def get(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def chart_configs(html):
    return {
        chart_id: json.loads(body)
        for chart_id, body in re.findall(
            r'<script id="(chart-[\w-]+)" type="application/json">(.*?)</script>', html, re.S
        )
    }


class TestTheIndex:
    def test_it_groups_kumamotos_series_by_area(self, client, kumamoto_stats):
        html = get(client, "stats:index", lg="kumamoto")
        headings = re.findall(r'<h2 id="group-\d+">(.*?)</h2>', html)
        # other areas in the order the plan first mentions them
        assert headings == ["熊本市の統計", "地域を比べる統計", "全国の統計", "熊本県の統計"]
        assert "再犯者率</a>（算出値）" in html
        assert "警察庁・熊本県警察" in html and "計画の表1" in html
        assert "平成15年（2003年）〜令和元年（2019年）" in html
        detail = reverse("stats:series_detail", kwargs={"lg": "kumamoto", "key": "reoffenders"})
        assert f'href="{detail}"' in html
        assert reverse("stats:all_csv", kwargs={"lg": "kumamoto"}) in html

    def test_an_empty_index_says_so(self, client, city):
        html = get(client, "stats:index", lg="testcity")
        assert "統計はまだ登録されていません。" in html

    def test_the_public_navigation_links_to_it(self, client, kumamoto_stats):
        html = get(client, "plans:overview", lg="kumamoto")
        assert f'href="{reverse("stats:index", kwargs={"lg": "kumamoto"})}"' in html


class TestASeries:
    def test_a_derived_rate_is_marked_and_explained(self, client, kumamoto_stats):
        html = get(client, "stats:series_detail", lg="kumamoto", key="reoffender_rate")
        assert "<h1>再犯者率（算出値）</h1>" in html
        assert "再犯者数</a> ÷" in html and "× 100、小数第1位に四捨五入" in html
        assert '<td class="num">50.9</td>' in html and '<td class="num">53.0</td>' in html
        assert "令和元年（2019年）" in html and "熊本県警察" in html and "表2・本文" in html
        configs = chart_configs(html)
        assert configs["chart-totals"]["type"] == "bar"  # one year only
        assert configs["chart-breakdown-1"]["data"]["labels"][:3] == ["凶悪犯", "粗暴犯", "窃盗犯"]
        assert configs["chart-breakdown-1"]["data"]["datasets"][0]["data"][2] == 53.0
        assert 'data-chart="chart-breakdown-1"' in html and 'role="img"' in html
        assert "chart.umd.min.js" in html

    def test_a_year_series_is_a_line_by_area_with_its_table(self, client, kumamoto_stats):
        html = get(client, "stats:series_detail", lg="kumamoto", key="penal_code_offences_known")
        config = chart_configs(html)["chart-totals"]
        assert config["type"] == "line"
        assert [d["label"] for d in config["data"]["datasets"]] == ["熊本市", "熊本県", "全国"]
        assert config["data"]["labels"][0] == "平成15年（2003年）"
        assert config["data"]["datasets"][2]["data"][-1] == 748623
        assert '<th scope="row">令和元年（2019年）</th><td class="num">3,517</td>' in html
        assert "<caption>刑法犯認知件数（件）の推移</caption>" in html

    def test_breakdowns_are_grouped_bars_with_the_total_beneath(self, client, kumamoto_stats):
        html = get(client, "stats:series_detail", lg="kumamoto", key="arrested_persons")
        config = chart_configs(html)["chart-breakdown-1"]
        assert config["type"] == "bar"
        assert [d["label"] for d in config["data"]["datasets"]] == [
            "平成27年（2015年）",
            "平成28年（2016年）",
            "平成29年（2017年）",
            "平成30年（2018年）",
            "令和元年（2019年）",
        ]
        assert config["data"]["labels"][:2] == ["窃盗犯", "粗暴犯"]
        assert '<tfoot><tr><th scope="row">総数</th>' in html
        assert "グラフ4データラベル（並び順から年を判断）" in html  # a value's note

    def test_a_share_of_its_own_total_charts_only_the_parts(self, client, kumamoto_stats):
        html = get(
            client, "stats:series_detail", lg="kumamoto", key="cooperating_employers_city_share"
        )
        assert set(chart_configs(html)) == {"chart-breakdown-1"}
        assert "内訳ごとの値を総数で割っています。" in html
        assert '<th scope="row">建設業</th><td class="num">56.3</td>' in html
        assert '<th scope="row">総数</th><td class="num">100.0</td>' in html

    def test_a_fiscal_year_series_says_so(self, client, kumamoto_stats):
        html = get(client, "stats:series_detail", lg="kumamoto", key="job_magazine_copies")
        assert "令和元年度（2019年度）" in html and "令和元年10月" in html
        assert "<dt>集計の単位</dt><dd>年度</dd>" in html

    def test_a_series_without_values_says_so(self, client, city):
        StatisticSeriesFactory(local_government=city.lg, key="empty", name="空の統計")
        html = get(client, "stats:series_detail", lg="testcity", key="empty")
        assert "この統計の値はまだ登録されていません。" in html
        assert "chart.umd.min.js" not in html

    def test_unknown_and_other_local_governments_series_are_not_found(
        self, client, kumamoto_stats, city, city_series
    ):
        for lg, key in [
            ("kumamoto", "nosuch"),
            ("kumamoto", "reoffender-rate"),
            ("testcity", "reoffender_rate"),
        ]:
            for name in ("stats:series_detail", "stats:series_csv"):
                response = client.get(reverse(name, kwargs={"lg": lg, "key": key}))
                assert response.status_code == 404, (name, lg, key)


class TestCSV:
    def read(self, response):
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        body = response.getvalue()  # a stream: read once
        assert body.startswith("\ufeff".encode())
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))

    def test_all_statistics_in_one_file_for_excel(self, client, kumamoto_stats):
        response = client.get(reverse("stats:all_csv", kwargs={"lg": "kumamoto"}))
        assert 'filename="kumamoto-statistics.csv"' in response["Content-Disposition"]
        rows = self.read(response)
        stored = [row for row in rows if row["derived"] == "false"]
        assert len(stored) == 140
        rate = next(
            row for row in rows if row["series"] == "reoffender_rate" and row["breakdown"] == ""
        )
        assert (rate["value"], rate["derived"], rate["period_label"], rate["unit"]) == (
            "50.9",
            "true",
            "令和元年（2019年）",
            "％",
        )

    def test_one_series(self, client, kumamoto_stats):
        response = client.get(
            reverse(
                "stats:series_csv", kwargs={"lg": "kumamoto", "key": "cooperating_employers_pref"}
            )
        )
        assert (
            'filename="kumamoto-cooperating_employers_pref.csv"' in response["Content-Disposition"]
        )
        rows = self.read(response)
        assert [(r["period"], r["value"], r["note"]) for r in rows][0] == (
            "2016",
            "311",
            "平成28年4月1日現在",
        )
        assert len(rows) == 4


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["stats:index", "stats:all_csv"])
def test_list_queries_do_not_grow_with_the_data(client, city, city_series, kumamoto_stats, name):
    small = count_queries(client, reverse(name, kwargs={"lg": "testcity"}))
    large = count_queries(client, reverse(name, kwargs={"lg": "kumamoto"}))
    assert 0 < large == small <= 4


def test_a_series_page_uses_a_fixed_number_of_queries(client, city, city_series, kumamoto_stats):
    def url(lg, key):
        return reverse("stats:series_detail", kwargs={"lg": lg, "key": key})

    counts = {
        count_queries(client, url("testcity", "arrests")),
        count_queries(client, url("testcity", "reoffender-rate")),
        count_queries(client, url("kumamoto", "penal_code_offences_known")),
        count_queries(client, url("kumamoto", "reoffender_rate")),
    }
    assert len(counts) == 1 and counts.pop() <= 4


def test_pages_are_cached_until_the_statistics_change(client, city, city_series, settings):
    settings.TSUNAGU_PAGE_CACHE_SECONDS = 60
    url = reverse("stats:series_detail", kwargs={"lg": "testcity", "key": "arrests"})
    assert client.get(url)["X-Tsunagu-Cache"] == "miss"
    assert client.get(url)["X-Tsunagu-Cache"] == "hit"
    services.statistics_import_file(
        actor=city.users[Role.SECRETARIAT],
        local_government=city.lg,
        filename="v.csv",
        content="series,area,period,breakdown_kind,breakdown,value,note\n"
        "arrests,テスト市（架空）,2020,,,280,\n".encode(),
    )
    response = client.get(url)
    assert response["X-Tsunagu-Cache"] == "miss"
    assert "令和2年（2020年）" in response.content.decode()
