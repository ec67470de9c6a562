"""The way in on a 360 × 640 phone, in Debian's Chromium: `/` shows the chooser, whose
相談したい is in the first screen and leads to the help portal in one tap; the header is one
menu button; every portal page shows its heading in the first screen; axe-clean."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from directory.tests.portal_data import make_directory

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}


@pytest.fixture
def phone(browser, live_server, city):
    from core.models import LocalGovernment

    make_directory(city)
    # the directory's second body is only there to be hidden: keep one real body, as Kumamoto
    LocalGovernment.objects.filter(slug="othercity").update(is_synthetic=True)
    context = browser.new_context(viewport=PHONE, locale="ja-JP", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def in_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_one_tap_from_the_front_door_leads_to_help(phone):
    phone.goto("/")
    expect(phone).to_have_url(re.compile(r"/testcity/$"))
    help_choice = phone.get_by_role("link", name=re.compile("相談したい（ご本人・ご家族）"))
    expect(help_choice).to_be_visible()
    assert in_first_screen(help_choice)
    box = help_choice.bounding_box()
    assert box["height"] >= 80 and box["width"] >= 300  # the largest choice, a big tap target
    assert_accessible(phone)
    help_choice.click()
    expect(phone).to_have_url(re.compile(r"/testcity/help/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("どんなことで困っていますか")


def test_on_a_phone_the_header_is_one_menu_button(phone):
    phone.goto("/testcity/plan/")
    nav = phone.get_by_role("navigation", name="サイト内の主なページ")
    menu = phone.locator("summary.site-menu-button")
    expect(menu).to_be_visible()
    expect(menu).to_have_text("メニュー")
    expect(nav.get_by_role("link", name="統計")).to_be_hidden()
    header = phone.locator("header.site-header").bounding_box()
    assert header["height"] <= 100, header  # a title beside one button, not a wall of links
    menu.click()
    expect(nav.get_by_role("link", name="統計")).to_be_visible()
    assert_accessible(phone)
    nav.get_by_role("link", name="統計").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("統計")


def test_the_menu_works_with_the_keyboard(phone):
    phone.goto("/testcity/plan/")
    menu = phone.locator("summary.site-menu-button")
    menu.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("details.site-menu")).to_have_attribute("open", "")
    expect(phone.get_by_role("link", name="相談窓口をさがす")).to_be_visible()


def test_the_title_leads_back_to_the_chooser(phone):
    phone.goto("/testcity/jobs/")
    phone.locator("a.site-title").click()
    expect(phone.get_by_role("link", name=re.compile("相談したい"))).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/testcity/",
        "/testcity/help/",
        "/testcity/help/navigator/",
        "/testcity/help/needs/housing/",
        "/testcity/jobs/",
        "/testcity/plan/",
    ],
)
def test_every_portal_page_says_what_it_is_for_in_the_first_screen(phone, path):
    phone.goto(path)
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    assert in_first_screen(heading), (path, heading.bounding_box())
    assert_accessible(phone)


def test_on_a_desktop_the_links_show_as_before(browser, live_server, city):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", base_url=live_server.url
    )
    page = context.new_page()
    try:
        page.goto("/testcity/")
        expect(page.locator("summary.site-menu-button")).to_be_hidden()
        nav = page.get_by_role("navigation", name="サイト内の主なページ")
        for name in ("相談窓口をさがす", "仕事をさがす", "計画の概要", "オープンデータ"):
            expect(nav.get_by_role("link", name=name)).to_be_visible()
        assert_accessible(page)
    finally:
        context.close()
