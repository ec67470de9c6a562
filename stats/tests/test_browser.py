"""A reader browses Kumamoto's statistics, and the secretariat uploads a bad file, in
Debian's Chromium; axe-core finds no serious or critical problem, at phone and desktop
sizes."""

import re

import pytest
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from stats.models import StatisticValue

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_a_reader_opens_the_statistics_and_a_derived_rate(page, kumamoto_stats):
    page.goto("/kumamoto/plan/")
    menu = page.locator("summary.site-menu-button")
    if menu.is_visible():  # on a phone the header's links fold into one menu button
        menu.click()
    page.get_by_role("navigation", name="サイト内の主なページ").get_by_role(
        "link", name="統計"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("統計")
    expect(page.get_by_role("heading", name="熊本市の統計")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="再犯者率", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("再犯者率（算出値）")
    expect(page.locator('canvas[data-chart="chart-totals"]')).to_be_visible()
    # Chart.js drew the chart (charts.js marks a drawn canvas)
    expect(page.locator('canvas[data-chart="chart-breakdown-1"]')).to_have_attribute(
        "data-drawn", "1"
    )
    expect(page.get_by_role("cell", name="50.9").first).to_be_visible()
    assert_accessible(page)


def test_the_pages_with_wide_tables_are_accessible(page, kumamoto_stats):
    page.goto("/kumamoto/statistics/penal_code_offences_known/")
    expect(page.get_by_role("table", name="刑法犯認知件数（件）の推移")).to_be_visible()
    assert_accessible(page)
    page.goto("/kumamoto/statistics/arrested_persons/")
    expect(page.get_by_role("table", name="刑法犯検挙人員（人）の罪種別")).to_be_visible()
    assert_accessible(page)


def test_the_secretariat_uploads_a_bad_file_and_reads_the_report(page, city, city_series):
    page.goto("/staff/statistics/import/")
    page.get_by_label("ユーザー名").fill(city.users[Role.SECRETARIAT].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("統計値の取り込み")
    assert_accessible(page)
    page.get_by_label(re.compile("統計値のファイル")).set_input_files(
        {
            "name": "values.csv",
            "mimeType": "text/csv",
            "buffer": (
                "series,area,period,breakdown_kind,breakdown,value,note\n"
                "arrests,テスト市（架空）,2019,罪種,窃盗犯,999,\n"
            ).encode(),
        }
    )
    page.get_by_role("button", name="取り込む").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("何も取り込んでいません")
    expect(alert).to_contain_text("合計 1099 が総数 300 と一致しません")
    assert_accessible(page)
    assert StatisticValue.objects.get(series=city_series.arrests, breakdown="窃盗犯").value == 200
