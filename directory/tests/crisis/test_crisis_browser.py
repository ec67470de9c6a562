"""Crisis first on a 360 × 640 phone, in Debian's Chromium: a search for 死にたい, and a search
without result, show a number of 熊本いのちの電話 to tap in the first screen (the latter also the
need buttons); the help home holds the crisis lines in its first screen. axe-core finds
no serious or critical problem."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 640
HELP = "/kumamoto/help/"


@pytest.fixture
def phone(browser, live_server, kumamoto):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT}, locale="ja-JP", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_in_first_screen(locator):
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, box


def inochi(page):
    return page.get_by_role("link", name=re.compile("熊本いのちの電話")).first


def test_a_search_for_shinitai_shows_a_number_to_call_in_the_first_screen(phone):
    phone.goto(HELP + "search/?q=死にたい")
    expect(phone.get_by_role("heading", name="いますぐ話したいとき")).to_be_visible()
    link = inochi(phone)
    expect(link).to_have_attribute("href", re.compile(r"^tel:\d+$"))
    assert_in_first_screen(link)
    assert_accessible(phone)


def test_a_search_typed_in_halfwidth_katakana_also_does(phone):
    phone.goto(HELP)
    phone.get_by_label("さがす言葉").fill("ｼﾆﾀｲ")
    phone.get_by_role("button", name="さがす").click()
    expect(phone.get_by_role("heading", name="いますぐ話したいとき")).to_be_visible()
    assert_in_first_screen(inochi(phone))


def test_a_search_without_result_shows_whom_to_call_and_the_need_buttons(phone):
    phone.goto(HELP + "search/?q=ぱぴぷぺぽぴよ")
    assert_in_first_screen(inochi(phone))
    expect(phone.get_by_role("link", name=re.compile("^110"))).to_have_attribute("href", "tel:110")
    expect(phone.get_by_role("link", name=re.compile("^119"))).to_have_attribute("href", "tel:119")
    housing = phone.get_by_role("link", name=re.compile("^住まい"))
    expect(housing).to_be_visible()
    assert_accessible(phone)
    housing.click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("住まい")


def test_the_help_home_holds_the_crisis_lines_in_its_first_screen(phone):
    phone.goto(HELP)
    expect(phone.get_by_role("heading", name="いますぐ話したいとき")).to_be_visible()
    assert_in_first_screen(inochi(phone))
    scroll_width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH
    assert_accessible(phone)


def test_a_404_of_the_portal_shows_whom_to_call(phone):
    response = phone.goto(HELP + "needs/no-such-need/")
    assert response.status == 404
    expect(inochi(phone)).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile("^住まい"))).to_be_visible()
    assert_accessible(phone)
