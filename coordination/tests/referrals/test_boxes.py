"""The received and sent lists (filters, overdue, CSV without personal data, queries constant
per page), the dashboard's figures, the body's reasons and the home flags."""

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.home import flags_for
from coordination.models import ReferralReasonOption, ReferralStatus
from coordination.referrals import queries
from coordination.tests.factories import CaseFactory, ConsentFactory, member, share
from coordination.tests.factories_referrals import sent_referral
from core.roles import Role

S = ReferralStatus


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_inbox_flags_overdue_and_filters(client, world, settings):
    settings.TSUNAGU_REFERRAL_ANSWER_DAYS = 5
    late = sent_referral(world.case, world.other, days_ago=6)
    fresh = sent_referral(world.case, world.other, days_ago=1)
    accepted = sent_referral(world.case, world.other, days_ago=9, status=S.ACCEPTED)
    draft = sent_referral(world.case, world.other, status=S.DRAFT)
    client.force_login(world.other_user)
    url = reverse("referrals:inbox")
    html = client.get(url).content.decode()
    for referral in (late, fresh, accepted):
        assert reverse("referrals:detail", kwargs={"pk": referral.pk}) in html
    assert reverse("referrals:detail", kwargs={"pk": draft.pk}) not in html
    assert html.count("回答なし5日超") == 1
    overdue = client.get(url, {"overdue": "on"}).context["page"].object_list
    assert [r.pk for r in overdue] == [late.pk]
    action = client.get(url, {"action": "on"}).context["page"].object_list
    assert {r.pk for r in action} == {late.pk, fresh.pk}
    status = client.get(url, {"status": "accepted"}).context["page"].object_list
    assert [r.pk for r in status] == [accepted.pk]
    assert (
        client.get(url, {"status": "nonsense", "sort": "nonsense", "page": "x"}).status_code == 200
    )
    # the sender's outbox flags the same referral
    client.force_login(world.lead_user)
    html = client.get(reverse("referrals:outbox")).content.decode()
    assert html.count("回答なし5日超") == 1
    assert reverse("referrals:detail", kwargs={"pk": draft.pk}) in html


def test_the_csv_has_no_personal_data(client, world):
    sent_referral(world.case, world.other, purpose="架空の目的", note="架空のメモ", area="work")
    client.force_login(world.other_user)
    rows = _csv(client.get(reverse("referrals:inbox"), {"format": "csv"}))
    assert rows[0][0] == "ケース番号" and len(rows) == 2
    assert rows[1][0] == world.case.person.case_number and rows[1][1] == "就労"
    text = repr(rows)
    person = world.case.person
    for value in (person.name, person.name_kana, person.contact, "架空の目的", "架空のメモ"):
        assert value not in text


def _many(world, count):
    for index in range(count):
        case = CaseFactory(person__local_government=world.body, lead_organization=world.lead)
        consent = ConsentFactory(case=case)
        share(consent, world.other, "basic")
        sent_referral(case, world.other, days_ago=index % 9)


def test_the_lists_queries_do_not_grow_with_the_page(client, world):
    client.force_login(world.other_user)
    url = reverse("referrals:inbox")
    _many(world, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _many(world, 20)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_dashboard_figures(world, settings):
    settings.TSUNAGU_REFERRAL_ANSWER_DAYS = 5
    rows = [
        (S.ACCEPTED, "housing", 2, None, ""),
        (S.COMPLETED, "housing", 4, 10, ""),
        (S.REJECTED, "work", 1, None, "no_capacity"),
        (S.REJECTED, "work", 3, None, "no_capacity"),
        (S.REQUESTED, "work", None, None, ""),
    ]
    for status, area, answer_days, finish_days, reason in rows:
        referral = sent_referral(world.case, world.other, days_ago=20, status=status, area=area)
        referral.answered_at = (
            referral.sent_at + datetime.timedelta(days=answer_days) if answer_days else None
        )
        referral.finished_at = (
            referral.sent_at + datetime.timedelta(days=finish_days) if finish_days else None
        )
        referral.reason = reason
        referral.save()
    sent_referral(world.case, world.other, status=S.DRAFT)
    figures = queries.figures(queries.received(world.other_user), queries.INBOX)
    assert figures.total == 5
    assert figures.action == 1 and figures.overdue == 1
    assert figures.acceptance_rate == 50.0  # 2 accepted of 4 answered
    assert figures.median_accept_days == 3.0  # 2 and 4 days
    assert figures.median_complete_days == 10.0
    assert figures.reasons == [(S.REJECTED, "no_capacity", 2)]
    areas = {row["area"]: row for row in figures.by_area}
    assert areas["housing"]["total"] == 2 and areas["housing"]["rate"] == 100.0
    assert areas["work"]["median_accept_days"] is None  # none accepted
    assert dict(figures.by_status)["依頼中"] == 1


def test_the_dashboard_page_for_an_organization_and_the_secretariat(client, world):
    sent_referral(world.case, world.other, status=S.REJECTED, reason="no_capacity")
    client.force_login(world.other_user)
    page = client.get(reverse("referrals:dashboard"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "受け入れ枠がない" in html and "<table" in html
    assert 'data-chart="chart-received"' in html and 'data-chart="chart-received-area"' in html
    assert "団体全体の紹介" not in html
    client.force_login(member(world.lead, Role.SECRETARIAT))
    html = client.get(reverse("referrals:dashboard")).content.decode()
    assert "団体全体の紹介" in html


def test_the_secretariat_adds_and_deactivates_reasons(client, world):
    secretariat = member(world.lead, Role.SECRETARIAT)
    client.force_login(secretariat)
    url = reverse("referrals:reasons")
    response = client.post(url, {"form": "add", "label": "空き待ち", "code": "waiting"})
    assert response.status_code == 302
    option = ReferralReasonOption.objects.get(local_government=world.body)
    assert client.post(url, {"form": "add", "label": "x", "code": "waiting"}).status_code == 400
    assert client.post(url, {"form": "add", "label": "", "code": "no way"}).status_code == 400
    response = client.post(url, {"form": "toggle", "option": option.pk, "active": "0"})
    assert response.status_code == 302
    option.refresh_from_db()
    assert not option.is_active
    assert client.post(url, {"form": "toggle", "option": "x"}).status_code == 404


def test_the_home_flags(world, settings):
    settings.TSUNAGU_REFERRAL_ANSWER_DAYS = 5
    sent_referral(world.case, world.other, days_ago=7)
    sent_referral(world.case, world.other, days_ago=1)
    labels = {flag.label: flag.count for flag in flags_for(world.other_user)}
    assert labels["回答を待っている、受け取った紹介"] == 2
    labels = {flag.label: flag.count for flag in flags_for(world.lead_user)}
    assert labels["5日を過ぎても回答のない、送った紹介"] == 1
    labels = {flag.label: flag.count for flag in flags_for(member(world.lead, Role.SECRETARIAT))}
    assert labels["5日を過ぎても回答のない紹介（団体全体）"] == 1


def test_the_dashboards_queries_do_not_grow_with_the_referrals(client, world):
    secretariat = member(world.lead, Role.SECRETARIAT)
    client.force_login(secretariat)
    _many(world, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("referrals:dashboard")).status_code == 200
    _many(world, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("referrals:dashboard")).status_code == 200
    assert len(many) == len(few)
