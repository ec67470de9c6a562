"""The help portal in Debian's Chromium, at phone and desktop sizes: someone finds a window
from the home page, answers the navigator, switches to やさしい日本語 with large text and high
contrast. axe-core finds no serious or critical problem on any page; nothing needs a
horizontal scroll at 360 px."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from directory.tests.portal_data import make_directory

pytestmark = pytest.mark.browser

HOME = "/testcity/help/"


@pytest.fixture
def directory(city):
    return make_directory(city)


def assert_fits(page, width=360):
    page.set_viewport_size({"width": width, "height": 740})
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


def test_a_person_finds_a_window_from_the_home_page(page, directory):
    page.goto(HOME)
    expect(page.get_by_role("heading", level=1)).to_have_text("どんなことで困っていますか")
    assert_accessible(page)
    expect(page.get_by_role("link", name=re.compile("0120-000-111"))).to_have_attribute(
        "href", "tel:0120000111"
    )
    page.get_by_role("link", name=re.compile("^住まい")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("住まい")
    expect(page.get_by_text("受付時間は電話でおたしかめください")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("区でしぼりこむ").select_option("中央区")
    page.get_by_role("button", name="しぼりこむ").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("住まいの相談窓口"))
    ).to_be_visible()
    expect(page.get_by_text("家族のための居住支援（架空）")).to_have_count(0)
    page.get_by_role("link", name="住まいの相談窓口（架空）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("住まいの相談窓口（架空）")
    expect(page.get_by_role("link", name=re.compile("096-000-0001"))).to_be_visible()
    expect(page.get_by_text("12か月以上確認されていません")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)


def test_the_keyboard_reaches_the_need_buttons(page, directory):
    page.goto(HOME)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="本文へ移動")).to_be_focused()
    page.keyboard.press("Enter")
    button = page.get_by_role("link", name=re.compile("^住まい"))
    for _ in range(12):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("住まい")


def test_the_navigator_makes_a_personal_list(page, directory):
    page.goto(HOME)
    page.get_by_role("link", name="質問に答えて探す").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("質問に答えて探す")
    assert_accessible(page)
    expect(page.get_by_role("group", name=re.compile("こまっている ことを"))).to_be_visible()
    page.get_by_label("家族", exact=True).check()
    page.get_by_label("住まい", exact=True).check()
    page.get_by_label("話を聞いてほしい", exact=True).check()
    page.get_by_role("button", name="窓口を出す").click()
    expect(page).to_have_url(re.compile(r"navigator/\?.*needs=housing.*needs=listen"))
    expect(page.get_by_role("heading", level=2, name="あなたの相談先リスト")).to_be_visible()
    housing = page.get_by_role("heading", level=4)
    # what can be called first; of those, the one for anyone before the one for 本人
    expect(housing.first).to_have_text(re.compile("夜間こころの電話"))
    expect(page.get_by_role("button", name="このページを印刷する")).to_be_visible()  # needs JS
    expect(page.get_by_label(re.compile("このリストのリンク"))).to_have_value(page.url)
    assert_accessible(page)
    assert_fits(page)
    sheet = page.get_by_role("link", name="紹介シートを開く（PDF・1枚）")
    expect(sheet).to_have_attribute("href", re.compile(r"navigator/sheet\.pdf\?.*needs=housing"))


def test_the_navigator_works_without_javascript(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    try:
        page.goto(HOME + "navigator/")
        page.get_by_label("住まい", exact=True).check()
        page.get_by_role("button", name="窓口を出す").click()
        expect(page.get_by_role("heading", level=2, name="あなたの相談先リスト")).to_be_visible()
        expect(page.get_by_role("button", name="このページを印刷する")).to_be_hidden()
    finally:
        context.close()


def test_plain_japanese_large_text_and_high_contrast(page, directory):
    page.goto(HOME)
    page.get_by_role("link", name="やさしい日本語（ふりがな）").click()
    expect(page).to_have_url(re.compile(r"yasashii=1"))
    expect(page.locator("h1 ruby").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="文字を大きくする").click()
    page.get_by_role("link", name="白と黒ではっきり表示する").click()
    expect(page.locator("body")).to_have_class("help-portal yasashii text-large contrast-high")
    assert_accessible(page)
    # the need button (ruby: 住(す)まい), not the menu's link to the housing pages
    page.locator("a.need-button", has_text="すむところ").click()
    expect(page).to_have_url(re.compile(r"yasashii=1&text=large&contrast=high"))
    page.locator("h2 a").filter(has_text="相談窓口").first.click()
    expect(page.get_by_text("すむ ところの そうだんが できます。")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
