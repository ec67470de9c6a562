"""A reader walks the plan, and the secretariat edits it, in Debian's Chromium; axe-core
finds no serious or critical problem on any page, at phone and desktop sizes."""

import re

import pytest
from playwright.sync_api import expect

from core import audit
from core.roles import Role
from core.testing.audit import assert_audited
from core.testing.browser import assert_accessible
from plans.models import Measure

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_a_reader_finds_a_measure_and_its_department(page, kumamoto):
    page.goto("/kumamoto/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("熊本市再犯防止推進計画")
    expect(page.get_by_text("令和3年度（2021年度）〜令和5年度（2023年度）")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("住居の確保に関する支援")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("住居の確保に関する支援")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("セーフティネット住宅の登録促進")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "〔セーフティネット住宅の登録促進〕"
    )
    assert_accessible(page)

    page.get_by_role("link", name="住宅政策課").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("住宅政策課")
    expect(page.get_by_role("link", name="096-328-2438")).to_have_attribute(
        "href", "tel:0963282438"
    )
    assert_accessible(page)


def test_a_reader_searches_in_half_width_katakana(page, kumamoto):
    page.goto("/kumamoto/plan/search/")
    assert_accessible(page)
    page.get_by_label("キーワード").fill("ｾｰﾌﾃｨﾈｯﾄ")
    page.get_by_role("button", name="検索").click()
    expect(page.locator(".result-count")).to_contain_text("件")
    expect(
        page.get_by_role("link", name=re.compile("セーフティネット住宅の普及啓発"))
    ).to_be_visible()
    assert_accessible(page)


def test_the_other_public_pages_are_accessible(page, kumamoto):
    for path in ["departments/", "partners/", "indicators/", "glossary/", "pillars/6/"]:
        page.goto(f"/kumamoto/plan/{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto("/kumamoto/opendata/")
    assert_accessible(page)


def test_the_secretariat_signs_in_reorders_and_edits_a_measure(page, city):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("ユーザー名").fill(city.users[Role.SECRETARIAT].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="計画の構成")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="計画を編集する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("計画の編集")
    assert_accessible(page)
    area = page.locator(f"#area-{city.areas[1].pk}")
    moved = Measure.objects.get(area=city.areas[1], number=1)
    area.get_by_role("button", name="下へ ①").click()  # htmx swaps the area in place
    expect(area.locator(".admin-measure").first).to_contain_text("賃貸人の不安を解消します。")
    assert [m.body for m in Measure.objects.filter(area=city.areas[1]).order_by("number")][
        0
    ] == "賃貸人の不安を解消します。"

    area.get_by_role("link", name=re.compile("編集 ①")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("取組の編集")
    assert_accessible(page)
    page.get_by_label("取組内容").fill("")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("alert")).to_contain_text("入力内容を確認してください。")
    assert_accessible(page)
    page.get_by_label("取組内容").fill("賃貸人の不安を解消し、登録を促進します。")
    page.get_by_label("担当課（2番目）").select_option(label="生活安全課")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("更新しました")

    page.get_by_role("link", name="監査ログ").click()
    expect(page.get_by_role("cell", name="measure.update")).to_be_visible()
    assert_accessible(page)
    audit.sensitive_read(  # a read of sensitive fields, as the job-seeker pages write them
        actor=city.users[Role.SECRETARIAT],
        obj=moved,
        local_government=city.lg,
        kind="criminal_history",
        fields=["offences"],
        purpose="detail",
        reason="面談の準備（架空）",
    )
    page.get_by_label("記録の種類").select_option(label="閲覧記録（要配慮個人情報）")
    page.get_by_role("button", name="絞り込む").click()
    expect(page.get_by_text("面談の準備（架空）")).to_be_visible()
    expect(page.get_by_role("cell", name="measure.update")).to_have_count(0)
    assert_accessible(page)
    assert_audited(
        action="measure.move",
        actor=city.users[Role.SECRETARIAT],
        obj=moved,
        changes={"number": {"before": 1, "after": 2}},
    )


def test_a_department_sees_its_measures_after_signing_in(page, city):
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/staff/"))
    page.get_by_label("ユーザー名").fill(city.users[Role.DEPARTMENT].username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name=re.compile("担当する取組"))).to_have_text(
        "担当する取組（2件）"
    )
    assert_accessible(page)
