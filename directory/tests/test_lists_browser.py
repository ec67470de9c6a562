"""What the lists show, in Debian's Chromium on a 360 px phone, with Kumamoto's package: the
住まい page offers every ward and 北区 is not empty, the cards carry no 未確認 and no internal
note, the supporters' view is one tap away, and the pages are axe-clean."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

HOUSING = "/kumamoto/help/needs/housing/"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ja-JP", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_housing_in_the_north_ward_lists_whom_to_call(phone, kumamoto):
    phone.goto(HOUSING)
    expect(phone.get_by_role("heading", level=1)).to_contain_text("住まい")
    ward = phone.get_by_label("区でしぼりこむ")
    expect(ward.locator("option")).to_have_text(
        ["すべての区", "中央区", "東区", "西区", "南区", "北区"]
    )
    ward.select_option("北区")
    phone.get_by_role("button", name="しぼりこむ").click()
    expect(phone).to_have_url(re.compile(r"ward="))
    cards = phone.locator("article.service-card")
    expect(cards.first).to_be_visible()
    assert cards.count() > 0
    expect(phone.get_by_text("熊本市中央（西・北）生活自立支援センター").first).to_be_visible()
    body = phone.locator("main").inner_text()
    assert "未確認" not in body
    assert "資料編7" not in body
    assert "熊本刑務所" not in body
    first_card = cards.first
    expect(first_card.locator("a.tel").first).to_be_visible()  # the first card can be called
    assert_accessible(phone)


def test_the_supporters_view_is_one_tap_away(phone, kumamoto):
    phone.goto(HOUSING)
    expect(phone.get_by_text("熊本刑務所")).to_have_count(0)
    phone.get_by_role("link", name=re.compile("支援する方向け")).click()
    expect(phone).to_have_url(re.compile(r"for=supporters"))
    expect(phone.get_by_text("熊本刑務所").first).to_be_visible()
    assert "未確認" not in phone.locator("main").inner_text()
    assert_accessible(phone)
    phone.get_by_role("link", name="相談する方向けの表示にもどす").click()
    expect(phone.get_by_text("熊本刑務所")).to_have_count(0)
