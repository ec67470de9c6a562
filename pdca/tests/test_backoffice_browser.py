"""The back office without the command line, in Debian's Chromium: the secretariat sends the
reminders from the cycle's page after seeing the mail, and enters an indicator's value for
a year on the indicator's page. axe-core finds no serious or critical problem."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.roles import Role
from core.testing.browser import assert_accessible
from pdca.tests.test_browser import sign_in
from pdca.tests.utils import open_cycle
from stats.models import StatisticValue
from stats.tests.factories import make_city_series

pytestmark = pytest.mark.browser


def test_reminders_are_previewed_and_sent_from_the_browser(page, city):
    city.users[Role.DEPARTMENT].email = "housing@example.invalid"
    city.users[Role.DEPARTMENT].save()
    cycle = open_cycle(city)
    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto(f"/staff/pdca/cycles/{cycle.pk}/")
    page.get_by_role("link", name="督促メールを今すぐ送る（文面を確認してから）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("督促メールを送る")
    expect(page.locator(".mail-preview")).to_contain_text("住宅政策課 御中")
    assert_accessible(page)
    page.get_by_label("生活安全課", exact=False).uncheck()
    page.get_by_role("button", name="選んだ担当課に今すぐ送る").click()
    expect(page.get_by_role("status")).to_contain_text("1 課に督促メールを送りました")
    assert [message.to for message in mail.outbox] == [["housing@example.invalid"]]


def test_an_indicator_value_is_entered_on_its_page(page, city):
    make_city_series(city)
    sign_in(page, city.users[Role.SECRETARIAT])
    page.goto(f"/staff/pdca/indicators/{city.statistic_indicator.pk}/")
    page.get_by_role("button", name="保存する").click()
    expect(page.locator("#id_value_error")).to_contain_text("実績値を入力してください")
    assert_accessible(page)
    page.get_by_role("combobox", name="年").select_option(label="令和2年（2020年）")
    page.get_by_role("textbox", name="実績値（人）").fill("90")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("status")).to_contain_text("令和2年（2020年）の実績値を登録しました")
    assert StatisticValue.objects.get(series__key="reoffenders", period=2020).value == 90
    assert_accessible(page)
