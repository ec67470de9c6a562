"""Meetings and their follow-up items: the secretariat records them, a department sees what
concerns it and updates the status of its own items; every write is validated and audited."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory
from core import audit
from core.models import AuditEntry
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory
from pdca.meetings import selectors as meeting_selectors
from pdca.meetings import services as meeting_services
from pdca.models import FollowUpItem, Meeting
from plans.tests.factories import (
    AreaFactory,
    DepartmentFactory,
    MeasureFactory,
    PillarFactory,
    PlanFactory,
)

PASSWORD = "correct horse battery staple"
Status = FollowUpItem.Status


def make_meeting(city, *, held_on=datetime.date(2025, 5, 20), departments=(), **extra):
    values = {
        "kind": Meeting.Kind.SECTION_CHIEFS,
        "title": f"会議 {held_on}（架空）",
        **extra,
    }
    meeting = Meeting.objects.create(
        local_government=city.lg, plan=city.plan, held_on=held_on, **values
    )
    meeting.attending_departments.set(departments)
    return meeting


def make_item(meeting, *, department=None, measure=None, status=Status.OPEN, due_on=None, **extra):
    return FollowUpItem.objects.create(
        local_government=meeting.local_government,
        meeting=meeting,
        department=department,
        measure=measure,
        status=status,
        due_on=due_on,
        description=extra.pop("description", "説明会を開く（架空）"),
        **extra,
    )


def sign_in(client, city, role):
    client.force_login(city.users[role])
    return city.users[role]


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def elsewhere(db):
    """Another local government with its own plan, measure, department and secretariat."""
    lg = LocalGovernmentFactory(code="999992", slug="othercity", name="ほか市（架空）")
    department = DepartmentFactory(local_government=lg, name="福祉課（架空）")
    plan = PlanFactory(local_government=lg)
    area = AreaFactory(pillar=PillarFactory(plan=plan, number=1), number=1)
    measure = MeasureFactory(area=area, number=1, departments=[department])
    secretariat = UserFactory(
        username="othercity-secretariat",
        role=Role.SECRETARIAT,
        organization=OrganizationFactory(
            local_government=lg, kind="city_department", department=department
        ),
    )
    meeting = Meeting.objects.create(
        local_government=lg,
        plan=plan,
        kind=Meeting.Kind.COUNCIL,
        title="ほか市の連絡会（架空）",
        held_on=datetime.date(2025, 6, 1),
    )
    meeting.attending_departments.set([department])
    item = make_item(meeting, department=department, measure=measure)
    return type(
        "Elsewhere",
        (),
        {
            "lg": lg,
            "department": department,
            "measure": measure,
            "secretariat": secretariat,
            "meeting": meeting,
            "item": item,
        },
    )


# --- access -------------------------------------------------------------------------------


class TestAccess:
    def test_it_shows_a_department_only_the_meetings_it_attended(self, client, city):
        housing, safety = city.departments["housing"], city.departments["safety"]
        attended = make_meeting(city, title="住宅の会議（架空）", departments=[housing, safety])
        missed = make_meeting(city, title="安全の会議（架空）", departments=[safety])
        sign_in(client, city, Role.DEPARTMENT)

        html = html_of(client.get(reverse("meetings:index")))
        assert "住宅の会議（架空）" in html and "安全の会議（架空）" not in html
        assert "会議を登録する" not in html
        html_of(client.get(reverse("meetings:detail", kwargs={"pk": attended.pk})))
        response = client.get(reverse("meetings:detail", kwargs={"pk": missed.pk}))
        assert response.status_code == 404

    def test_it_shows_a_department_only_the_follow_ups_assigned_to_it(self, client, city):
        housing, safety = city.departments["housing"], city.departments["safety"]
        meeting = make_meeting(city, departments=[housing, safety])
        make_item(meeting, department=housing, description="住宅課の宿題（架空）")
        make_item(meeting, department=safety, description="安全課の宿題（架空）")
        sign_in(client, city, Role.DEPARTMENT)

        for url in [
            reverse("meetings:follow_ups"),
            reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        ]:
            html = html_of(client.get(url))
            assert "住宅課の宿題（架空）" in html
            assert "安全課の宿題（架空）" not in html

    def test_a_department_sees_its_item_of_a_meeting_it_did_not_attend_without_a_link(
        self, client, city
    ):
        meeting = make_meeting(city, title="出席していない会議（架空）")
        make_item(meeting, department=city.departments["housing"])
        sign_in(client, city, Role.DEPARTMENT)
        html = html_of(client.get(reverse("meetings:follow_ups")))
        assert "出席していない会議（架空）" in html
        assert reverse("meetings:detail", kwargs={"pk": meeting.pk}) not in html

    def test_a_department_cannot_edit_meetings_or_follow_ups(self, client, city):
        housing = city.departments["housing"]
        meeting = make_meeting(city, departments=[housing])
        item = make_item(meeting, department=housing)
        user = sign_in(client, city, Role.DEPARTMENT)
        for name, pk in [
            ("meetings:create", None),
            ("meetings:edit", meeting.pk),
            ("meetings:follow_up_create", meeting.pk),
            ("meetings:follow_up_edit", item.pk),
        ]:
            url = reverse(name, kwargs={"pk": pk} if pk else {})
            assert client.get(url).status_code == 403, name
            assert client.post(url, {"kind": "council", "held_on": "2025-05-21"}).status_code == 403
        html = html_of(client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})))
        assert reverse("meetings:edit", kwargs={"pk": meeting.pk}) not in html
        with pytest.raises(PermissionDenied):
            meeting_services.meeting_save(
                actor=user, meeting=meeting, kind="council", held_on=meeting.held_on
            )
        with pytest.raises(PermissionDenied):
            meeting_services.follow_up_save(
                actor=user, meeting=meeting, item=item, description="書き換え"
            )
        meeting.refresh_from_db()
        assert meeting.kind == Meeting.Kind.SECTION_CHIEFS
        assert not AuditEntry.objects.exclude(action__in=audit.SECURITY_ACTIONS).exists()

    def test_a_department_cannot_change_the_status_of_another_departments_item(self, client, city):
        housing, safety = city.departments["housing"], city.departments["safety"]
        meeting = make_meeting(city, departments=[housing, safety])
        theirs = make_item(meeting, department=safety)
        unassigned = make_item(meeting)
        user = sign_in(client, city, Role.DEPARTMENT)
        for item in (theirs, unassigned):
            url = reverse("meetings:follow_up_status", kwargs={"pk": item.pk})
            assert client.post(url, {"status": Status.DONE}).status_code == 404
            with pytest.raises(PermissionDenied):
                meeting_services.follow_up_set_status(actor=user, item=item, status=Status.DONE)
            item.refresh_from_db()
            assert item.status == Status.OPEN

    def test_other_local_governments_records_are_not_found(self, client, city, elsewhere):
        sign_in(client, city, Role.SECRETARIAT)
        for name, pk in [
            ("meetings:detail", elsewhere.meeting.pk),
            ("meetings:edit", elsewhere.meeting.pk),
            ("meetings:follow_up_create", elsewhere.meeting.pk),
            ("meetings:follow_up_edit", elsewhere.item.pk),
        ]:
            assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
        url = reverse("meetings:follow_up_status", kwargs={"pk": elsewhere.item.pk})
        assert client.post(url, {"status": Status.DONE}).status_code == 404
        html = html_of(client.get(reverse("meetings:index")))
        assert "ほか市の連絡会（架空）" not in html
        with pytest.raises(PermissionDenied):
            meeting_services.meeting_save(
                actor=city.users[Role.SECRETARIAT],
                meeting=elsewhere.meeting,
                kind="council",
                held_on=datetime.date(2025, 6, 2),
            )

    def test_other_roles_are_refused(self, client, city):
        for role in [Role.PARTNER, Role.VOLUNTEER, Role.EMPLOYER, Role.SYSTEM_ADMIN]:
            client.force_login(city.users[role])
            assert client.get(reverse("meetings:index")).status_code == 403, role
            assert client.get(reverse("meetings:follow_ups")).status_code == 403, role


# --- the secretariat's pages --------------------------------------------------------------


class TestSecretariatPages:
    def test_the_empty_list_says_what_to_do(self, client, city):
        sign_in(client, city, Role.SECRETARIAT)
        html = html_of(client.get(reverse("meetings:index")))
        assert "会議を登録してください" in html
        assert reverse("meetings:create") in html

    def test_it_creates_a_meeting_with_attendees_and_a_default_title(self, client, city, partners):
        sign_in(client, city, Role.SECRETARIAT)
        response = client.post(
            reverse("meetings:create"),
            {
                "kind": "section_chiefs",
                "title": "",
                "held_on": "2026-03-10",
                "place": "本庁舎 会議室（架空）",
                "attending_departments": [city.departments["housing"].pk],
                "attending_organizations": [partners[0].pk, partners[2].pk],
                "agenda": "進捗状況の報告",
                "minutes": "",
                "decisions": "説明会を開く",
            },
        )
        meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("meetings:detail", kwargs={"pk": meeting.pk})
        assert meeting.title == "令和7年度 第1回 再犯防止推進関係課長会議"
        assert meeting.plan == city.plan
        assert list(meeting.attending_departments.all()) == [city.departments["housing"]]
        assert set(meeting.attending_organizations.all()) == {partners[0], partners[2]}
        html = html_of(client.get(response["Location"]))
        assert "本庁舎 会議室（架空）" in html and "保護観察所（架空）" in html
        assert "令和8年（2026年）3月10日" in html

    def test_the_form_lists_council_members_first_by_their_number(self, client, city, partners):
        sign_in(client, city, Role.SECRETARIAT)
        html = html_of(client.get(reverse("meetings:create")))
        positions = [html.index(p.name) for p in partners]
        assert positions == sorted(positions)
        assert "1. 保護観察所（架空）（連絡会）" in html
        assert 'type="checkbox"' in html and 'type="date"' in html

    def test_the_edit_form_keeps_the_chosen_attendees(self, client, city):
        meeting = make_meeting(city, departments=[city.departments["safety"]])
        sign_in(client, city, Role.SECRETARIAT)
        html = html_of(client.get(reverse("meetings:edit", kwargs={"pk": meeting.pk})))
        checked = re.findall(r'<input type="checkbox"[^>]*value="(\d+)"[^>]*checked', html)
        assert checked == [str(city.departments["safety"].pk)]
        assert 'value="2025-05-20"' in html

    def test_it_adds_and_edits_a_follow_up_item(self, client, city):
        meeting = make_meeting(city)
        sign_in(client, city, Role.SECRETARIAT)
        response = client.post(
            reverse("meetings:follow_up_create", kwargs={"pk": meeting.pk}),
            {
                "description": "登録事業者への説明会を開く",
                "measure": city.measures[1].pk,
                "department": city.departments["housing"].pk,
                "due_on": "2025-09-30",
                "status": "open",
            },
        )
        assert response.status_code == 302
        item = FollowUpItem.objects.get()
        assert (item.measure, item.department) == (city.measures[1], city.departments["housing"])
        assert item.due_on == datetime.date(2025, 9, 30)
        html = html_of(client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})))
        assert "登録事業者への説明会を開く" in html
        assert "第2節（1）① セーフティネット住宅の登録促進" in html

        response = client.post(
            reverse("meetings:follow_up_edit", kwargs={"pk": item.pk}),
            {"description": "説明会を2回開く", "measure": "", "department": "", "status": "done"},
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.description, item.measure, item.due_on, item.status) == (
            "説明会を2回開く",
            None,
            None,
            "done",
        )

    def test_the_list_filters_by_kind_and_fiscal_year_and_sorts_by_date(self, client, city):
        make_meeting(city, held_on=datetime.date(2025, 3, 31), title="前年度末の会議")
        make_meeting(city, held_on=datetime.date(2025, 4, 1), title="年度初めの会議")
        make_meeting(
            city, held_on=datetime.date(2026, 3, 31), title="年度末の連絡会", kind="council"
        )
        sign_in(client, city, Role.SECRETARIAT)
        url = reverse("meetings:index")

        html = html_of(client.get(url, {"fiscal_year": 2025}))
        assert "年度初めの会議" in html and "年度末の連絡会" in html
        assert "前年度末の会議" not in html
        assert '<option value="2024">令和6年度（2024年度）</option>' in html

        html = html_of(client.get(url, {"fiscal_year": 2025, "kind": "council"}))
        assert "年度末の連絡会" in html and "年度初めの会議" not in html

        newest_first = html_of(client.get(url))
        assert newest_first.index("年度末の連絡会") < newest_first.index("前年度末の会議")
        oldest_first = html_of(client.get(url, {"sort": "date"}))
        assert oldest_first.index("前年度末の会議") < oldest_first.index("年度末の連絡会")
        assert 'aria-sort="ascending"' in oldest_first

    def test_bad_filters_are_reported_not_a_500(self, client, city):
        make_meeting(city, title="ある会議")
        sign_in(client, city, Role.SECRETARIAT)
        for query in [
            {"fiscal_year": "abc"},
            {"fiscal_year": "99999999999999999999"},
            {"kind": "nope", "sort": "evil"},
            {"page": "99999999"},
        ]:
            html = html_of(client.get(reverse("meetings:index"), query))
            assert "ある会議" in html, query
        html = html_of(client.get(reverse("meetings:index"), {"fiscal_year": "abc"}))
        assert "入力内容を確認してください。" in html

    def test_the_list_is_paginated(self, client, city):
        for day in range(1, 26):
            make_meeting(city, held_on=datetime.date(2025, 5, day), title=f"会議{day:02d}号")
        sign_in(client, city, Role.SECRETARIAT)
        first = html_of(client.get(reverse("meetings:index")))
        assert "会議 25件" in first and "会議25号" in first and "会議05号" not in first
        second = html_of(client.get(reverse("meetings:index"), {"page": 2}))
        assert "会議05号" in second and "会議25号" not in second


# --- validation ---------------------------------------------------------------------------


class TestValidation:
    def post_meeting(self, client, city, **data):
        sign_in(client, city, Role.SECRETARIAT)
        values = {"kind": "section_chiefs", "held_on": "2025-05-20", **data}
        return client.post(reverse("meetings:create"), values)

    def test_a_meeting_needs_a_date(self, client, city):
        html = html_of(self.post_meeting(client, city, held_on=""))
        assert "開催日を入力してください。" in html
        assert not Meeting.objects.filter(local_government=city.lg).exists()

    def test_a_bad_date_is_explained(self, client, city):
        html = html_of(self.post_meeting(client, city, held_on="2025-13-45"))
        assert "日付は 2025-05-20 のように入力してください。" in html
        assert not Meeting.objects.filter(local_government=city.lg).exists()

    def test_an_other_meeting_needs_a_title(self, client, city):
        html = html_of(self.post_meeting(client, city, kind="other", title=""))
        assert "「その他の会議」は会議名を入力してください。" in html
        assert not Meeting.objects.filter(local_government=city.lg).exists()

    def test_an_unknown_kind_or_attendee_changes_nothing(self, client, city, elsewhere):
        for data in [
            {"kind": "party"},
            {"attending_departments": [elsewhere.department.pk]},
            {"attending_departments": ["999999999999999999999"]},
            {"attending_organizations": ["abc"]},
        ]:
            response = self.post_meeting(client, city, **data)
            assert "入力内容を確認してください。" in html_of(response), data
        assert not Meeting.objects.filter(local_government=city.lg).exists()
        assert not AuditEntry.objects.exclude(action__in=audit.SECURITY_ACTIONS).exists()

    def test_the_service_refuses_attendees_of_another_local_government(self, city, elsewhere):
        with pytest.raises(ValidationError) as error:
            meeting_services.meeting_save(
                actor=city.users[Role.SECRETARIAT],
                plan=city.plan,
                kind="council",
                held_on=datetime.date(2025, 5, 20),
                departments=[elsewhere.department],
            )
        assert error.value.message_dict == {
            "attending_departments": ["別の地方公共団体の課は選べません。"]
        }
        with pytest.raises(ValidationError) as error:
            meeting_services.meeting_save(
                actor=city.users[Role.SECRETARIAT],
                plan=city.plan,
                kind="council",
                held_on=None,
            )
        assert error.value.message_dict == {"held_on": ["開催日を入力してください。"]}
        assert not Meeting.objects.filter(local_government=city.lg).exists()

    def test_a_follow_ups_measure_must_belong_to_the_meetings_plan(self, client, city, elsewhere):
        meeting = make_meeting(city)
        secretariat = sign_in(client, city, Role.SECRETARIAT)
        with pytest.raises(ValidationError) as error:
            meeting_services.follow_up_save(
                actor=secretariat,
                meeting=meeting,
                description="宿題",
                measure=elsewhere.measure,
            )
        assert error.value.message_dict == {"measure": ["この会議の計画の取組を選んでください。"]}
        response = client.post(
            reverse("meetings:follow_up_create", kwargs={"pk": meeting.pk}),
            {"description": "宿題", "measure": elsewhere.measure.pk, "status": "open"},
        )
        assert "この会議の計画の取組を選んでください。" in html_of(response)
        assert not FollowUpItem.objects.filter(local_government=city.lg).exists()

    def test_a_follow_ups_department_must_belong_to_the_local_government(
        self, client, city, elsewhere
    ):
        meeting = make_meeting(city)
        secretariat = sign_in(client, city, Role.SECRETARIAT)
        with pytest.raises(ValidationError) as error:
            meeting_services.follow_up_save(
                actor=secretariat,
                meeting=meeting,
                description="宿題",
                department=elsewhere.department,
            )
        assert error.value.message_dict == {"department": ["別の地方公共団体の課は選べません。"]}
        response = client.post(
            reverse("meetings:follow_up_create", kwargs={"pk": meeting.pk}),
            {"description": "宿題", "department": elsewhere.department.pk, "status": "open"},
        )
        assert "一覧にある課を選んでください。" in html_of(response)
        assert not FollowUpItem.objects.filter(local_government=city.lg).exists()

    def test_a_follow_up_needs_a_description_and_a_known_status(self, client, city):
        meeting = make_meeting(city)
        sign_in(client, city, Role.SECRETARIAT)
        url = reverse("meetings:follow_up_create", kwargs={"pk": meeting.pk})
        html = html_of(client.post(url, {"description": "  ", "status": "open"}))
        assert "内容を入力してください。" in html
        html = html_of(
            client.post(
                url,
                {"description": "宿題", "status": "later", "measure": "99999999999999999999"},
            )
        )
        assert "入力内容を確認してください。" in html
        assert not FollowUpItem.objects.filter(local_government=city.lg).exists()


# --- default titles -----------------------------------------------------------------------


def test_default_titles_count_the_meetings_of_the_same_kind_in_the_fiscal_year(city):
    secretariat = city.users[Role.SECRETARIAT]

    def save(kind, day, title=""):
        return meeting_services.meeting_save(
            actor=secretariat, plan=city.plan, kind=kind, held_on=day, title=title
        ).title

    assert save("section_chiefs", datetime.date(2025, 3, 25)) == (
        "令和6年度 第1回 再犯防止推進関係課長会議"
    )
    assert save("section_chiefs", datetime.date(2025, 5, 20)) == (
        "令和7年度 第1回 再犯防止推進関係課長会議"
    )
    assert save("council", datetime.date(2025, 7, 1)) == "令和7年度 第1回 再犯防止推進連絡会"
    assert save("section_chiefs", datetime.date(2026, 2, 3)) == (
        "令和7年度 第2回 再犯防止推進関係課長会議"
    )
    assert save("section_chiefs", datetime.date(2026, 2, 4), "臨時の課長会議") == "臨時の課長会議"


# --- audit --------------------------------------------------------------------------------


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
        assert AuditEntry.objects.count() == 1

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


# --- status changes -----------------------------------------------------------------------


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


# --- the follow-up list -------------------------------------------------------------------


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


# --- CSV ----------------------------------------------------------------------------------


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


# --- query counts -------------------------------------------------------------------------


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
