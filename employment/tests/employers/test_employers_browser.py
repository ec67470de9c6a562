"""Cooperating employers in Debian's Chromium, at phone and desktop sizes: an employer
applies online (first with mistakes), the secretariat finds the application, approves it
and imports a list with a bad row; the employer keeps its own company. axe-core finds no
serious or critical problem on any page; nothing needs a horizontal scroll at 360 px."""

import re

import pytest
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from employment.models import Employer
from employment.tests.employers.access_rows import own_company

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


def test_an_employer_applies_and_the_secretariat_approves(page, city):
    page.goto("/testcity/employers/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("協力雇用主の登録申請")
    assert_accessible(page)
    page.locator("#id_name").fill("株式会社かもめ工業（架空）")
    page.get_by_label("事業所名（ふりがな）").fill("かもめこうぎょう")
    page.get_by_label("業種").select_option(label="製造業")
    page.get_by_label("所在地").fill("テスト市東区かもめ町1-1（架空）")
    page.get_by_label("はい", exact=True).check()
    page.get_by_role("button", name="申請する").click()
    # a registered employer without its date is fine (the date is optional); no contact and
    # no choice about being public are not
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("メールアドレスを入力してください")
    expect(summary).not_to_contain_text("登録日")
    expect(summary).to_contain_text("公開するかどうかを選んでください")
    assert_accessible(page)
    page.get_by_label("協力雇用主の登録日").fill("2020-04-01")
    page.get_by_label("担当者名").fill("かもめ 一郎（架空）")
    page.get_by_label("担当者の電話番号").fill("096-000-2222")
    page.get_by_label("担当者のメールアドレス").fill("kamome@example.jp")
    page.get_by_label(re.compile("^公開しない")).check()
    page.get_by_label(re.compile("同意します")).check()
    page.get_by_role("button", name="申請する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申請を受け付けました")
    assert_accessible(page)
    assert Employer.objects.get().status == Employer.Status.APPLIED

    sign_in(page, city.users[Role.SECRETARIAT])
    page.get_by_role("link", name="就労支援").first.click()
    page.get_by_role("link", name="協力雇用主", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("審査を待っている申請")).click()
    page.get_by_role("link", name="株式会社かもめ工業（架空）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("株式会社かもめ工業（架空）")
    assert_accessible(page)
    page.get_by_role("button", name="承認する").click()
    expect(page.locator(".messages")).to_contain_text("kamome@example.jp")
    expect(page.get_by_text("パスワード未設定")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
    page.goto("/staff/employment/employers/")
    assert_accessible(page)
    assert_fits(page)


def test_a_list_with_a_bad_row_is_reported_row_by_row(page, city, tmp_path):
    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto("/staff/employment/employers/import/")
    assert_accessible(page)
    path = tmp_path / "list.csv"
    path.write_bytes(
        "事業所名,業種,登録日\nつばめ建設（架空）,建設業,2019-04-01\nかもめ（架空）,鉱業,\n".encode()
    )
    page.get_by_label("協力雇用主の一覧（CSV または Excel）").set_input_files(str(path))
    page.get_by_role("button", name="取り込む").click()
    expect(
        page.get_by_role("heading", level=2, name=re.compile("何も取り込んでいません"))
    ).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("業種「鉱業」は使えません"))).to_be_visible()
    assert_accessible(page)
    assert not Employer.objects.exists()


def test_an_employer_keeps_its_own_company(page, city):
    employer = own_company(city)
    Employer.objects.filter(pk=employer.pk).update(
        is_public=False, contact_email="kensetsu@example.jp"
    )
    sign_in(page, city.users[Role.EMPLOYER])
    page.get_by_role("link", name="就労支援").first.click()
    page.get_by_role("link", name="自社の情報").click()
    expect(page.get_by_text("一般には公開していません")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="自社の情報を変更する").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^公開する")).check()
    page.get_by_label("事業所名（ふりがな）").fill("けんせつがいしゃ")
    page.get_by_label("所在地").fill("テスト市中央区1-1（架空）")
    page.get_by_label("協力雇用主の登録日").fill("2019-04-01")
    page.get_by_label("担当者名").fill("建設 太郎（架空）")
    page.get_by_label("担当者の電話番号").fill("096-000-3333")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("市の求人ページに載せています")).to_be_visible()
    employer.refresh_from_db()
    assert employer.is_public
    assert_fits(page)
