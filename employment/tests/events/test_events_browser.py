"""Events and training in Debian's Chromium, at phone and desktop sizes: the secretariat runs
an information session (a company, a participant, attendance, interview slots: a double
booking is refused with a message beside the field, a hire), ticks a course's attendance
grid, and the employer sees its own slot. axe-core finds no serious or critical problem on
any page."""

import datetime

import pytest
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from employment.models import Employer, Hire, InterviewSlot
from employment.tests.factories import EmployerFactory, JobSeekerFactory, TrainingCourseFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ホーム")


def test_the_secretariat_runs_a_session_and_the_employer_sees_its_slot(page, city, browser):
    organization = city.users[Role.EMPLOYER].organization
    company = Employer.objects.filter(organization=organization).first() or EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name
    )
    JobSeekerFactory(code="S-501", supporter_organization=city.users[Role.PARTNER].organization)

    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto("/staff/employment/events/")
    expect(page.get_by_text("催しはまだ登録されていません")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="催しを登録する").click()
    page.get_by_label("種類").select_option("info_session")
    page.get_by_label("名称").fill("企業説明会（架空）")
    page.locator("#id_held_on").fill("2026-11-25")
    page.get_by_label("登録外の参加企業数").fill("2")
    assert_accessible(page)
    page.get_by_role("button", name="保存する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("企業説明会（架空）")
    page.get_by_label("参加企業（承認済みの協力雇用主）").select_option(str(company.pk))
    page.get_by_role("button", name="参加企業に加える").click()
    page.get_by_label("求職者番号").fill("S-501")
    page.get_by_role("button", name="参加者に登録する").click()
    expect(page.get_by_role("status")).to_contain_text("S-501 を参加者に登録しました")
    page.get_by_label("出席した（S-501）").check()
    page.get_by_role("button", name="出席を保存する").click()
    expect(page.get_by_label("出席した（S-501）")).to_be_checked()
    assert_accessible(page)

    page.get_by_role("link", name="面談枠を追加する").click()
    page.get_by_label("開始時刻").fill("10:00")
    page.get_by_label("終了時刻").fill("10:30")
    page.get_by_label("面談する求職者の番号").fill("S-501")
    page.get_by_role("button", name="保存して続けて追加する").click()
    expect(page.get_by_role("status")).to_contain_text("面談枠を追加しました")
    page.get_by_label("開始時刻").fill("10:15")
    page.get_by_label("終了時刻").fill("10:45")
    page.get_by_role("button", name="保存する", exact=True).click()
    expect(page.locator("#id_start_error")).to_contain_text("時間が重なっています")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("開始時刻").fill("10:30")
    page.get_by_label("終了時刻").fill("11:00")
    page.get_by_role("button", name="保存する", exact=True).click()
    assert InterviewSlot.objects.filter(employer=company).count() == 2

    page.get_by_role("link", name="就職を記録する").click()
    page.get_by_label("就職した求職者").select_option(label="S-501")
    page.get_by_label("就職先の企業").select_option(str(company.pk))
    page.get_by_label("就職日").fill("2026-12-01")
    assert_accessible(page)
    page.get_by_role("button", name="就職を記録する").click()
    expect(page.get_by_role("status")).to_contain_text("就職を記録しました")
    assert Hire.objects.get().event.title == "企業説明会（架空）"

    page.goto("/staff/employment/events/summary/?year=2026")
    expect(page.get_by_role("heading", level=1)).to_contain_text("年度別の実績")
    assert_accessible(page)

    employer_page = browser.new_page(
        base_url=page.url.split("/staff/")[0], viewport=page.viewport_size
    )
    sign_in(employer_page, city.users[Role.EMPLOYER])
    employer_page.goto("/staff/employment/events/")
    employer_page.get_by_role("link", name="企業説明会（架空）").click()
    expect(employer_page.get_by_role("table")).to_contain_text("S-501")
    assert_accessible(employer_page)
    employer_page.close()


def test_the_attendance_grid_of_a_course(page, city):
    course = TrainingCourseFactory(
        local_government=city.lg,
        starts_on=datetime.date(2026, 1, 9),
        ends_on=datetime.date(2026, 2, 13),
    )
    JobSeekerFactory(code="K-601", supporter_organization=city.users[Role.PARTNER].organization)
    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto(f"/staff/employment/training/{course.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="回を追加する").click()
    page.get_by_label("実施日（1行に1日）").fill("2026-01-09\n2026-01-16")
    page.get_by_role("button", name="追加する").click()
    page.get_by_label("求職者番号").fill("K-601")
    page.get_by_role("button", name="受講者に登録する").click()
    page.get_by_label("K-601 第2回に出席").check()
    page.get_by_role("button", name="出席を保存する").click()
    expect(page.get_by_role("status")).to_contain_text("出席を保存しました")
    expect(page.get_by_label("K-601 第2回に出席")).to_be_checked()
    expect(page.get_by_label("K-601 第1回に出席")).not_to_be_checked()
    assert_accessible(page)
