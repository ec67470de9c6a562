"""Two-factor sign-in in the browser: a registration code from the secretariat, enrolment
with the app's key, recovery codes shown once, then signing in with a code."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from accounts.mfa import enrolment_codes
from accounts.tests.mfa.helpers import fresh_code, totp_code
from core.roles import Role
from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_user_enrols_with_a_code_and_then_signs_in_with_a_code(page, city, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.MFA_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code is tried just before a right one
    user = city.users[Role.VOLUNTEER]
    code = enrolment_codes.enrolment_code_issue(actor=city.users[Role.SECRETARIAT], user=user)
    sign_in(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("二要素認証の登録")
    assert_accessible(page)
    page.get_by_label("登録コード（12桁）").fill(code)
    page.get_by_role("button", name="登録を始める").click()

    expect(page.get_by_role("img", name="認証アプリに登録するためのQRコード")).to_be_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    typed = page.locator("figcaption code").inner_text().replace(" ", "")
    assert typed == __import__("base64").b32encode(device.bin_key).decode().rstrip("=")
    page.get_by_label("確認コード（6桁）").fill(totp_code(device))
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_role("status").first).to_contain_text("二要素認証を設定しました")
    expect(page.locator(".recovery-code-list li")).to_have_count(10)
    assert_accessible(page)

    page.get_by_role("button", name="ログアウト").click()
    sign_in(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("確認コードの入力")
    assert_accessible(page)
    page.get_by_label("確認コード（6桁）").fill("000000")
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("alert")).to_contain_text("確認コードが違います")
    assert_accessible(page)
    page.get_by_label("確認コード（6桁）").fill(fresh_code(device))
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("さんのホーム")

    page.goto("/accounts/mfa/guide/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("二要素認証")
    assert_accessible(page)


def test_a_user_registers_a_passkey_and_signs_in_with_it(page, city, settings, live_server):
    """A real WebAuthn ceremony against Chromium's virtual authenticator (DevTools)."""
    from django_otp_webauthn.models import WebAuthnCredential

    base = live_server.url.replace("127.0.0.1", "localhost")  # an RP ID cannot be an address
    settings.MFA_REQUIRED = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    user = city.users[Role.VOLUNTEER]
    code = enrolment_codes.enrolment_code_issue(actor=city.users[Role.SECRETARIAT], user=user)

    def sign_in_here():
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("ユーザー名").fill(user.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

    sign_in_here()
    page.get_by_label("登録コード（12桁）").fill(code)
    page.get_by_role("button", name="登録を始める").click()
    page.get_by_role("button", name="パスキーを登録する").click()
    # The page reloads after the registration and shows the recovery codes once.
    expect(page.locator(".recovery-code-list li")).to_have_count(10)
    assert WebAuthnCredential.objects.filter(user=user, confirmed=True).count() == 1
    assert_accessible(page)

    page.get_by_role("button", name="ログアウト").click()
    sign_in_here()
    expect(page.get_by_role("heading", level=1)).to_have_text("確認コードの入力")
    page.get_by_role("button", name="パスキーで確認する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("さんのホーム")

    # Re-authentication: the password, then the passkey; back to where the user was going.
    page.goto(f"{base}/accounts/reauth/?next=/staff/audit/")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="パスワードを確認して、パスキーで確認する").click()
    page.get_by_role("button", name="パスキーで確認する").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/staff/audit/")
    from core.models import AuditEntry

    entries = list(AuditEntry.objects.values_list("action", "changes"))
    assert ("auth.reauth", {"ip": "127.0.0.1", "mfa": True, "passkey": True}) in entries, entries


def test_a_user_changes_their_password_from_the_header(page, city):
    """The page is reached from the staff header, is accessible, and shows its errors."""
    user = city.users[Role.PARTNER]
    sign_in(page, user.username)
    page.get_by_role("link", name="パスワードの変更").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードの変更")
    assert_accessible(page)
    page.get_by_label("いまのパスワード").fill("wrong password here")
    page.locator("#id_new_password1").fill("a brand new and long passphrase")
    page.get_by_label("新しいパスワード（確認のため、もう一度）").fill(
        "a brand new and long passphrase"
    )
    page.get_by_role("button", name="パスワードを変更する").click()
    expect(page.locator(".error-summary")).to_contain_text("いまのパスワードが違います。")
    assert_accessible(page)
    page.get_by_label("いまのパスワード").fill(PASSWORD)
    page.locator("#id_new_password1").fill("a brand new and long passphrase")
    page.get_by_label("新しいパスワード（確認のため、もう一度）").fill(
        "a brand new and long passphrase"
    )
    page.get_by_role("button", name="パスワードを変更する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("さんのホーム")
    expect(page.get_by_text("パスワードを変更しました。", exact=False)).to_be_visible()
