"""The public listing of safety-net homes in Debian's Chromium on a phone (360 px): a visitor
narrows the list, opens a home, switches to やさしい日本語 and finds the housing windows and
the crisis lines; a supporter searches by two attributes at once on a phone. axe-core finds
no serious or critical problem on any page; nothing needs a horizontal scroll."""

import pytest
from playwright.sync_api import expect

from core.fields.choice_masks import to_mask
from core.roles import Role
from core.testing.browser import assert_accessible
from housing.models import Acceptance
from housing.tests.factories import (
    HousingProviderFactory,
    PublicHousingRoundFactory,
    SafetyNetHomeFactory,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
PHONE = {"width": 360, "height": 740}


def assert_fits(page, width=360):
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


@pytest.fixture
def homes(city):
    provider = HousingProviderFactory(local_government=city.lg)
    SafetyNetHomeFactory(
        provider=provider,
        name="ひまわりハイツ（架空）",
        ward="北区",
        rent=38_000,
        common_fee=2_000,
        vacancies=1,
        accepts=to_mask(Acceptance, [Acceptance.PROBATION, Acceptance.ELDERLY]),
    )
    SafetyNetHomeFactory(
        provider=provider,
        name="さくらコーポ（架空）",
        ward="南区",
        rent=70_000,
        vacancies=0,
        accepts=to_mask(Acceptance, [Acceptance.ELDERLY]),
    )
    SafetyNetHomeFactory(provider=provider, name="非公開の家（架空）", is_public=False)
    PublicHousingRoundFactory(local_government=city.lg, title="市営住宅 定期募集（架空）")


def test_a_visitor_finds_a_home_on_a_phone(page, city, homes):
    page.set_viewport_size(PHONE)
    page.goto(f"/{city.lg.slug}/housing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("すむところをさがす")
    expect(page.get_by_text("非公開の家（架空）")).to_have_count(0)
    assert_accessible(page)
    assert_fits(page)
    page.get_by_label("1か月に払うお金（家賃と共益費）").select_option("50000")
    page.get_by_label("いま空いている家だけ").check()
    page.get_by_role("button", name="さがす").click()
    expect(page.get_by_role("link", name="さくらコーポ（架空）")).to_have_count(0)
    page.get_by_role("link", name="ひまわりハイツ（架空）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ひまわりハイツ")
    expect(page.get_by_role("heading", name="いますぐ話したいとき")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
    page.get_by_role("link", name="やさしい日本語（ふりがな）").click()
    expect(page.locator("ruby").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/{city.lg.slug}/housing/public-housing/?yasashii=0")
    expect(page.get_by_text("市営住宅 定期募集（架空）")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)


def test_a_supporter_searches_by_two_attributes_on_a_phone(page, city, homes):
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(city.users[Role.VOLUNTEER].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto("/staff/housing/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text("セーフティネット住宅をさがす")
    assert_accessible(page)
    page.get_by_label("保護観察対象者等").check()
    page.get_by_label("高齢者", exact=True).check()
    page.get_by_role("button", name="さがす").click()
    expect(page.get_by_role("link", name="ひまわりハイツ（架空）")).to_be_visible()
    expect(page.get_by_role("link", name="さくらコーポ（架空）")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="ひまわりハイツ（架空）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ひまわりハイツ")
    assert_accessible(page)
