"""The job magazine in Debian's Chromium, at phone and desktop sizes: the secretariat makes
an issue, picks postings, reorders them (HTMX), previews and issues it, records the copies
printed and a distribution. axe-core finds no serious or critical problem on any page."""

import re

import pytest
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from employment.models import MagazineDistribution, MagazineIssue
from employment.tests.factories import EmployerFactory, JobPostingFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def test_the_secretariat_builds_issues_and_distributes_an_issue(page, city):
    employer = EmployerFactory(local_government=city.lg, name="架空建設株式会社（架空）")
    hidden = EmployerFactory(
        local_government=city.lg, name="非公開運送株式会社（架空）", is_public=False
    )
    JobPostingFactory(employer=employer, title="型枠大工（架空）", openings=2)
    JobPostingFactory(employer=hidden, title="配送ドライバー（架空）", openings=1)

    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto("/staff/employment/magazine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("求人情報誌「Change!」")
    expect(page.get_by_text("求人情報誌の号はまだありません")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="新しい号を作る").click()
    expect(page.get_by_label("応募の方法・相談先")).to_contain_text("保護観察所")
    assert_accessible(page)
    page.get_by_role("button", name="作成して求人を選ぶ").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("に載せる求人を選ぶ")
    assert_accessible(page)
    page.get_by_label("型枠大工（架空）").check()
    page.get_by_label("配送ドライバー（架空）").check()
    page.get_by_role("button", name="選んだ求人を号に追加する").click()

    expect(page.get_by_role("status")).to_contain_text("求人を2件追加しました")
    assert_accessible(page)
    items = page.locator("#items-list li")
    expect(items.first).to_contain_text("型枠大工（架空）")
    page.get_by_role("button", name=re.compile(r"^下へ 番号 1$")).click()  # HTMX swaps the list
    expect(items.first).to_contain_text("配送ドライバー（架空）")
    expect(page.locator("#items-list li.just-moved")).to_contain_text("型枠大工（架空）")

    page.get_by_role("link", name="印刷プレビュー").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change（チェンジ）！")
    assert_accessible(page)
    page.get_by_role("link", name="号の画面に戻る").click()

    page.get_by_role("link", name="発行する").click()
    assert_accessible(page)
    page.get_by_label("発行日").fill("2026-10-01")
    page.get_by_role("button", name="発行する").click()
    expect(page.get_by_role("status")).to_contain_text("発行済みにしました")
    issue = MagazineIssue.objects.get(local_government=city.lg)
    assert issue.status == MagazineIssue.Status.ISSUED
    assert page.get_by_role("button", name=re.compile("^上へ")).count() == 0

    page.get_by_role("link", name="印刷部数を記録").click()
    page.get_by_label("印刷部数").fill("250")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("link", name="配布を記録する").click()
    assert_accessible(page)
    page.get_by_label("配布先の種別").select_option(label="保護観察所")
    page.get_by_label("部数").fill("300")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("alert")).to_contain_text("印刷部数（250部）を超えます")
    assert_accessible(page)
    page.get_by_label("部数").fill("100")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("印刷 250部のうち 100部を配布（残り 150部）")).to_be_visible()
    assert MagazineDistribution.objects.get(issue=issue).copies == 100

    page.get_by_role("link", name="求人情報誌", exact=True).click()
    expect(page.get_by_role("cell", name="250")).to_be_visible()
    assert_accessible(page)
