"""Meetings in the browser: the secretariat records a meeting and a follow-up."""

import re

import pytest
from playwright.sync_api import expect

from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.testing.browser import assert_accessible
from pdca.models import FollowUpItem
from pdca.tests.meetings.helpers import PASSWORD, Status

pytestmark = pytest.mark.browser


# --- in the browser -----------------------------------------------------------------------


def test_the_secretariat_records_a_meeting_and_a_follow_up_in_the_browser(page, city, partners):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(city.users[Role.SECRETARIAT].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("さんのホーム")

    page.goto("/staff/pdca/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("会議")
    expect(page.get_by_text("会議を登録してください。")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="会議を登録する").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("会議の登録")
    assert_accessible(page)
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("alert")).to_contain_text("開催日を入力してください。")
    assert_accessible(page)

    page.get_by_label("会議の種類").select_option(label="再犯防止推進関係課長会議")
    page.get_by_label("開催日").fill("2025-05-20")
    page.get_by_label("場所").fill("本庁舎 会議室（架空）")
    page.get_by_label("住宅政策課").check()
    page.get_by_label("保護観察所（架空）").check()
    page.get_by_label("決定事項").fill("登録事業者への説明会を開く。")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("登録しました")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "令和7年度 第1回 再犯防止推進関係課長会議"
    )
    assert_accessible(page)

    page.get_by_role("link", name="フォローアップ事項を追加する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("フォローアップ事項の追加")
    assert_accessible(page)
    page.get_by_label("内容").fill("登録事業者への説明会を開く")
    page.get_by_label("関連する取組").select_option(
        label="第2節（1）① セーフティネット住宅の登録促進"
    )
    page.get_by_label("担当課").select_option(label="住宅政策課")
    page.get_by_label("期限").fill("2025-09-30")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("フォローアップ事項を追加しました")
    row = page.locator("tr", has_text="登録事業者への説明会を開く")
    expect(row).to_contain_text("住宅政策課")
    assert_accessible(page)

    row.get_by_label(re.compile("の状態")).select_option(label="対応中")
    row.get_by_role("button", name=re.compile("変更")).click()
    expect(page.get_by_role("status")).to_contain_text("「対応中」にしました")

    page.goto("/staff/pdca/meetings/follow-ups/")
    expect(page.get_by_role("cell", name=re.compile("令和7年度 第1回"))).to_be_visible()
    assert_accessible(page)
    page.goto("/staff/pdca/meetings/")
    expect(
        page.get_by_role("link", name="令和7年度 第1回 再犯防止推進関係課長会議")
    ).to_be_visible()
    assert_accessible(page)

    item = FollowUpItem.objects.get()
    assert item.status == Status.IN_PROGRESS
    assert item.meeting.attending_organizations.get() == partners[0]
    actions = AuditEntry.objects.filter(action__startswith="pdca.").values_list("action", flat=True)
    assert sorted(actions) == [
        "pdca.follow_up_create",
        "pdca.follow_up_status",
        "pdca.meeting_create",
    ]
    secretariat = city.users[Role.SECRETARIAT]
    assert_audited(
        action="pdca.meeting_create",
        actor=secretariat,
        obj=item.meeting,
        changes_include={
            "held_on": {"before": None, "after": "2025-05-20"},
            "place": {"before": None, "after": "本庁舎 会議室（架空）"},
            "decisions": {"before": None, "after": "登録事業者への説明会を開く。"},
        },
    )
    assert_audited(
        action="pdca.follow_up_status",
        actor=secretariat,
        obj=item,
        changes={"status": {"before": Status.OPEN, "after": Status.IN_PROGRESS}},
    )
