"""The PDCA pages: a department writes through the form, the secretariat reviews, the
dashboard counts, and nobody sees another department's report."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from core.roles import Role
from pdca import services
from pdca.models import ProgressReport, ReminderLog
from pdca.reports import services as report_services
from pdca.tests.utils import FILLED, housing_report, open_cycle, submitted_report

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {k: v for k, v in FILLED.items() if k != "figures"}
    data.update({"figure_1_label": "参加者", "figure_1_value": "42", "figure_1_unit": "人"})
    data.update(changes)
    return data


def test_the_secretariat_opens_a_cycle_through_the_form(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    page = client.get(reverse("pdca:index"))
    assert "報告サイクルはまだありません" in page.content.decode()
    response = client.post(
        reverse("pdca:cycle_open"), {"fiscal_year": "2021", "deadline": "2022-05-31"}
    )
    cycle = city.plan.cycles.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "pdca:cycle_detail", kwargs={"pk": cycle.pk}
    )
    again = client.post(reverse("pdca:cycle_open"), {"fiscal_year": "2021", "deadline": "x"})
    assert again.status_code == 400
    text = again.content.decode()
    assert "すでにあります" in text or "日付は" in text
    assert city.plan.cycles.count() == 1


def test_a_department_saves_submits_and_sees_the_return_comment(client, city):
    report = housing_report(city)
    client.force_login(city.users[Role.DEPARTMENT])
    url = reverse("pdca:report_edit", kwargs={"pk": report.pk})
    page = client.get(url).content.decode()
    assert "計画どおり、または計画以上に実施できた。" in page  # the scale's definitions

    response = client.post(url, form_data(save="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft" and report.figures[0]["value"] == "42"

    bad = client.post(url, form_data(submit="1", results="", figure_2_value="多数"))
    assert bad.status_code == 400
    assert "実績を入力してください" in bad.content.decode() or "数字" in bad.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"

    response = client.post(url, form_data(submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"

    report_services.report_return(
        actor=city.users[Role.SECRETARIAT], report=report, comment="件数を書いてください"
    )
    page = client.get(url).content.decode()
    assert "事務局からの差戻しコメント" in page and "件数を書いてください" in page


def test_the_secretariat_returns_and_accepts_through_the_form(client, city):
    report = submitted_report(city)
    client.force_login(city.users[Role.SECRETARIAT])
    url = reverse("pdca:report_review", kwargs={"pk": report.pk})
    missing = client.post(url, {"decision": "returned", "comment": ""})
    assert missing.status_code == 400 and "理由" in missing.content.decode()
    client.post(url, {"decision": "returned", "comment": "数値を入れてください"})
    report.refresh_from_db()
    assert report.status == "returned"
    user = city.users[Role.DEPARTMENT]
    report_services.report_save(actor=user, report=report, data={**FILLED, "results": "延べ50人"})
    report_services.report_submit(actor=user, report=report)
    client.post(url, {"decision": "accepted"})
    report.refresh_from_db()
    assert report.status == "accepted"

    compare = client.get(
        reverse("pdca:report_compare", kwargs={"pk": report.pk}) + "?a=1&b=2"
    ).content.decode()
    assert "<del>" in compare and "<ins>" in compare and "数値を入れてください" in compare

    # the accepted report opens read-only, also for the department
    client.force_login(user)
    detail = client.get(reverse("pdca:report_detail", kwargs={"pk": report.pk}))
    assert detail.status_code == 200 and "承認済の報告は変更できません" in detail.content.decode()
    edit = client.get(reverse("pdca:report_edit", kwargs={"pk": report.pk}))
    assert edit.status_code == 302
    post = client.post(reverse("pdca:report_edit", kwargs={"pk": report.pk}), form_data(save="1"))
    assert post.status_code == 302
    report.refresh_from_db()
    assert report.results == "延べ50人"


def test_a_department_cannot_see_another_departments_report(client, city):
    cycle = open_cycle(city)
    safety_report = cycle.reports.get(measure=city.measures[0])
    client.force_login(city.users[Role.DEPARTMENT])
    for name in ("pdca:report_detail", "pdca:report_edit"):
        assert client.get(reverse(name, kwargs={"pk": safety_report.pk})).status_code == 404
    listing = client.get(reverse("pdca:report_list", kwargs={"pk": cycle.pk})).content.decode()
    assert city.measures[0].title[:10] not in listing
    assert listing.count('href="/staff/pdca/reports/') == 2  # housing's two reports


def test_another_local_governments_cycle_is_not_found(client, city, kumamoto):
    from pdca.models import ReportingCycle

    other = ReportingCycle.objects.create(
        local_government=kumamoto.local_government,
        plan=kumamoto,
        fiscal_year=2021,
        deadline=datetime.date(2022, 5, 31),
    )
    client.force_login(city.users[Role.SECRETARIAT])
    for name in ("pdca:cycle_detail", "pdca:report_list"):
        assert client.get(reverse(name, kwargs={"pk": other.pk})).status_code == 404


def test_the_dashboard_counts_by_department_and_pillar(client, city):
    cycle = open_cycle(city, deadline=datetime.date(2000, 1, 1))  # overdue
    report_services.report_accept(actor=city.users[Role.SECRETARIAT], report=submitted_report(city))
    client.force_login(city.users[Role.SECRETARIAT])
    response = client.get(reverse("pdca:cycle_detail", kwargs={"pk": cycle.pk}))
    board = response.context["board"]
    assert board.overall.total == 4 and board.overall.done == 1
    by_department = {row.label: (row.total, row.done, row.pending) for row in board.by_department}
    assert by_department == {"住宅政策課": (2, 1, 1), "生活安全課": (2, 0, 2)}
    assert [counts for _pillar, counts in board.evaluations] == [[0, 0, 0, 0], [0, 1, 0, 0]]
    text = response.content.decode()
    assert "期限を過ぎて未提出の担当課" in text
    assert 'data-chart="evaluation-chart"' in text and "自己評価の件数" in text


def test_the_dashboard_query_count_does_not_grow_with_the_plan(
    client, city, kumamoto, django_assert_max_num_queries
):
    from accounts.tests.factories import OrganizationFactory, UserFactory
    from plans.models import Department

    client.force_login(city.users[Role.SECRETARIAT])
    small = open_cycle(city)
    with django_assert_max_num_queries(30) as small_run:
        client.get(reverse("pdca:cycle_detail", kwargs={"pk": small.pk}))
    safety = Department.objects.get(local_government=kumamoto.local_government, name="生活安全課")
    secretariat = UserFactory(
        username="kumamoto-secretariat",
        role=Role.SECRETARIAT,
        organization=OrganizationFactory(
            local_government=kumamoto.local_government, department=safety, name="生活安全課"
        ),
    )
    big = services.cycle_open(
        actor=secretariat, plan=kumamoto, fiscal_year=2021, deadline=datetime.date(2022, 5, 31)
    )
    assert big.reports.count() > 116
    client.force_login(secretariat)
    with django_assert_max_num_queries(30) as big_run:
        client.get(reverse("pdca:cycle_detail", kwargs={"pk": big.pk}))
    small_sql = [q["sql"][:90] for q in small_run.captured_queries]
    big_sql = [q["sql"][:90] for q in big_run.captured_queries]
    assert len(big_sql) == len(small_sql), "\n".join(big_sql)


def test_report_list_filters_sorts_and_exports_csv(client, city):
    cycle = open_cycle(city)
    submitted_report(city)
    client.force_login(city.users[Role.SECRETARIAT])
    url = reverse("pdca:report_list", kwargs={"pk": cycle.pk})
    page = client.get(url, {"status": "submitted"})
    assert page.context["page"].paginator.count == 1
    assert client.get(url, {"pillar": "1"}).context["page"].paginator.count == 1
    assert client.get(url, {"page": "99999999999999", "department": "x" * 20}).status_code == 200
    csv_response = client.get(url, {"format": "csv"})
    body = csv_response.getvalue().decode("utf-8-sig")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0].startswith("節,取組分野,番号")
    assert "延べ42人が参加しました。" in body


def test_indicator_values_through_the_form(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    url = reverse("pdca:indicator_values", kwargs={"pk": city.indicator.pk})
    bad = client.post(url, {"period": "twenty", "value": "x"})
    text = bad.content.decode()
    assert bad.status_code == 400 and "一覧にある年（度）を選んでください" in text
    assert "実績値は数字で入力してください" in text
    client.post(url, {"period": "2021", "value": "88", "source": "県警", "publish": "on"})
    page = client.get(url)
    assert page.context["row"].assessment.status == "on_track"  # the path is 90 in 2021
    public = client.get(
        reverse(
            "pdca_public:indicator_detail", kwargs={"lg": city.lg.slug, "pk": city.indicator.pk}
        )
    ).content.decode()
    assert "88" in public and 'data-chart="indicator-chart"' in public


def test_send_reminders_is_once_a_day_and_only_to_departments_with_pending_reports(
    city, django_capture_on_commit_callbacks
):
    # the mails leave through the background jobs once the command's transaction commits
    city.users[Role.DEPARTMENT].email = "housing@example.invalid"
    city.users[Role.DEPARTMENT].save()
    cycle = open_cycle(city, deadline=datetime.date(2022, 5, 31))
    # housing submits one of its two reports; one stays pending
    submitted_report(city)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2022-05-24")  # 7 days before
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["housing@example.invalid"]
    assert "提出期限が近づいています" in message.subject
    assert "1 件が未提出" in message.body
    assert ReminderLog.objects.filter(cycle=cycle).count() == 2  # safety has no address
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2022-05-24")  # cron ran twice: nothing new
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2022-05-25")  # not a reminder day
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2022-06-01")  # 1 day after
    assert "過ぎています" in mail.outbox[1].subject
    ProgressReport.objects.filter(cycle=cycle).update(status="accepted")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", date="2022-06-07")
    assert len(mail.outbox) == 2
