"""Training courses: numbered, dated sessions; enrollments; attendance per session as a grid
of checkboxes (plain form, no JS); completion and certification; hires after the course;
the course page's attendance rate, completed, certified and hired."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from employment.events import training_services as services
from employment.events.counts import course_counts
from employment.models import Enrollment, Hire, TrainingCourse, TrainingSession
from employment.tests.factories import EmployerFactory, JobSeekerFactory, TrainingCourseFactory

START = datetime.date(2026, 1, 9)
TODAY = datetime.date(2026, 1, 20)


def secretariat(city):
    return city.users[Role.SECRETARIAT]


def seeker(city, code):
    return JobSeekerFactory(code=code, supporter_organization=city.users[Role.PARTNER].organization)


@pytest.fixture
def course(city):
    return TrainingCourseFactory(
        local_government=city.lg,
        starts_on=START,
        ends_on=datetime.date(2026, 2, 13),
        planned_sessions=4,
    )


@pytest.fixture
def running(city, course):
    """Four sessions (two held by TODAY) and three people enrolled."""
    user = secretariat(city)
    sessions = services.sessions_add(
        actor=user,
        course=course,
        days=[
            START,
            datetime.date(2026, 1, 16),
            datetime.date(2026, 1, 23),
            datetime.date(2026, 1, 30),
        ],
    )
    enrollments = [
        services.enrollment_add(actor=user, course=course, seeker=seeker(city, code))
        for code in ("K-1", "K-2", "K-3")
    ]
    return course, sessions, enrollments


def test_sessions_are_numbered_in_date_order_after_the_last(city, course):
    user = secretariat(city)
    services.sessions_add(actor=user, course=course, days=[datetime.date(2026, 1, 16), START])
    services.sessions_add(actor=user, course=course, days=[datetime.date(2026, 1, 23)])
    assert list(TrainingSession.objects.filter(course=course).values_list("number", "held_on")) == [
        (1, START),
        (2, datetime.date(2026, 1, 16)),
        (3, datetime.date(2026, 1, 23)),
    ]


def test_a_session_outside_the_course_or_twice_on_a_day_is_refused(city, course):
    user = secretariat(city)
    with pytest.raises(ValidationError) as error:
        services.sessions_add(actor=user, course=course, days=[datetime.date(2026, 3, 1)])
    assert "講座の期間" in error.value.message_dict["dates"][0]
    services.sessions_add(actor=user, course=course, days=[START])
    with pytest.raises(ValidationError) as error:
        services.sessions_add(actor=user, course=course, days=[START])
    assert "すでにあります" in error.value.message_dict["dates"][0]


def test_only_the_last_session_without_attendance_can_be_deleted(city, running):
    course, sessions, enrollments = running
    user = secretariat(city)
    with pytest.raises(ValidationError) as error:
        services.session_delete(actor=user, session=sessions[0])
    assert "最後の回（第4回）" in error.value.messages[0]
    services.session_delete(actor=user, session=sessions[3])
    services.attendance_save(
        actor=user, course=course, marks={(enrollments[0].pk, sessions[1].pk)}, today=TODAY
    )
    services.session_delete(actor=user, session=sessions[2])
    with pytest.raises(ValidationError) as error:
        services.session_delete(actor=user, session=sessions[1])
    assert "出席の記録があるため" in error.value.messages[0]
    assert list(TrainingSession.objects.filter(course=course).values_list("number", flat=True)) == [
        1,
        2,
    ]


def test_attendance_is_saved_as_the_grid_says_and_gives_the_rate(city, running):
    course, sessions, enrollments = running
    user = secretariat(city)
    marks = {
        (enrollments[0].pk, sessions[0].pk),
        (enrollments[0].pk, sessions[1].pk),
        (enrollments[1].pk, sessions[0].pk),
    }
    assert services.attendance_save(actor=user, course=course, marks=marks, today=TODAY) == 3
    counts = course_counts(course, today=TODAY)
    # 3 ticks of 3 people × 2 sessions held
    assert counts.attendance_rate == pytest.approx(0.5)
    assert counts.sessions == 2 and counts.participants == 3
    # unticking one and ticking another: exactly those change
    marks = (marks - {(enrollments[1].pk, sessions[0].pk)}) | {(enrollments[2].pk, sessions[1].pk)}
    assert services.attendance_save(actor=user, course=course, marks=marks, today=TODAY) == 2
    assert set(enrollments[1].attended_sessions.all()) == set()
    assert set(enrollments[2].attended_sessions.all()) == {sessions[1]}
    assert_audited(
        action="employment.attendance_save",
        actor=user,
        obj=course,
        count=2,
        changes={
            enrollments[1].seeker.code: {"before": [sessions[0].number], "after": []},
            enrollments[2].seeker.code: {"before": [], "after": [sessions[1].number]},
        },
    )


def test_a_session_still_to_come_cannot_be_ticked(city, running):
    course, sessions, enrollments = running
    with pytest.raises(ValidationError) as error:
        services.attendance_save(
            actor=secretariat(city),
            course=course,
            marks={(enrollments[0].pk, sessions[3].pk)},
            today=TODAY,
        )
    assert "第4回" in error.value.messages[0]


def test_another_courses_ids_are_refused(city, running):
    course, sessions, _enrollments = running
    other = TrainingCourseFactory(local_government=city.lg, starts_on=START)
    stranger = services.enrollment_add(
        actor=secretariat(city), course=other, seeker=seeker(city, "K-9")
    )
    with pytest.raises(ValidationError):
        services.attendance_save(
            actor=secretariat(city),
            course=course,
            marks={(stranger.pk, sessions[0].pk)},
            today=TODAY,
        )


def test_the_attendance_grid_works_as_a_plain_form(client, city, running, monkeypatch):
    course, sessions, enrollments = running
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    client.force_login(secretariat(city))
    page = client.get(reverse("training:detail", kwargs={"pk": course.pk})).content.decode()
    # one checkbox per person and held session, labelled; none for sessions to come
    assert page.count('type="checkbox" name="attended"') == 3 * 2
    assert f'value="{enrollments[0].pk}-{sessions[0].pk}"' in page
    assert f'value="{enrollments[0].pk}-{sessions[3].pk}"' not in page
    assert "K-1 第1回に出席" in page
    response = client.post(
        reverse("training:attendance", kwargs={"pk": course.pk}),
        {
            "attended": [
                f"{enrollments[0].pk}-{sessions[0].pk}",
                f"{enrollments[1].pk}-{sessions[1].pk}",
                "garbage",
                "1-2-3",
                f"{enrollments[0].pk}-²",  # str.isdigit() says yes, int() says no
                f"١-{sessions[0].pk}",
                "1" * 30 + f"-{sessions[0].pk}",
            ]
        },
    )
    assert response.status_code == 302
    assert Enrollment.attended_sessions.through.objects.count() == 2
    page = client.get(reverse("training:detail", kwargs={"pk": course.pk})).content.decode()
    assert "33.3%" in page  # 2 of 3 × 2


def test_completion_and_certification(city, running):
    course, _sessions, enrollments = running
    user = secretariat(city)
    with pytest.raises(ValidationError) as error:
        services.enrollment_update(
            actor=user, enrollment=enrollments[0], completed=False, certified_on=START
        )
    assert "修了" in error.value.message_dict["certified_on"][0]
    with pytest.raises(ValidationError):
        services.enrollment_update(
            actor=user,
            enrollment=enrollments[0],
            completed=True,
            certified_on=START - datetime.timedelta(days=1),
        )
    for enrollment in enrollments[:2]:
        services.enrollment_update(
            actor=user,
            enrollment=enrollment,
            completed=True,
            certified_on=datetime.date(2026, 3, 1),
        )
    services.enrollment_update(
        actor=user, enrollment=enrollments[2], completed=True, certified_on=None
    )
    counts = course_counts(course, today=TODAY)
    assert (counts.completed, counts.certified) == (3, 2)


def test_hires_after_the_course_are_counted(city, running):
    course, _sessions, enrollments = running
    employer = EmployerFactory(local_government=city.lg, name="介護事業所（架空）")
    user = secretariat(city)
    hire = services.course_hire_record(
        actor=user,
        course=course,
        seeker=enrollments[0].seeker,
        employer=employer,
        started_on=datetime.date(2026, 3, 1),
    )
    assert hire.course == course and hire.event is None
    with pytest.raises(ValidationError) as error:
        services.course_hire_record(
            actor=user,
            course=course,
            seeker=seeker(city, "K-50"),
            employer=employer,
            started_on=START - datetime.timedelta(days=3),
        )
    assert set(error.value.message_dict) == {"seeker", "started_on"}
    assert course_counts(course).hires == 1


def test_reported_counts_are_used_only_without_people_recorded(city, course):
    TrainingCourse.objects.filter(pk=course.pk).update(
        reported_sessions=23,
        reported_participants=3,
        reported_completed=3,
        reported_certified=3,
        reported_hires=2,
    )
    counts = course_counts(course)
    assert (
        counts.sessions,
        counts.participants,
        counts.completed,
        counts.certified,
        counts.hires,
    ) == (23, 3, 3, 3, 2)
    assert counts.is_reported
    services.enrollment_add(actor=secretariat(city), course=course, seeker=seeker(city, "K-7"))
    counts = course_counts(course)
    assert (counts.participants, counts.completed, counts.certified) == (1, 0, 0)
    assert counts.hires == 2  # no hire recorded one by one yet


def test_the_course_form_refuses_bad_input_without_a_500(client, city):
    client.force_login(secretariat(city))
    response = client.post(
        reverse("training:create"),
        {
            "title": "",
            "starts_on": "2026-02-01",
            "ends_on": "2026-01-01",
            "planned_sessions": "0",
            "reported_participants": "2",
            "reported_certified": "-1",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "終了日は開始日と同じか後の日にしてください" in body
    assert "1回以上にしてください" in body
    assert not TrainingCourse.objects.exists()
    response = client.post(
        reverse("training:create"),
        {
            "title": "介護講座（架空）",
            "starts_on": "2026-02-01",
            "planned_sessions": "10",
            "reported_participants": "2",
            "reported_certified": "3",
        },
    )
    assert response.status_code == 400
    assert "受講者数（2人）を超えています" in response.content.decode()
    response = client.post(
        reverse("training:create"),
        {"title": "介護講座（架空）", "starts_on": "2026-02-01", "planned_sessions": "10"},
    )
    course = TrainingCourse.objects.get()
    assert response.status_code == 302
    assert course.local_government == city.lg and course.reported_participants is None


def test_the_sessions_form_reads_several_dates_and_refuses_nonsense(client, city, course):
    client.force_login(secretariat(city))
    url = reverse("training:sessions_add", kwargs={"pk": course.pk})
    response = client.post(url, {"dates": "2026-01-09\nあした\n2026-02-30"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "2行目「あした」は日付として読めません" in body
    assert "3行目" in body
    response = client.post(
        url, {"dates": "２０２６－０１－０９\n2026−1−16\n2026/1/17\n2026年1月23日\n"}
    )
    assert response.status_code == 302, response.content.decode()
    assert TrainingSession.objects.filter(course=course).count() == 4


def test_enrolling_by_code_and_the_course_page(client, city, course):
    seeker(city, "K-31")
    client.force_login(secretariat(city))
    url = reverse("training:enroll", kwargs={"pk": course.pk})
    assert client.post(url, {"code": "K-31"}).status_code == 302
    response = client.post(url, {"code": "K-31"})
    assert response.status_code == 400
    assert "すでに受講者です" in response.content.decode()
    response = client.post(url, {"code": ""})
    assert "求職者番号を入力してください" in response.content.decode()
    page = client.get(reverse("training:detail", kwargs={"pk": course.pk})).content.decode()
    assert "K-31" in page and "回がまだありません" in page


def test_an_enrollment_with_records_cannot_be_removed(client, city, running):
    course, sessions, enrollments = running
    services.attendance_save(
        actor=secretariat(city),
        course=course,
        marks={(enrollments[0].pk, sessions[0].pk)},
        today=TODAY,
    )
    client.force_login(secretariat(city))
    response = client.post(
        reverse("training:enrollment_remove", kwargs={"pk": enrollments[0].pk}), follow=True
    )
    assert "受講者から外せません" in response.content.decode()
    assert (
        client.post(
            reverse("training:enrollment_remove", kwargs={"pk": enrollments[1].pk})
        ).status_code
        == 302
    )
    assert Enrollment.objects.filter(course=course).count() == 2


def test_another_local_governments_course_is_not_found(client, city):
    elsewhere = LocalGovernmentFactory(code="999995", slug="faraway")
    course = TrainingCourseFactory(local_government=elsewhere)
    client.force_login(secretariat(city))
    assert client.get(reverse("training:detail", kwargs={"pk": course.pk})).status_code == 404
    assert client.post(reverse("training:attendance", kwargs={"pk": course.pk})).status_code == 404


def test_the_list_and_its_csv(client, city, running):
    course, _sessions, _enrollments = running
    TrainingCourseFactory(
        local_government=city.lg,
        title="過去の講座（架空）",
        starts_on=datetime.date(2020, 1, 9),
        reported_participants=3,
        reported_certified=3,
    )
    client.force_login(secretariat(city))
    page = client.get(reverse("training:index")).getvalue().decode()
    assert course.title in page and "過去の講座（架空）" in page and "報告された数" in page
    page = client.get(reverse("training:index"), {"year": "2019"}).getvalue().decode()
    assert "過去の講座（架空）" in page and course.title not in page
    csv = client.get(reverse("training:csv")).getvalue().decode("utf-8-sig").splitlines()
    assert csv[0].startswith("講座名,")
    assert any("過去の講座（架空）" in line and "なし（報告された数）" in line for line in csv)


def test_hire_form_lists_only_enrolled_seekers(client, city, running):
    course, _sessions, enrollments = running
    employer = EmployerFactory(local_government=city.lg)
    outsider = seeker(city, "K-88")
    client.force_login(secretariat(city))
    url = reverse("training:hire_create", kwargs={"pk": course.pk})
    page = client.get(url).content.decode()
    assert "K-1" in page and "K-88" not in page
    response = client.post(
        url, {"seeker": outsider.pk, "employer": employer.pk, "started_on": "2026-03-01"}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"seeker": enrollments[0].seeker.pk, "employer": employer.pk, "started_on": "2026-03-01"},
    )
    assert response.status_code == 302
    assert Hire.objects.get().course == course
