"""The back office without the command line: reminders sent from the browser (with a
preview), the collective name 関係各課 that writes no report, and the proposed deadline."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from core.roles import Role
from pdca import selectors
from pdca.forms import default_deadline
from pdca.models import ReminderLog
from pdca.reminders import services as reminders
from pdca.tests.utils import open_cycle, submitted_report
from plans.models import Department, MeasureDepartment
from plans.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2022, 5, 20)  # not a day of the daily job (11 days before the deadline)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


@pytest.fixture
def addresses(city):
    city.users[Role.DEPARTMENT].email = "housing@example.invalid"
    city.users[Role.DEPARTMENT].save()
    return city


@pytest.fixture
def collective(city):
    """関係各課 beside 生活安全課 on measure 1, as in Kumamoto's plan (1-2-⑤, 1-2-⑦)."""
    department = DepartmentFactory(
        local_government=city.lg,
        name="関係各課",
        kind=Department.Kind.COLLECTIVE,
        position=9,
    )
    MeasureDepartment.objects.create(measure=city.measures[0], department=department, position=2)
    return department


def test_the_page_previews_the_mail_as_sent_and_sends_it_now_to_the_chosen(
    client, addresses, today, django_capture_on_commit_callbacks
):
    city = addresses
    cycle = open_cycle(city)
    client.force_login(city.users[Role.SECRETARIAT])
    url = reverse("pdca:reminders", kwargs={"pk": cycle.pk})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    housing = city.departments["housing"]
    [expected] = [m for m in reminders.mails(cycle, today) if m.department_id == housing.pk]
    # the preview of the first department (housing, position 1) is the mail as it is sent
    assert expected.subject in html and "2 件が未提出" in html
    assert "housing@example.invalid" in html
    # both departments are offered and chosen at first
    assert html.count('name="departments"') == 2 and html.count("checked") == 2
    safety = city.departments["safety"]
    other = client.get(url, {"preview": safety.pk}).content.decode()
    assert "生活安全課 御中" in other

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes through the queue
        response = client.post(url, {"departments": [housing.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("pdca:cycle_detail", kwargs={"pk": cycle.pk})
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["housing@example.invalid"]
    assert sent.subject == expected.subject and sent.body == expected.body
    log = ReminderLog.objects.get(cycle=cycle)
    assert log.department_id == housing.pk and log.sent_on == today
    entry = AuditEntry.objects.get(action="pdca.reminder_send")
    assert entry.actor_id == city.users[Role.SECRETARIAT].pk
    message = [
        str(m)
        for m in client.get(reverse("pdca:cycle_detail", kwargs={"pk": cycle.pk})).context[
            "messages"
        ]
    ]
    assert any("1 課に督促メールを送りました" in m for m in message)

    # the same department again today: not sent twice (the daily job counts too)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"departments": [housing.pk, safety.pk]})
    assert len(mail.outbox) == 1  # safety has no address: logged, nothing mailed
    assert ReminderLog.objects.filter(cycle=cycle).count() == 2


def test_sending_needs_a_choice_among_the_pending_and_the_secretariat(client, addresses, today):
    city = addresses
    cycle = open_cycle(city)
    url = reverse("pdca:reminders", kwargs={"pk": cycle.pk})
    client.force_login(city.users[Role.SECRETARIAT])
    empty = client.post(url, {})
    assert empty.status_code == 400 and "担当課を選んでください" in empty.content.decode()
    wrong = client.post(url, {"departments": ["999999"]})
    assert wrong.status_code == 400 and "未提出の担当課から選んでください" in wrong.content.decode()
    client.force_login(city.users[Role.DEPARTMENT])
    assert client.post(url, {"departments": [city.departments["housing"].pk]}).status_code == 403
    assert mail.outbox == [] and not ReminderLog.objects.exists()


def test_the_daily_job_still_sends_through_the_same_mails(
    addresses, django_capture_on_commit_callbacks
):
    city = addresses
    cycle = open_cycle(city, deadline=datetime.date(2022, 5, 31))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2022-05-24")
    assert len(mail.outbox) == 1
    entry = AuditEntry.objects.filter(action="pdca.reminder_send").first()
    assert entry.actor_id is None and ReminderLog.objects.filter(cycle=cycle).count() == 2


def test_a_collective_name_writes_no_report_and_gets_no_reminder(client, addresses, collective):
    city = addresses
    cycle = open_cycle(city)
    assert not cycle.reports.filter(department=collective).exists()
    assert collective.pk not in selectors.pending_by_department(cycle)
    board = selectors.dashboard(cycle)
    assert "関係各課" not in [row.label for row in board.pending_departments]
    assert all(m.department_name != "関係各課" for m in reminders.mails(cycle, cycle.deadline))
    client.force_login(city.users[Role.SECRETARIAT])
    html = client.get(reverse("pdca:cycle_detail", kwargs={"pk": cycle.pk})).content.decode()
    assert "関係各課（全課）" in html and city.measures[0].title in html
    page = client.get(reverse("pdca:reminders", kwargs={"pk": cycle.pk})).content.decode()
    assert "関係各課 御中" not in page and f'value="{collective.pk}"' not in page


def test_old_reports_of_a_collective_name_are_not_counted(addresses, collective):
    """A cycle opened before collective names were left out holds their drafts."""
    city = addresses
    cycle = open_cycle(city)
    cycle.reports.create(local_government=city.lg, measure=city.measures[0], department=collective)
    assert collective.pk not in selectors.pending_by_department(cycle)
    assert selectors.dashboard(cycle).overall.total == 4
    assert selectors.cycles(city.lg).get(pk=cycle.pk).report_count == 4


@pytest.mark.parametrize(
    ("fiscal_year", "today", "expected"),
    [
        (2025, datetime.date(2025, 4, 1), datetime.date(2026, 5, 31)),  # the year has begun
        (2025, datetime.date(2026, 5, 30), datetime.date(2026, 5, 31)),
        (2025, datetime.date(2026, 5, 31), datetime.date(2026, 6, 30)),  # the day itself
        (2021, datetime.date(2026, 12, 7), datetime.date(2027, 1, 6)),  # opened late
    ],
)
def test_the_proposed_deadline_is_never_in_the_past(fiscal_year, today, expected):
    assert default_deadline(fiscal_year, today) == expected
    assert default_deadline(fiscal_year, today) > today


def test_the_open_form_proposes_a_deadline_from_the_year_and_today(client, city, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 7))
    client.force_login(city.users[Role.SECRETARIAT])
    form = client.get(reverse("pdca:index")).context["form"]
    assert form.initial["fiscal_year"] == 2021
    assert form.initial["deadline"] == datetime.date(2027, 1, 6)  # not 2022-05-31
    html = client.get(reverse("pdca:index")).content.decode()
    assert "翌年の5月31日" in html


def test_submitted_departments_leave_the_list(client, addresses, today):
    city = addresses
    cycle = open_cycle(city)
    submitted_report(city)
    mails = reminders.mails(cycle, today)
    housing = next(m for m in mails if m.department_id == city.departments["housing"].pk)
    assert len(housing.reports) == 1
