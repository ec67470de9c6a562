"""Meetings, continued: the audit of their writes, follow-up items' status and list, the CSV
and the query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import audit
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from pdca.meetings import selectors as meeting_selectors
from pdca.meetings import services as meeting_services
from pdca.tests.meetings.helpers import Status, html_of, make_item, make_meeting, sign_in


class TestAudit:
    def test_creating_and_updating_a_meeting_is_audited_with_before_and_after(self, city, partners):
        secretariat = city.users[Role.SECRETARIAT]
        meeting = meeting_services.meeting_save(
            actor=secretariat,
            plan=city.plan,
            kind="council",
            title="第1回 連絡会",
            held_on=datetime.date(2025, 7, 1),
            departments=[city.departments["safety"]],
            organizations=[partners[0]],
        )
        created = AuditEntry.objects.get(action="pdca.meeting_create")
        assert created.actor == secretariat and created.local_government == city.lg
        assert created.object_id == str(meeting.pk)
        assert created.changes["title"] == {"before": None, "after": "第1回 連絡会"}
        assert created.changes["held_on"] == {"before": None, "after": "2025-07-01"}
        assert created.changes["attending_organizations"] == {
            "before": None,
            "after": ["保護観察所（架空）"],
        }

        meeting_services.meeting_save(
            actor=secretariat,
            meeting=meeting,
            kind="council",
            title="第1回 連絡会",
            held_on=datetime.date(2025, 7, 2),
            departments=[city.departments["safety"], city.departments["housing"]],
            organizations=[partners[0]],
        )
        updated = AuditEntry.objects.get(action="pdca.meeting_update")
        assert updated.changes == {
            "held_on": {"before": "2025-07-01", "after": "2025-07-02"},
            "attending_departments": {
                "before": ["生活安全課"],
                "after": ["住宅政策課", "生活安全課"],
            },
        }

    def test_saving_a_meeting_unchanged_writes_no_entry(self, city):
        secretariat = city.users[Role.SECRETARIAT]
        meeting = meeting_services.meeting_save(
            actor=secretariat, plan=city.plan, kind="council", held_on=datetime.date(2025, 7, 1)
        )
        meeting_services.meeting_save(
            actor=secretariat,
            meeting=meeting,
            kind="council",
            title=meeting.title,
            held_on=datetime.date(2025, 7, 1),
        )
        assert_audited(
            action="pdca.meeting_create",
            actor=secretariat,
            obj=meeting,
            changes_include={"held_on": {"before": None, "after": "2025-07-01"}},
        )
        # the unchanged save wrote nothing: the creation's is the only entry
        assert list(AuditEntry.objects.values_list("action", flat=True)) == ["pdca.meeting_create"]

    def test_follow_up_writes_are_audited(self, city):
        secretariat = city.users[Role.SECRETARIAT]
        meeting = make_meeting(city)
        item = meeting_services.follow_up_save(
            actor=secretariat,
            meeting=meeting,
            description="説明会を開く",
            measure=city.measures[0],
            department=city.departments["safety"],
            due_on=datetime.date(2025, 9, 30),
        )
        created = AuditEntry.objects.get(action="pdca.follow_up_create")
        assert created.changes["department"] == {"before": None, "after": "生活安全課"}
        assert created.changes["meeting"]["after"] == str(meeting)

        meeting_services.follow_up_save(
            actor=secretariat,
            meeting=meeting,
            item=item,
            description="説明会を開く",
            measure=city.measures[0],
            department=city.departments["housing"],
            due_on=datetime.date(2025, 10, 31),
        )
        updated = AuditEntry.objects.get(action="pdca.follow_up_update")
        assert updated.changes == {
            "department": {"before": "生活安全課", "after": "住宅政策課"},
            "due_on": {"before": "2025-09-30", "after": "2025-10-31"},
        }


class TestStatusChange:
    def test_a_department_updates_the_status_of_its_own_item(self, client, city):
        housing = city.departments["housing"]
        meeting = make_meeting(city, departments=[housing])
        item = make_item(meeting, department=housing)
        user = sign_in(client, city, Role.DEPARTMENT)
        back = reverse("meetings:detail", kwargs={"pk": meeting.pk})
        response = client.post(
            reverse("meetings:follow_up_status", kwargs={"pk": item.pk}),
            {"status": "in_progress", "next": back},
        )
        assert response.status_code == 302 and response["Location"] == back
        item.refresh_from_db()
        assert item.status == Status.IN_PROGRESS
        entry = AuditEntry.objects.get(action="pdca.follow_up_status")
        assert entry.actor == user
        assert entry.changes == {"status": {"before": "open", "after": "in_progress"}}
        html = html_of(client.get(back))
        assert "の状態を「対応中」にしました。" in html

    def test_the_secretariat_updates_any_item_and_a_foreign_next_is_ignored(self, client, city):
        item = make_item(make_meeting(city), department=city.departments["housing"])
        sign_in(client, city, Role.SECRETARIAT)
        response = client.post(
            reverse("meetings:follow_up_status", kwargs={"pk": item.pk}),
            {"status": "done", "next": "https://evil.example/"},
        )
        assert response["Location"] == reverse("meetings:follow_ups")
        item.refresh_from_db()
        assert item.status == Status.DONE

    def test_a_bad_status_changes_nothing_and_says_why(self, client, city):
        item = make_item(make_meeting(city), department=city.departments["housing"])
        sign_in(client, city, Role.DEPARTMENT)
        url = reverse("meetings:follow_up_status", kwargs={"pk": item.pk})
        response = client.post(url, {"status": "finished"}, follow=True)
        assert "状態を選んでください。" in html_of(response)
        item.refresh_from_db()
        assert item.status == Status.OPEN
        assert client.get(url).status_code == 405
        assert not AuditEntry.objects.exclude(action__in=audit.SECURITY_ACTIONS).exists()

    def test_setting_the_same_status_writes_no_entry(self, city):
        item = make_item(make_meeting(city), department=city.departments["housing"])
        meeting_services.follow_up_set_status(
            actor=city.users[Role.DEPARTMENT], item=item, status=Status.OPEN
        )
        assert not AuditEntry.objects.exclude(action__in=audit.SECURITY_ACTIONS).exists()


class TestFollowUpList:
    def test_overdue_items_are_highlighted_and_listed_first(self, client, city):
        today = timezone.localdate()
        meeting = make_meeting(city)
        make_item(meeting, description="余裕のある宿題", due_on=today + datetime.timedelta(30))
        make_item(meeting, description="遅れている宿題", due_on=today - datetime.timedelta(1))
        make_item(
            meeting,
            description="済んだ宿題",
            due_on=today - datetime.timedelta(10),
            status=Status.DONE,
        )
        make_item(meeting, description="期限のない宿題")
        sign_in(client, city, Role.SECRETARIAT)
        html = html_of(client.get(reverse("meetings:follow_ups")))
        order = [
            html.index(text)
            for text in ["遅れている宿題", "余裕のある宿題", "期限のない宿題", "済んだ宿題"]
        ]
        assert order == sorted(order)
        assert html.count('class="overdue"') == 1
        assert "期限を過ぎた未完了の事項が 1件 あります。" in html
        row = html[html.index("遅れている宿題") : html.index("余裕のある宿題")]
        assert "期限超過" in row

    def test_it_filters_by_status(self, client, city):
        meeting = make_meeting(city)
        make_item(meeting, description="未着手の宿題")
        make_item(meeting, description="対応中の宿題", status=Status.IN_PROGRESS)
        make_item(meeting, description="済んだ宿題", status=Status.DONE)
        sign_in(client, city, Role.SECRETARIAT)
        url = reverse("meetings:follow_ups")
        html = html_of(client.get(url, {"status": "done"}))
        assert "済んだ宿題" in html and "未着手の宿題" not in html
        html = html_of(client.get(url, {"status": "not_done"}))
        assert "未着手の宿題" in html and "対応中の宿題" in html and "済んだ宿題" not in html
        html = html_of(client.get(url, {"status": "bogus"}))
        assert "済んだ宿題" in html and "入力内容を確認してください。" in html

    def test_follow_ups_for_measure_lists_a_measures_items(self, city):
        housing, safety = city.departments["housing"], city.departments["safety"]
        older = make_meeting(city, held_on=datetime.date(2025, 5, 1))
        newer = make_meeting(city, held_on=datetime.date(2025, 8, 1))
        first = make_item(older, measure=city.measures[1], department=safety)
        second = make_item(newer, measure=city.measures[1], department=housing)
        make_item(newer, measure=city.measures[0])
        assert list(meeting_selectors.follow_ups_for_measure(city.measures[1])) == [
            second,
            first,
        ]
        department_user = city.users[Role.DEPARTMENT]
        assert list(
            meeting_selectors.follow_ups_for_measure(city.measures[1], user=department_user)
        ) == [second]
        assert meeting_services.follow_ups_for_measure is meeting_selectors.follow_ups_for_measure


class TestCsv:
    def rows(self, response):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.getvalue().decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(text[1:])))

    def test_it_exports_the_filtered_list_with_attendees(self, client, city, partners):
        kept = make_meeting(
            city,
            held_on=datetime.date(2025, 7, 1),
            title="連絡会（架空）",
            kind="council",
            departments=[city.departments["housing"], city.departments["safety"]],
            decisions="説明会を開く",
        )
        kept.attending_organizations.set(partners[:2])
        make_item(kept)
        make_item(kept, status=Status.DONE)
        make_meeting(city, held_on=datetime.date(2024, 7, 1), title="去年度の会議")
        sign_in(client, city, Role.SECRETARIAT)
        rows = self.rows(client.get(reverse("meetings:export_csv"), {"fiscal_year": 2025}))
        assert rows[0][:4] == ["開催日", "年度", "会議の種類", "会議名"]
        assert rows[1:] == [
            [
                "2025-07-01",
                "2025",
                "再犯防止推進連絡会",
                "連絡会（架空）",
                "",
                "住宅政策課、生活安全課",
                "保護観察所（架空）、保護司会（架空）",
                "",
                "説明会を開く",
                "2",
                "1",
            ]
        ]

    def test_a_departments_csv_holds_only_the_meetings_it_attended(self, client, city):
        make_meeting(city, title="出席した会議", departments=[city.departments["housing"]])
        make_meeting(city, title="出席していない会議", departments=[city.departments["safety"]])
        sign_in(client, city, Role.DEPARTMENT)
        rows = self.rows(client.get(reverse("meetings:export_csv")))
        assert [row[3] for row in rows[1:]] == ["出席した会議"]

    def test_the_list_links_to_the_csv_with_its_filters(self, client, city):
        make_meeting(city)
        sign_in(client, city, Role.SECRETARIAT)
        html = html_of(client.get(reverse("meetings:index"), {"kind": "council", "page": "1"}))
        assert f'href="{reverse("meetings:export_csv")}?kind=council"' in html


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def _add_meetings(city, partners, count, start):
    for n in range(count):
        meeting = make_meeting(
            city,
            held_on=datetime.date(2025, 4, 1) + datetime.timedelta(days=start + n),
            departments=list(city.departments.values()),
        )
        meeting.attending_organizations.set(partners)
        make_item(meeting, department=city.departments["housing"], measure=city.measures[1])
        make_item(meeting, department=city.departments["safety"], measure=city.measures[0])


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.DEPARTMENT])
def test_the_lists_take_a_constant_number_of_queries(client, city, partners, role):
    sign_in(client, city, role)
    _add_meetings(city, partners, 2, start=0)
    pages = [
        reverse("meetings:index"),
        reverse("meetings:export_csv"),
        reverse("meetings:follow_ups"),
    ]
    few = [_queries(client, url) for url in pages]
    _add_meetings(city, partners, 12, start=10)
    many = [_queries(client, url) for url in pages]
    assert few == many


def test_the_meeting_page_takes_a_constant_number_of_queries(client, city, partners):
    sign_in(client, city, Role.SECRETARIAT)
    meeting = make_meeting(city, departments=[city.departments["housing"]])
    make_item(meeting, department=city.departments["housing"], measure=city.measures[1])
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    few = _queries(client, url)
    meeting.attending_departments.set(city.departments.values())
    meeting.attending_organizations.set(partners)
    for measure in city.measures:
        make_item(meeting, department=city.departments["safety"], measure=measure)
    assert _queries(client, url) == few
