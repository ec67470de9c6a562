"""A housing referral end to end in Debian's Chromium, at phone and desktop sizes (issue 16
§4): a provider lists a home that accepts 保護観察対象者等 through its own form; a partner with a consented case
finds it through 「住まいをさがす」 (pre-filled from the person's record), adds the provider to
the consent from the link the page gives, and refers the person; the provider finds the
referral in its inbox, accepts it and completes it; the case shows 住まいの確保 and the home's
vacancies are unchanged. axe-core finds no serious or critical problem on any page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from coordination.models import Outcome, OutcomeKind, Referral, ReferralStatus
from coordination.tests.factories import CaseFactory, ConsentFactory, PersonFactory
from coordination.tests.test_browser import open_case, open_tab, sign_in, sign_out
from core.fields.choice_masks import to_mask
from core.roles import Role
from core.testing.browser import assert_accessible
from housing.models import Acceptance, SafetyNetHome
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory

pytestmark = pytest.mark.browser

PROVIDER = "すまいサポート（架空）"
HOME = "つなぎハイツ（架空）"


def test_find_a_home_refer_accept_complete_and_home_secured(page, browser, live_server, city):
    partner = city.users[Role.PARTNER]
    # 1. the provider lists its home through its own staff form (its profile was registered by
    # the secretariat: the providers' screens are tested in housing/tests/homes)
    provider = HousingProviderFactory(
        local_government=city.lg, organization__name=PROVIDER, organization__is_fictional=True
    )
    provider_user = UserFactory(
        username="testcity-sumai", role=Role.HOUSING_PROVIDER, organization=provider.organization
    )
    # a home elsewhere that does not accept 保護観察対象者等: not among the results
    SafetyNetHomeFactory(
        provider=provider, name="ほかの住宅（架空）", accepts=to_mask(Acceptance, ["elderly"])
    )
    sign_in(page, provider_user)
    page.get_by_role("link", name="住宅を登録する").click()
    assert_accessible(page)
    page.get_by_label("住宅の名称").fill(HOME)
    page.get_by_label("所在地").fill("熊本市中央区架空町2-2（架空）")
    ward = page.get_by_label("区", exact=True)
    if ward.evaluate("element => element.tagName") == "SELECT":
        ward.select_option("中央区")
    else:
        ward.fill("中央区")
    page.get_by_label("家賃（円・月額）").fill("38000")
    page.get_by_label("床面積（㎡）").fill("26.5")
    page.get_by_label("間取り").fill("1K")
    page.get_by_label(re.compile("^戸数")).fill("4")
    page.get_by_label("空き戸数").fill("2")
    page.get_by_label("保護観察対象者等", exact=True).check()
    page.get_by_label("低額所得者", exact=True).check()
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("住宅を登録しました")
    assert_accessible(page)
    home = SafetyNetHome.objects.get(local_government=city.lg, name=HOME)
    assert home.provider == provider and home.vacancies == 2
    assert home.accepts == to_mask(Acceptance, [Acceptance.LOW_INCOME, Acceptance.PROBATION])
    sign_out(page)

    # 2. a consented case of the partner (registered with its consent, 保護観察中, 中央区)
    case = CaseFactory(
        person=PersonFactory(local_government=city.lg, name="すまい 次郎（架空）"),
        lead_organization=partner.organization,
    )
    ConsentFactory(case=case, taken_by=partner)
    case_number = case.person.case_number

    # 3. the partner finds the home through 住まいをさがす
    sign_in(page, partner)
    open_case(page, case_number)
    open_tab(page, "住まいをさがす")
    accepts = page.get_by_role("group", name=re.compile("^受け入れる人"))
    expect(accepts.get_by_label("保護観察対象者等")).to_be_checked()
    expect(page.get_by_label("区", exact=True)).to_have_value("中央区")
    results = page.get_by_role("region", name=re.compile("見つかった住宅"))
    expect(results.get_by_role("heading", name=re.compile(HOME))).to_be_visible()
    expect(results.get_by_text("ほかの住宅（架空）")).to_have_count(0)
    results.get_by_role("link", name=re.compile("この住宅について紹介する")).click()
    expect(page.get_by_role("heading", name="この住宅について紹介する")).to_be_visible()
    assert_accessible(page)

    # 4. the provider is not in the consent yet: the page links to the consent form with it
    page.get_by_role("link", name="この事業者を共有先に加えた同意を記録する").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("同意（共有の根拠）を記録する")
    assert_accessible(page)
    page.get_by_label("利用目的").fill("住まいの確保の相談のため（架空）")
    page.get_by_label(f"{PROVIDER}: 基本", exact=True).check()
    page.get_by_label(f"{PROVIDER}: 連絡先", exact=True).check()
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)

    # 5. back to the home: now the referral can go
    open_tab(page, "住まいをさがす")
    page.get_by_role("link", name=re.compile("この住宅について紹介する")).first.click()
    groups = page.get_by_role("group", name=re.compile("^送る項目"))
    expect(groups.get_by_label("基本", exact=True)).to_be_checked()
    expect(groups.get_by_label("連絡先", exact=True)).not_to_be_checked()
    expect(groups.get_by_label("法的地位・犯歴", exact=True)).to_have_count(0)  # not covered
    assert_accessible(page)
    groups.get_by_label("連絡先", exact=True).check()
    page.get_by_label("事業者へのメモ").fill("来月中の入居を希望しています（架空）")
    page.get_by_role("button", name="紹介を送る").click()
    expect(page.get_by_role("status")).to_contain_text("紹介を送りました")
    assert_accessible(page)
    referral = Referral.objects.get(case=case)
    assert referral.home == home and referral.to_organization == provider.organization
    assert referral.status == ReferralStatus.REQUESTED
    sign_out(page)

    # 6. the provider finds it from its home page, accepts and completes it
    sign_in(page, provider_user)
    page.get_by_role("link", name="届いた紹介（入居の相談）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("受け取った紹介")
    assert_accessible(page)
    page.get_by_role("link", name=case_number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("届いた紹介（入居の相談）")
    expect(page.get_by_role("heading", name=re.compile(HOME))).to_be_visible()
    expect(page.get_by_text("すまい 次郎（架空）")).to_be_visible()
    expect(page.get_by_text("空き戸数は自動では変わりません", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("次の状態").select_option(label="受け入れ")
    page.get_by_role("button", name="変更する").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("次の状態").select_option(label="完了")
    page.get_by_label("結果（完了のとき）").select_option(label="支援につながった")
    page.get_by_role("button", name="変更する").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    home.refresh_from_db()
    assert home.vacancies == 2  # the provider keeps its listing
    sign_out(page)

    # 7. the case shows 住まいの確保
    sign_in(page, partner)
    open_case(page, case_number)
    open_tab(page, "成果")
    expect(page.get_by_text("住まいの確保").first).to_be_visible()
    assert Outcome.objects.filter(case=case, kind=OutcomeKind.HOME_SECURED).count() == 1
