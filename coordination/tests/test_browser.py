"""Support coordination end to end in Debian's Chromium, at phone and desktop sizes: a partner
registers a fictional person with the registration consent, records a consent that shares 基本,
連絡先 and 支援計画 with 生活自立支援センター（架空）, assesses the needs, writes a goal and an
action, and refers the case there; the receiver finds the referral in its inbox, accepts it
and completes it (支援につながった); the partner records a case conference whose action joins
the plan; the person withdraws the consent, and the receiver, still signed in, gets the
not-found page on the referral's next load. axe-core finds no serious or critical problem on
any page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory, UserFactory
from coordination.models import (
    Case,
    CaseConference,
    Consent,
    FieldGroup,
    NeedAssessment,
    PlanItem,
    Referral,
    ReferralStatus,
)
from core.fields.choice_masks import from_mask
from core.roles import Role
from core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
CENTER = "生活自立支援センター（架空）"
GOAL = "半年以内に自分の住まいで暮らす（架空）"
ACTION = "居住支援法人と一緒に物件を探す（架空）"
FOLLOW_UP = "来月の面談で家計の見通しを一緒に立てる（架空）"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")
    assert_accessible(page)


def sign_out(page):
    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("button", name="ログアウト")).to_have_count(0)


def open_tab(page, name):
    """One of the case's tabs (the navigation 「ケースの画面」)."""
    page.get_by_role("navigation", name="ケースの画面").get_by_role("link", name=name).click()
    expect(
        page.get_by_role("navigation", name="ケースの画面").locator("[aria-current=page]")
    ).to_have_text(name)
    assert_accessible(page)


def open_case(page, case_number):
    """The staff menu's 支援のつなぎ (the caseload), then the case."""
    page.get_by_role("navigation", name="業務メニュー").get_by_role(
        "link", name="支援のつなぎ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ケース一覧")
    assert_accessible(page)
    page.get_by_role("link", name=case_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case_number)
    assert_accessible(page)


def test_register_share_plan_refer_complete_confer_and_withdraw(page, browser, live_server, city):
    partner = city.users[Role.PARTNER]
    center = OrganizationFactory(
        local_government=city.lg, kind=Organization.Kind.PARTNER, name=CENTER, is_fictional=True
    )
    receiver = UserFactory(username="testcity-center", role=Role.PARTNER, organization=center)

    # 1. the partner registers a fictional person with the registration consent
    sign_in(page, partner)
    page.get_by_role("navigation", name="業務メニュー").get_by_role(
        "link", name="支援のつなぎ"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ケース一覧")
    assert_accessible(page)
    page.get_by_role("link", name="支援対象者を登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("支援対象者の登録")
    assert_accessible(page)
    page.get_by_label("氏名").fill("つなぎ 太郎（架空）")
    page.get_by_label("ふりがな").fill("つなぎ たろう")
    page.get_by_label("生年月日").fill("1985-04-01")
    page.get_by_label("連絡先").fill("000-0000-0000（架空）")
    page.get_by_label("区", exact=True).fill("中央区")
    page.get_by_label("本人から登録と支援への同意を得た").check()
    page.get_by_role("group", name=re.compile("^同意の方法")).get_by_label("書面").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("status")).to_contain_text("を登録しました")
    assert_accessible(page)
    case = Case.objects.select_related("person").get(local_government=city.lg)
    assert case.lead_organization == partner.organization
    [registration] = Consent.objects.filter(case=case)
    assert registration.withdrawn_at is None
    case_number = case.person.case_number
    expect(page.get_by_role("heading", level=1)).to_contain_text(case_number)

    # 2. a consent shares 基本, 連絡先 and 支援計画 with the center
    open_tab(page, "同意と共有")
    page.get_by_role("link", name="同意を記録する").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("同意（共有の根拠）を記録する")
    assert_accessible(page)
    page.get_by_label("利用目的").fill("住まいと生活の立て直しの支援のため（架空）")
    for group in ("基本", "連絡先", "支援計画"):
        page.get_by_label(f"{CENTER}: {group}", exact=True).check()
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    consent = Consent.objects.get(case=case, scopes__organization=center)
    assert consent.withdrawn_at is None
    assert set(from_mask(FieldGroup, consent.scopes.get().groups)) == {
        FieldGroup.BASIC,
        FieldGroup.CONTACT,
        FieldGroup.PLAN,
    }

    # 3. needs, then a goal and an action of the plan
    open_tab(page, "ニーズ")
    page.get_by_role("link", name=re.compile("ニーズを評価する")).click()
    expect(page.get_by_role("heading", name="ニーズの評価")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("^住居")).get_by_label("高い").check()
    page.get_by_label("住居についてのメモ").fill("住まいがなく、知人宅に身を寄せている（架空）")
    page.get_by_role("group", name=re.compile("^就労")).get_by_label("中程度").check()
    page.get_by_role("button", name=re.compile("記録する|保存する")).click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    assert NeedAssessment.objects.filter(case=case).count() == 1

    open_tab(page, "支援計画")
    page.get_by_role("link", name="目標・取り組みを追加する").click()
    expect(page.get_by_role("heading", name="目標・取り組みを追加する")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("^種類")).get_by_label("目標").check()
    page.get_by_label("内容").fill(GOAL)
    page.get_by_label("分野（任意）").select_option(label="住居")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text(GOAL)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="この目標に取り組みを追加").click()
    expect(page.get_by_role("heading", name="目標・取り組みを追加する")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("^種類")).get_by_label("取り組み").check()
    page.get_by_label("内容").fill(ACTION)
    page.get_by_label("担当する組織").select_option(label=CENTER)
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text(ACTION)).to_be_visible()
    assert_accessible(page)
    goal = PlanItem.objects.get(case=case, kind=PlanItem.Kind.GOAL)
    action = PlanItem.objects.get(case=case, kind=PlanItem.Kind.ACTION)
    assert action.goal == goal and action.owner_organization == center

    # 4. the partner refers the case to the center and sends it
    open_tab(page, "紹介（つなぎ）")
    page.get_by_role("link", name="新しく紹介する").click()
    expect(page.get_by_role("button", name="送る")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("紹介先の組織").select_option(label=CENTER)
    page.get_by_label(re.compile("^分野")).select_option(label="住居")
    groups = page.get_by_role("group", name=re.compile("^送る項目"))
    groups.get_by_label("基本", exact=True).check()
    groups.get_by_label("連絡先", exact=True).check()
    page.get_by_label("紹介の目的").fill("住まい探しと生活の立て直しの相談（架空）")
    page.get_by_role("button", name="送る").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    referral = Referral.objects.get(case=case)
    assert referral.status == ReferralStatus.REQUESTED
    assert referral.to_organization == center
    sign_out(page)

    # 5. the receiver, in a browser of its own, accepts and completes the referral
    context = browser.new_context(
        viewport=page.viewport_size, locale="ja-JP", base_url=live_server.url
    )
    try:
        theirs = context.new_page()
        theirs.set_default_timeout(10_000)
        sign_in(theirs, receiver)
        theirs.get_by_role("link", name="受け取った紹介").first.click()
        expect(theirs.get_by_role("heading", level=1)).to_contain_text("受け取った紹介")
        assert_accessible(theirs)
        theirs.get_by_role("link", name=case_number).click()
        expect(theirs.get_by_role("heading", name=re.compile(CENTER))).to_be_visible()
        expect(theirs.get_by_text("つなぎ 太郎（架空）")).to_be_visible()
        assert_accessible(theirs)
        theirs.get_by_label("次の状態").select_option(label="受け入れ")
        theirs.get_by_role("button", name="変更する").click()
        expect(theirs.get_by_role("status")).to_be_visible()
        assert_accessible(theirs)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.ACCEPTED
        theirs.get_by_label("次の状態").select_option(label="完了")
        theirs.get_by_label("結果（完了のとき）").select_option(label="支援につながった")
        theirs.get_by_role("button", name="変更する").click()
        expect(theirs.get_by_role("status")).to_be_visible()
        assert_accessible(theirs)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.COMPLETED
        assert referral.outcome == Referral.Outcome.SUCCESSFUL
        referral_url = theirs.url

        # 6. the partner records a case conference; its action joins the plan
        sign_in(page, partner)
        open_case(page, case_number)
        open_tab(page, "ケース会議")
        page.get_by_role("link", name="ケース会議を記録する").click()
        expect(page.get_by_role("heading", name="ケース会議を記録する")).to_be_visible()
        assert_accessible(page)
        attending = page.get_by_role("group", name=re.compile("^参加した組織"))
        attending.get_by_label(partner.organization.name, exact=True).check()
        attending.get_by_label(CENTER, exact=True).check()
        page.get_by_label("議題").fill("住まいが決まるまでの生活の支え（架空）")
        page.get_by_label("決定事項").fill("家計の見通しを立てる（架空）")
        page.get_by_label("取り組み1 の内容").fill(FOLLOW_UP)
        page.get_by_label("取り組み1 を担当する組織").select_option(label=CENTER)
        page.get_by_role("button", name=re.compile("記録する|保存する")).click()
        expect(page.get_by_role("status")).to_be_visible()
        assert_accessible(page)
        conference = CaseConference.objects.get(case=case)
        follow_up = PlanItem.objects.get(case=case, conference=conference)
        assert follow_up.kind == PlanItem.Kind.ACTION and follow_up.owner_organization == center
        open_tab(page, "支援計画")
        expect(page.get_by_text(FOLLOW_UP)).to_be_visible()

        # 7. the person withdraws the consent: the receiver loses the case at once
        # (until now the receiver still opens the referral, its received values with it)
        assert theirs.reload().status == 200
        expect(theirs.get_by_role("heading", name=re.compile(CENTER))).to_be_visible()
        expect(theirs.get_by_text("つなぎ 太郎（架空）")).to_be_visible()
        open_tab(page, "同意と共有")
        row = (
            page.get_by_role("row")
            .filter(has_text=CENTER)
            .filter(has=page.get_by_role("link", name="撤回する"))
        )
        row.get_by_role("link", name="撤回する").click()
        expect(page.get_by_role("heading", name="同意を撤回する")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="撤回する").click()
        expect(page.get_by_role("status")).to_be_visible()
        assert_accessible(page)
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None
        registration.refresh_from_db()
        assert registration.withdrawn_at is None

        response = theirs.reload()
        assert response.status == 404 and theirs.url == referral_url
        expect(theirs.get_by_role("heading", level=1)).to_have_text("ページが見つかりません")
        expect(theirs.get_by_text("つなぎ 太郎（架空）")).to_have_count(0)
        assert_accessible(theirs)
    finally:
        context.close()
