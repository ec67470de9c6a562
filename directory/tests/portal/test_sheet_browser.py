"""The navigator's referral sheet and the remembered display, on a 360 × 640 phone in
Debian's Chromium: the sheet a supporter opens is one A4 page, the whole list is one more
tap; やさしい日本語 stays on from page to page once chosen, and off once switched off."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from core.testing.pdf import read_pdf
from directory.tests.portal_data import make_directory

pytestmark = [pytest.mark.browser, pytest.mark.japanese_font]

HOME = "/testcity/help/"


@pytest.fixture
def phone(browser, live_server, city):
    make_directory(city)
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="ja-JP", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_sheet_is_one_page_and_the_whole_list_is_asked_for(phone):
    phone.goto(HOME + "navigator/")
    phone.get_by_label("本人", exact=True).check()
    phone.get_by_label("住まい", exact=True).check()
    phone.get_by_label("仕事", exact=True).check()
    phone.get_by_label("話を聞いてほしい", exact=True).check()
    phone.get_by_role("button", name="窓口を出す").click()
    expect(phone.get_by_role("heading", level=2, name="あなたの相談先リスト")).to_be_visible()
    assert_accessible(phone)
    short = phone.get_by_role("link", name="紹介シートを開く（PDF・1枚）")
    full = phone.get_by_role("link", name="すべての窓口を印刷（PDF）")
    expect(short).to_be_visible()
    expect(full).to_have_attribute("href", re.compile(r"full=1"))
    response = phone.request.get(short.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    pdf = read_pdf(response.body())
    assert pdf.page_count == 1
    assert "電話で伝えること" in pdf.text
    assert read_pdf(phone.request.get(full.get_attribute("href")).body()).page_count >= 1


def test_yasashii_is_remembered_from_page_to_page(phone):
    phone.goto(HOME)
    toggle = phone.get_by_role("navigation", name="表示のしかた")
    assert toggle.bounding_box()["y"] < 640  # the visible toggle, in the first screen
    toggle.get_by_role("link", name="やさしい日本語（ふりがな）").click()
    expect(phone.locator("body")).to_have_class(re.compile(r"\byasashii\b"))
    phone.goto(HOME + "navigator/")  # a fresh address, no query string
    expect(phone.locator("body")).to_have_class(re.compile(r"\byasashii\b"))
    expect(phone.locator("h1 ruby").first).to_be_visible()
    assert_accessible(phone)
    phone.goto("/testcity/jobs/")
    expect(phone.locator("body")).to_have_class(re.compile(r"\byasashii\b"))
    phone.get_by_role("link", name=re.compile("ふつうの日本語にする")).click()
    phone.goto(HOME)
    expect(phone.locator("body")).not_to_have_class(re.compile(r"\byasashii\b"))
