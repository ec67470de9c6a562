"""Two-factor sign-in in the browser: enrol with the app's key, then sign in with a code."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from accounts import mfa
from accounts.models import TOTPDevice
from core.roles import Role
from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_user_enrols_and_then_signs_in_with_a_code(page, city, settings):
    settings.MFA_REQUIRED = True
    user = city.users[Role.VOLUNTEER]
    sign_in(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("二要素認証")
    expect(page.get_by_role("img", name="認証アプリに登録するためのQRコード")).to_be_visible()
    assert_accessible(page)

    secret = page.locator("figcaption code").inner_text().replace(" ", "")
    assert secret == TOTPDevice.objects.get(user=user).secret
    page.get_by_label("確認コード（6桁）").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_role("status")).to_contain_text("二要素認証を設定しました")

    page.get_by_role("button", name="ログアウト").click()
    sign_in(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("確認コードの入力")
    assert_accessible(page)
    page.get_by_label("確認コード（6桁）").fill("000000")
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("alert")).to_contain_text("確認コードが違います")
    assert_accessible(page)
    next_step_code = pyotp.TOTP(secret).at(time.time() + mfa.STEP_SECONDS)
    page.get_by_label("確認コード（6桁）").fill(next_step_code)
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("さんのホーム")
