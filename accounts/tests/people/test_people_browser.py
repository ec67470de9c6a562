"""The account list, the invitation and the organizations in the browser, checked with axe-core: the
secretariat opens the list, re-authenticates, invites a person, and that person sets a
password from the e-mail's link."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_the_secretariat_invites_a_person(page, city, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(city.users[Role.SECRETARIAT].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    page.get_by_role("link", name="アカウント（招待・役割の変更・利用の停止）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("アカウント")
    expect(page.get_by_role("table")).to_contain_text(city.users[Role.PARTNER].username)
    assert_accessible(page)

    page.get_by_role("link", name="アカウントを作る（招待する）").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("本人確認")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("アカウントを作る（招待する）")
    page.get_by_role("button", name="招待のメールを送る").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください")
    assert_accessible(page)

    page.get_by_label("メールアドレス").fill("browser@example.jp")
    page.get_by_label("氏名").fill("画面 花子（架空）")
    page.get_by_label("役割").select_option("partner")
    page.get_by_label("所属組織").select_option(str(city.users[Role.PARTNER].organization.pk))
    page.get_by_role("button", name="招待のメールを送る").click()
    expect(page.get_by_role("status")).to_contain_text(
        "browser@example.jp に案内のメールを送りました"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("画面 花子（架空）")

    page.goto("/staff/accounts/organizations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("組織")
    assert_accessible(page)

    link = re.search(r"https?://\S+/accounts/password/\S+/", mail.outbox[-1].body).group(0)
    page.get_by_role("button", name="ログアウト").click()
    page.goto(urlsplit(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードの設定")
    assert_accessible(page)
