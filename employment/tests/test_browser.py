"""Employment end to end in Debian's Chromium, at phone and desktop sizes: an employer applies
on the public page; the secretariat approves it, which creates the account and e-mails the
password link; the employer follows the link, sets a password, signs in, writes a posting and
publishes it, and the public finds it on the job board; the secretariat builds a magazine
issue with it, issues it and downloads the PDF; a 保護司 enters a job seeker and sees the
posting among the matches, with the reasons it fits. axe-core finds no serious or critical
problem on any page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from core.roles import Role
from core.testing.browser import assert_accessible
from employment.models import Employer, JobPosting, JobSeeker, MagazineIssue

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
EMPLOYER_PASSWORD = "kamome-koumuten-2026-tsunagu"
COMPANY = "かもめ工務店株式会社（架空）"
JOB = "型枠大工見習い（架空）"


def sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")
    assert_accessible(page)


def sign_out(page):
    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("button", name="ログアウト")).to_have_count(0)


def open_employment(page, part):
    """The staff menu's 就労支援, then one of its parts."""
    page.get_by_role("link", name="就労支援").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("就労支援")
    assert_accessible(page)
    page.get_by_role("link", name=part, exact=True).click()


def test_apply_approve_post_print_and_match(page, city):
    # 1. the employer applies on the public page
    page.goto(f"/{city.lg.slug}/employers/apply/")
    expect(page.get_by_role("heading", level=1)).to_have_text("協力雇用主の登録申請")
    assert_accessible(page)
    page.locator("#id_name").fill(COMPANY)
    page.get_by_label("事業所名（ふりがな）").fill("かもめこうむてん")
    page.get_by_label("業種").select_option(label="建設業")
    page.get_by_label("所在地").fill("テスト市中央区かもめ町2-3（架空）")
    page.get_by_label("区", exact=True).fill("中央区")
    page.get_by_label("いいえ", exact=True).check()
    page.get_by_label("担当者名").fill("かもめ 花子（架空）")
    page.get_by_label("担当者の電話番号").fill("000-111-2222")
    page.get_by_label("担当者のメールアドレス").fill("hanako@kamome.example.jp")
    page.get_by_label(re.compile("^公開する")).check()
    page.get_by_label(re.compile("同意します")).check()
    page.get_by_role("button", name="申請する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申請を受け付けました")
    assert_accessible(page)
    employer = Employer.objects.get(name=COMPANY)
    assert employer.status == Employer.Status.APPLIED and employer.organization is None

    # 2. the secretariat approves it: the account is made and the password link e-mailed
    sign_in(page, city.users[Role.SECRETARIAT].username)
    open_employment(page, "協力雇用主")
    expect(page.get_by_role("heading", level=1)).to_contain_text("協力雇用主")
    assert_accessible(page)
    page.get_by_role("link", name=COMPANY).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMPANY)
    assert_accessible(page)
    page.get_by_role("button", name="承認する").click()
    expect(page.locator(".messages")).to_contain_text("hanako@kamome.example.jp")
    expect(page.get_by_text("パスワード未設定")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    employer.refresh_from_db()
    assert employer.status == Employer.Status.APPROVED and employer.organization is not None
    [message] = [m for m in mail.outbox if "hanako@kamome.example.jp" in m.to]
    link = re.search(r"https?://[^/\s]+(/\S+/password/\S+/)", message.body).group(1)
    username = re.search(r"ユーザー名: (\S+)", message.body).group(1)

    # 3. the employer follows the e-mailed link, sets a password and signs in
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("パスワードの設定")
    assert_accessible(page)
    page.locator("#id_new_password1").fill(EMPLOYER_PASSWORD)
    page.locator("#id_new_password2").fill(EMPLOYER_PASSWORD)
    page.get_by_role("button", name="パスワードを設定する").click()
    # signed in and asked to enrol a second factor; the new password signs in again later
    expect(page.get_by_text("パスワードを設定しました")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    sign_in(page, username, EMPLOYER_PASSWORD)
    assert User.objects.get(username=username).organization == employer.organization

    # 4. … writes a posting as a draft and publishes it
    open_employment(page, "求人")
    expect(page.get_by_role("heading", level=1)).to_contain_text("求人")
    assert_accessible(page)
    page.get_by_role("link", name="求人を作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("求人を作る")
    assert_accessible(page)
    page.get_by_label("職種").fill(JOB)
    page.get_by_label("業種").select_option(label="建設業")
    page.get_by_label("仕事内容").fill("住宅の基礎工事で型枠を組みます。先輩が一から教えます。")
    page.locator("#id_workplace").fill("テスト市中央区の現場（架空）")
    page.get_by_label("就業場所の区").fill("中央区")
    page.get_by_label("雇用形態").select_option("full_time")
    page.get_by_label("賃金形態").select_option("monthly")
    page.get_by_label("賃金（下限・円）").fill("220000")
    page.get_by_label("就業時間").fill("8:00〜17:00")
    page.get_by_label("寮あり").check()
    page.get_by_label("性犯罪").check()
    ends_on = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("掲載終了日").fill(ends_on.isoformat())  # needed to publish
    page.get_by_role("button", name="下書きとして保存する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(JOB)
    assert_accessible(page)
    page.get_by_role("button", name="公開する").click()
    expect(page.get_by_text("求人を公開しました。")).to_be_visible()
    assert_accessible(page)
    posting = JobPosting.objects.get(title=JOB)
    assert posting.employer == employer and posting.status == JobPosting.Status.PUBLISHED
    sign_out(page)

    # … and the public finds it on the job board (the company chose to be public)
    page.goto(f"/{city.lg.slug}/jobs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("仕事をさがす")
    assert_accessible(page)
    page.get_by_label("寮・社宅がある").check()
    page.get_by_role("button", name="さがす").click()
    page.get_by_role("link", name=JOB).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(JOB)
    assert_accessible(page)

    # 5. the secretariat builds a magazine issue with it, issues it, downloads the PDF
    sign_in(page, city.users[Role.SECRETARIAT].username)
    open_employment(page, "求人情報誌「Change!」")
    expect(page.get_by_role("heading", level=1)).to_have_text("求人情報誌「Change!」")
    assert_accessible(page)
    page.get_by_role("link", name="新しい号を作る").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新しい号を作る")
    assert_accessible(page)
    page.get_by_role("button", name="作成して求人を選ぶ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("に載せる求人を選ぶ")
    assert_accessible(page)
    page.get_by_label(JOB).check()
    page.get_by_role("button", name="選んだ求人を号に追加する").click()
    expect(page.get_by_role("status")).to_contain_text("求人を1件追加しました")
    assert_accessible(page)
    page.get_by_role("link", name="発行する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("を発行する")
    assert_accessible(page)
    page.get_by_role("button", name="発行する").click()
    expect(page.get_by_role("status")).to_contain_text("発行済みにしました")
    assert_accessible(page)
    issue = MagazineIssue.objects.get(local_government=city.lg)
    assert issue.status == MagazineIssue.Status.ISSUED
    assert [item.posting for item in issue.items.all()] == [posting]
    # the PDF is made in the background: the job's page shows its progress, then the file
    page.get_by_role("button", name="印刷用PDFを作成").click()
    expect(page.locator("#job-status")).to_contain_text("完了")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("をダウンロード")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    sign_out(page)

    # 6. a 保護司 enters a job seeker and sees the posting among the matches, explained
    sign_in(page, city.users[Role.VOLUNTEER].username)
    open_employment(page, "求職者とマッチング")
    expect(page.get_by_role("heading", level=1)).to_contain_text("求職者")
    assert_accessible(page)
    page.get_by_role("link", name="求職者を登録する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("求職者の登録")
    assert_accessible(page)
    industries = page.get_by_role("group", name="希望する業種")
    industries.get_by_label("建設業").check()
    page.get_by_label("希望する仕事").fill("大工")
    page.get_by_label("希望する地域（区）").fill("中央区")
    page.get_by_role("group", name="希望する雇用形態").get_by_label("正社員").check()
    page.get_by_label("住まい（寮・社宅）が必要").check()
    page.get_by_label("法的な状況").select_option(label="保護観察中")
    page.get_by_role("group", name="前歴の種類").get_by_label("窃盗").check()
    page.get_by_role("button", name="登録する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("求職者")
    assert_accessible(page)
    seeker = JobSeeker.objects.get(local_government=city.lg)
    assert seeker.supporter_organization == city.users[Role.VOLUNTEER].organization
    page.get_by_role("link", name="合う求人を探す").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{seeker.code} に合う求人")
    assert_accessible(page)
    match = page.locator("li.match").filter(has=page.get_by_role("link", name=JOB))
    expect(match).to_have_count(1)
    reasons = match.get_by_role("list", name="合う理由")
    expect(reasons).to_contain_text("希望の業種（建設業）です")
    expect(reasons).to_contain_text("希望の仕事（大工）に合う職種です")
    expect(reasons).to_contain_text("希望の地域（中央区）です")
    expect(reasons).to_contain_text("寮があります")
    expect(reasons).to_contain_text("保護観察中の方の応募を受け付けています")
