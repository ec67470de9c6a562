"""The volunteers' pages in Chromium at phone and desktop sizes: a 保護司 opens the home page
on a phone, searches the directory from it and follows a big link; the secretariat enters a
year's 保護司 figures and sees them in the table beside the chart. axe-core finds no serious
or critical problem on any page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from campaigns.tests.factories_volunteers import officer_series
from core.roles import Role
from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def test_a_volunteer_uses_the_home_page_on_a_visit(page, city):
    sign_in(page, city.users[Role.VOLUNTEER])
    page.goto("/staff/volunteers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("訪問のときに")
    expect(page.get_by_role("link", name="質問に答えて相談先をさがす")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("相談先をことばでさがす").fill("住まい")
    page.get_by_role("button", name="さがす").click()
    page.wait_for_url(f"**/{city.lg.slug}/help/search/?q=*")
    expect(page.get_by_role("searchbox", name="さがす言葉")).to_have_value("住まい")
    page.go_back()
    page.get_by_role("link", name="送った紹介").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith(reverse("referrals:outbox"))


def test_the_secretariat_enters_a_years_figures(page, city):
    officer_series(city.lg, values={2019: 296, 2020: 291}, ages={2020: "64.03"}, quota=(2020, 320))
    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto("/staff/volunteers/officers/")
    expect(page.get_by_text("定数より 29人 少ない")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_year").select_option("2021")
    page.locator("#id_count").fill("300")
    page.locator("#id_average_age").fill("64.5")
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("status")).to_contain_text(
        "令和3年（2021年）の保護司の数を登録しました"
    )
    expect(page.get_by_role("table", name="年ごとの保護司数と平均年齢")).to_contain_text("300")
    assert_accessible(page)
