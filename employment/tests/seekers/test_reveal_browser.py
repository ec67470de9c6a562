"""Masking in the browser: a supporter sees the offences masked, gives a reason, sees them once
(accessible pages throughout), and is told when the reason is missing."""

import re

import pytest
from django.urls import reverse

from employment.tests.seekers.test_matching import partner_of
from employment.tests.seekers.test_reveal import seeker_of

pytestmark = pytest.mark.browser


def test_a_supporter_reveals_the_offences_with_a_reason(page, city):
    from playwright.sync_api import expect

    from core.testing.browser import assert_accessible

    seeker = seeker_of(city)
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(partner_of(city).username)
    page.get_by_label("パスワード").fill("correct horse battery staple")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")

    page.goto(reverse("seekers:detail", args=[seeker.pk]))
    expect(page.get_by_text("前歴あり（表示するには理由を入力）")).to_be_visible()
    expect(page.get_by_text("窃盗")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="理由を記録して表示する").click()
    expect(page.get_by_text("表示する理由を入力してください。").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("表示する理由").fill("本人と求人の条件を確認するため")
    page.get_by_role("button", name="理由を記録して表示する").click()
    expect(page.get_by_text("窃盗、薬物")).to_be_visible()
    expect(page.get_by_text("仮釈放中")).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("seekers:detail", args=[seeker.pk]))
    expect(page.get_by_text("窃盗")).to_have_count(0)


def test_a_supporter_reveals_before_editing_the_offences(page, city):
    from playwright.sync_api import expect

    from core.testing.browser import assert_accessible
    from employment.models import JobSeeker

    seeker = seeker_of(city)
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(partner_of(city).username)
    page.get_by_label("パスワード").fill("correct horse battery staple")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")

    page.goto(reverse("seekers:edit", args=[seeker.pk]))
    expect(page.get_by_role("combobox", name=re.compile("^法的な状況"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("表示する理由").fill("前歴の登録を直すため")
    page.get_by_role("button", name="理由を記録して表示する").click()
    expect(page.get_by_role("combobox", name=re.compile("^法的な状況"))).to_have_value("parole")
    assert_accessible(page)
    page.get_by_role("combobox", name=re.compile("^法的な状況")).select_option("released")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(seeker.code)
    assert JobSeeker.objects.get(pk=seeker.pk).legal_status == "released"
