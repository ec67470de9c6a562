"""Matching in the browser: a supporter registers a job seeker and matches them."""

import pytest
from django.urls import reverse

from employment.tests.seekers.test_matching import offences, partner_of, posting_in

pytestmark = pytest.mark.browser


# --- in a browser ------------------------------------------------------------------------------


def test_a_supporter_registers_a_seeker_and_matches_them(page, city):
    from playwright.sync_api import expect

    from core.testing.browser import assert_accessible

    posting_in(city, title="型枠工（架空）", dormitory=True)
    posting_in(city, title="倉庫作業（架空）", excluded_offences=offences("theft"))
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(partner_of(city).username)
    page.get_by_label("パスワード").fill("correct horse battery staple")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")

    page.goto(reverse("seekers:create"))
    assert_accessible(page)
    page.get_by_label("建設業").check()
    page.get_by_label("住まい（寮・社宅）が必要").check()
    page.get_by_label("法的な状況").select_option("probation")
    page.get_by_label("窃盗").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("求職者 S-")

    page.get_by_role("link", name="合う求人を探す").click()
    expect(page.get_by_text("寮があります")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="その理由を表示する").click()
    expect(
        page.get_by_text("この企業は窃盗の前歴のある方の応募を受け付けていません")
    ).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("jobs_gap:index", args=[city.lg.slug]))
    assert_accessible(page)
