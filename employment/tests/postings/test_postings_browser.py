"""Job postings in Debian's Chromium, at phone and desktop sizes: an employer writes a
posting, publishes it, and the public finds it on the job board, in やさしい日本語 too.
axe-core finds no serious or critical problem on any page; nothing needs a horizontal
scroll at 360 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from employment.tests.postings.access_rows import own_employer

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def assert_fits(page, width=360):
    page.set_viewport_size({"width": width, "height": 740})
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def test_an_employer_posts_a_job_and_the_public_finds_it(page, city):
    own_employer(city)
    sign_in(page, city.users[Role.EMPLOYER])
    page.goto("/staff/employment/postings/")
    assert_accessible(page)
    page.get_by_role("link", name="求人を作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("求人を作る")
    assert_accessible(page)
    page.get_by_role("button", name="下書きとして保存する").click()
    expect(page.get_by_text("入力内容を確認してください。")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("職種").fill("倉庫内の仕分け（架空）")
    page.get_by_label("仕事内容").fill("荷物を行き先ごとに分けます。")
    page.locator("#id_workplace").fill("熊本市北区（架空）")
    page.get_by_label("就業場所の区").fill("北区")
    page.get_by_label("雇用形態").select_option("full_time")
    page.get_by_label("賃金形態").select_option("monthly")
    page.get_by_label("賃金（下限・円）").fill("190000")
    page.get_by_label("就業時間").fill("8:30〜17:30")
    page.get_by_label("寮あり").check()
    page.get_by_label("窃盗").check()
    ends_on = timezone.localdate() + datetime.timedelta(days=20)
    page.get_by_label("掲載終了日").fill(ends_on.isoformat())
    page.get_by_role("button", name="下書きとして保存する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("倉庫内の仕分け（架空）")
    assert_accessible(page)
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_text("求人を公開しました。")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/testcity/jobs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("仕事をさがす")
    assert_accessible(page)
    page.get_by_label("寮・社宅がある").check()
    page.get_by_role("button", name="さがす").click()
    page.get_by_role("link", name="倉庫内の仕分け（架空）").click()
    expect(page.get_by_text("応募の前に保護司などにご相談ください。")).to_be_visible()
    expect(page.get_by_text("窃盗")).to_have_count(0)
    assert_accessible(page)
    assert_fits(page)
    page.get_by_role("link", name="やさしい日本語（ふりがな）").click()
    expect(page.locator("ruby").first).to_be_visible()
    assert_accessible(page)
    page.locator("a[href*='/print/']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("倉庫")
    assert_accessible(page)
    assert_fits(page)
