"""One whole reporting cycle in Debian's Chromium: the secretariat opens it, the department
writes and submits, the secretariat returns it with a comment, the department revises and
resubmits, the secretariat accepts and downloads the compiled report as Excel and PDF.
axe-core finds no serious or critical problem on any page, at phone and desktop sizes."""

import re

import pytest
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from pdca.models import ProgressReport

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def sign_out(page):
    page.get_by_role("button", name="ログアウト").click()


def test_a_whole_reporting_cycle(page, city):
    secretariat, department = city.users[Role.SECRETARIAT], city.users[Role.DEPARTMENT]

    # open the cycle
    sign_in(page, secretariat)
    page.get_by_role("link", name="進捗管理").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("進捗管理（PDCA）")
    assert_accessible(page)
    page.get_by_label("対象年度").select_option(label="令和3年度（2021年度）")
    page.get_by_label("提出期限").fill("2022-05-31")
    page.get_by_role("button", name="開始する").click()
    expect(page.get_by_role("status")).to_contain_text("報告 4 件")
    expect(page.get_by_role("heading", level=1)).to_contain_text("令和3年度（2021年度）の進捗管理")
    assert_accessible(page)
    sign_out(page)

    # the department writes, saves a draft, then submits
    sign_in(page, department)
    page.get_by_role("link", name="進捗管理").first.click()
    page.get_by_role("link", name="令和3年度（2021年度）").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("の進捗状況報告")
    page.get_by_role("link", name=re.compile("賃貸人の不安")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("進捗状況報告")
    assert_accessible(page)
    page.get_by_label("実施内容", exact=True).fill("不動産団体と意見交換会を2回開きました。")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("alert")).to_be_visible()  # results, evaluation … are missing
    page.get_by_label("実績", exact=True).fill("参加した賃貸人 18人")
    page.get_by_label("数値1 項目").fill("参加者")
    page.get_by_label("数値1 値").fill("18")
    page.get_by_label("数値1 単位").fill("人")
    page.get_by_label(re.compile("^B おおむね順調")).check()
    page.get_by_label("課題", exact=True).fill("郊外の賃貸人の参加が少ない。")
    page.get_by_label("今後の方向性", exact=True).fill("オンラインでも開催します。")
    page.get_by_role("button", name="下書きを保存する").click()
    expect(page.get_by_role("status")).to_contain_text("下書きを保存しました")
    assert_accessible(page)
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("status")).to_contain_text("提出しました")
    sign_out(page)

    # the secretariat returns it with a comment
    sign_in(page, secretariat)
    page.get_by_role("link", name="進捗管理").first.click()
    page.get_by_role("link", name="令和3年度（2021年度）").click()
    page.get_by_role("link", name=re.compile("確認待ちの報告")).click()
    page.get_by_role("link", name=re.compile("賃貸人の不安")).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度） 進捗状況報告")
    page.get_by_label("差し戻す").check()
    page.get_by_label("コメント").fill("意見交換会の参加団体数も書いてください。")
    page.get_by_role("button", name="判定を送る").click()
    expect(page.get_by_role("status")).to_contain_text("差し戻しました")
    sign_out(page)

    # the department sees the comment, revises and resubmits
    sign_in(page, department)
    page.get_by_role("link", name="進捗管理").first.click()
    page.get_by_role("link", name="令和3年度（2021年度）").click()
    page.get_by_role("link", name=re.compile("賃貸人の不安")).click()
    expect(page.locator(".notice")).to_contain_text("意見交換会の参加団体数も書いてください。")
    page.get_by_label("実績", exact=True).fill("参加した賃貸人 18人（3団体）")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("status")).to_contain_text("提出しました")
    sign_out(page)

    # the secretariat compares the versions, accepts, and downloads both files
    sign_in(page, secretariat)
    page.get_by_role("link", name="進捗管理").first.click()
    page.get_by_role("link", name="令和3年度（2021年度）").click()
    page.get_by_role("link", name=re.compile("確認待ちの報告")).click()
    page.get_by_role("link", name=re.compile("賃貸人の不安")).click()
    page.get_by_role("link", name="第1版と第2版を比べる").click()
    expect(page.locator("ins").first).to_contain_text("3団体")
    assert_accessible(page)
    page.go_back()
    page.get_by_label("承認する").check()
    page.get_by_role("button", name="判定を送る").click()
    expect(page.get_by_role("status")).to_contain_text("承認しました")
    report = ProgressReport.objects.get(measure=city.measures[2], department__name="住宅政策課")
    assert report.status == "accepted" and report.version == 2

    page.goto("/staff/pdca/")
    page.get_by_role("link", name="令和3年度（2021年度）").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("の進捗管理")
    page.get_by_role("link", name="進捗状況報告書（Excel・PDF）").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("報告書")
    # each file is made in the background: the job's page shows its progress, then the file
    report_page = page.url
    page.get_by_role("button", name="Excel を作成").click()
    expect(page.locator("#job-status")).to_contain_text("完了")
    assert_accessible(page)
    with page.expect_download() as excel:
        page.get_by_role("link", name=re.compile("をダウンロード")).click()
    assert excel.value.suggested_filename.endswith(".xlsx")
    assert open(excel.value.path(), "rb").read(2) == b"PK"
    page.goto(report_page)
    page.get_by_role("button", name=re.compile("PDF を作成")).first.click()
    expect(page.locator("#job-status")).to_contain_text("完了")
    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("をダウンロード")).click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"


def test_public_indicator_page_is_accessible(page, city):
    page.goto(f"/{city.lg.slug}/plan/indicators/")
    assert_accessible(page)
    page.get_by_role("link", name=city.indicator.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(city.indicator.name)
    expect(page.get_by_role("table")).to_contain_text("基準値")
    assert_accessible(page)
