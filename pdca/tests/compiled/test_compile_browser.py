"""The public progress pages and the secretariat's preview in Debian's Chromium: axe-core
finds no serious or critical problem, at phone and desktop sizes."""

import re

import pytest
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from pdca.tests.compiled.test_compile import year  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_a_reader_finds_the_years_progress(page, year):  # noqa: F811
    page.goto("/testcity/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("計画の進捗状況")
    assert_accessible(page)
    page.get_by_role("link", name="令和3年度（2021年度）", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("令和3年度（2021年度） 進捗状況報告")
    expect(page.get_by_text("街頭キャンペーンを実施")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("自己評価の分布"))).to_be_visible()
    assert_accessible(page)


def test_the_secretariat_previews_the_compiled_report(page, city, year):  # noqa: F811
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(city.users[Role.SECRETARIAT].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto("/staff/pdca/compiled/")
    expect(page.get_by_role("heading", level=1)).to_have_text("進捗状況報告書")
    assert_accessible(page)
    page.get_by_role("link", name="令和3年度（2021年度）").click()
    expect(page.get_by_role("button", name="Excel を作成")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("報告の状態"))).to_contain_text("作成中")
    assert_accessible(page)
