"""The campaign in Debian's Chromium, at phone and desktop sizes: the secretariat registers the
year, records a 推進大会 with its participants by kind, and sees the reference indicator
推進大会参加人数 move on the staff indicator page; the public events page lists it. axe-core
finds no serious or critical problem on any page."""

import pytest
from playwright.sync_api import expect

from campaigns.tests.factories_events import campaign_indicators
from core.roles import Role
from core.testing.browser import assert_accessible
from plans import indicator_codes

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def test_the_secretariat_records_a_rally_and_sees_the_indicator_move(page, city):
    rally = campaign_indicators(city.plan, city.pillars[0])[
        indicator_codes.CAMPAIGN_RALLY_PARTICIPANTS
    ]
    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto(f"/staff/pdca/indicators/{rally.pk}/")
    expect(page.get_by_text("記録から集計します")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("令和8年度（2026年度）")

    page.goto("/staff/campaigns/")
    expect(page.get_by_text("運動の年度はまだ登録されていません")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="運動の年度を登録する").click()
    page.get_by_label("年度（西暦）").fill("2026")
    page.get_by_label("テーマ").fill("架空のテーマ")
    page.get_by_label("標語").fill("架空の標語")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("運動の年度を登録しました")
    assert_accessible(page)

    page.get_by_role("link", name="この年度の行事を登録する").click()
    page.get_by_label("種類").select_option("rally")
    page.get_by_label("名称").fill("架空市推進大会")
    page.get_by_label("開催日").fill("2026-07-05")
    page.get_by_label("開始時刻").fill("13:30")
    page.get_by_label("場所", exact=True).fill("架空市民会館")
    page.get_by_label("市民", exact=True).fill("400")
    page.get_by_label("更生保護ボランティア", exact=True).fill("-2")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_participants-2-count_error")).to_contain_text("0以上の数")
    assert_accessible(page)
    page.get_by_label("更生保護ボランティア", exact=True).fill("52")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("架空市推進大会")
    expect(page.get_by_role("table")).to_contain_text("452人")
    assert_accessible(page)

    page.goto(f"/staff/pdca/indicators/{rally.pk}/")
    row = page.get_by_role("row").filter(has_text="令和8年度（2026年度）").first
    expect(row).to_contain_text("452")
    assert_accessible(page)

    page.goto("/testcity/campaigns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("社会を明るくする運動の行事")
    expect(page.locator("main")).to_contain_text("架空市推進大会")
    expect(page.locator("main")).to_contain_text("令和8年（2026年）7月5日")
    assert_accessible(page)
