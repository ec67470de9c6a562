"""The directory back office in the browser: a partner proposes a change, the secretariat
approves it."""

import re

import pytest
from playwright.sync_api import expect

from core.testing.browser import assert_accessible
from directory.models import ChangeRequest, Phone, Schedule
from directory.tests.back_office.helpers import (
    APPROVED,
    PASSWORD,
    kept_organization,
    need,
    partner_of,
    phone_service,
    secretariat_of,
)

pytestmark = pytest.mark.browser


# --- in the browser ----------------------------------------------------------------------------


def _sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def test_a_partner_proposes_a_phone_change_and_the_secretariat_approves_it(page, city):
    organization = kept_organization(city, name="更生支援ネット（架空）")
    service = phone_service(organization, name="住まいの相談（架空）", number="096-000-1111")
    need(city)

    _sign_in(page, partner_of(city))
    page.get_by_role("link", name="社会資源（相談先）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("社会資源（相談先）の管理")
    assert_accessible(page)
    page.get_by_role("link", name="更生支援ネット（架空）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("更生支援ネット（架空）")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("住まいの相談")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("支援・サービスの変更申請")
    assert_accessible(page)
    first_phone = page.get_by_role("group", name="電話番号 1")
    first_phone.get_by_label("番号").fill("096-328-239")  # one digit short
    page.get_by_role("button", name="変更を申請する").click()
    expect(page.get_by_role("alert").first).to_contain_text("桁数が正しくありません")
    assert_accessible(page)
    page.get_by_role("group", name="電話番号 1").get_by_label("番号").fill("096-328-2397")
    page.get_by_role("button", name="変更を申請する").click()
    expect(page.get_by_role("status")).to_contain_text("変更を申請しました")
    page.get_by_role("button", name="ログアウト").click()

    _sign_in(page, secretariat_of(city))
    page.get_by_role("link", name="社会資源（相談先）").click()
    page.get_by_role("link", name=re.compile("確認待ちの変更申請が 1 件")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("変更申請")
    assert_accessible(page)
    page.locator("table").get_by_role("link").first.click()
    expect(page.locator("ins")).to_have_text("096-328-2397")
    expect(page.locator("del")).to_have_text("096-000-1111")
    assert_accessible(page)
    page.get_by_label("承認して公開する").check()
    page.get_by_role("button", name="決定する").click()
    expect(page.get_by_role("status")).to_contain_text("承認し、公開しました")
    assert_accessible(page)

    assert list(Phone.objects.filter(service=service).values_list("number", flat=True)) == [
        "096-328-2397"
    ]
    assert Schedule.objects.filter(service=service).count() == 1
    assert ChangeRequest.objects.get().state == APPROVED
