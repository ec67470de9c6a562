"""Meetings and their follow-up items: the secretariat records them, a department sees what
concerns it and updates the status of its own items; every write is validated and audited."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import audit
from core.models import AuditEntry
from core.roles import Role
from pdca.meetings import services as meeting_services
from pdca.models import FollowUpItem, Meeting
from pdca.tests.meetings.helpers import Status, html_of, make_item, make_meeting, sign_in

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


# --- status changes -----------------------------------------------------------------------


# --- the follow-up list -------------------------------------------------------------------


# --- CSV ----------------------------------------------------------------------------------


# --- query counts -------------------------------------------------------------------------
