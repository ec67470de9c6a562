"""Events: the secretariat runs seminars, information sessions and job fairs (participating
employers, participants and attendance, interview slots with no double booking, hires); an
employer sees only its events and its own slots; the counts add up per event and per fiscal
year and are offered for progress reports."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.models import AuditEntry
from core.roles import Role
from core.testing.workbooks import numeric_text_cells, unseparated_numbers
from core.tests.factories import LocalGovernmentFactory
from employment.events import services
from employment.events.counts import event_counts, figure_groups, fiscal_year_counts
from employment.models import Employer, Event, EventParticipant, Hire, InterviewSlot
from employment.tests.factories import (
    EmployerFactory,
    EventFactory,
    JobSeekerFactory,
    TrainingCourseFactory,
)
from plans.tests.factories import MeasureFactory

DAY = datetime.date(2026, 11, 1)


# --- helpers -----------------------------------------------------------------------------------


def secretariat(city):
    return city.users[Role.SECRETARIAT]


def own_company(city) -> Employer:
    organization = city.users[Role.EMPLOYER].organization
    return Employer.objects.filter(organization=organization).first() or EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name
    )


def seeker(city, code):
    return JobSeekerFactory(code=code, supporter_organization=city.users[Role.PARTNER].organization)


def at(hour, minute=0, day=DAY):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def event_with(city, *, employers=(), seekers=(), **extra):
    event = EventFactory(local_government=city.lg, held_on=DAY, **extra)
    for employer in employers:
        event.employers.add(employer)
    for person in seekers:
        EventParticipant.objects.create(local_government=city.lg, event=event, seeker=person)
    return event


def slot(city, event, employer, start, end, person=None):
    return services.slot_create(
        actor=secretariat(city),
        event=event,
        employer=employer,
        starts_at=start,
        ends_at=end,
        seeker=person,
    )


@pytest.fixture
def fair(city):
    """An information session with two companies and two registered seekers."""
    a = EmployerFactory(local_government=city.lg, name="Ａ建設（架空）")
    b = EmployerFactory(local_government=city.lg, name="Ｂ運送（架空）")
    s1, s2 = seeker(city, "S-1"), seeker(city, "S-2")
    event = event_with(city, employers=[a, b], seekers=[s1, s2])
    return event, a, b, s1, s2


# --- interview slots: no double booking --------------------------------------------------------


def test_it_books_a_slot(city, fair):
    event, a, _b, s1, _s2 = fair
    booked = slot(city, event, a, at(10), at(10, 30), s1)
    assert booked.seeker == s1
    assert AuditEntry.objects.filter(action="employment.slot_create").count() == 1


def test_an_employer_cannot_have_two_overlapping_slots(city, fair):
    event, a, _b, _s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30))
    with pytest.raises(ValidationError) as error:
        slot(city, event, a, at(10, 15), at(10, 45))
    assert "時間が重なっています" in error.value.message_dict["start"][0]
    assert "Ａ建設（架空）" in error.value.message_dict["start"][0]
    assert InterviewSlot.objects.count() == 1


def test_a_slot_inside_another_of_the_same_employer_is_refused(city, fair):
    event, a, _b, _s1, _s2 = fair
    slot(city, event, a, at(10), at(11))
    with pytest.raises(ValidationError):
        slot(city, event, a, at(10, 15), at(10, 30))
    with pytest.raises(ValidationError):
        slot(city, event, a, at(9), at(12))


def test_slots_that_only_touch_at_the_boundary_are_allowed(city, fair):
    event, a, _b, s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30), s1)
    slot(city, event, a, at(10, 30), at(11))  # starts when the first ends
    slot(city, event, a, at(9, 30), at(10))  # ends when the first starts
    assert InterviewSlot.objects.filter(employer=a).count() == 3


def test_a_seeker_cannot_be_in_two_overlapping_slots(city, fair):
    event, a, b, s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30), s1)
    with pytest.raises(ValidationError) as error:
        slot(city, event, b, at(10, 29), at(11), s1)
    message = error.value.message_dict["seeker_code"][0]
    assert "S-1" in message and "Ａ建設（架空）" in message and "重なっています" in message
    # an open slot of the other employer at the same time is fine
    slot(city, event, b, at(10, 29), at(11))


def test_a_seeker_may_have_back_to_back_slots(city, fair):
    event, a, b, s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30), s1)
    slot(city, event, b, at(10, 30), at(11), s1)
    assert InterviewSlot.objects.filter(seeker=s1).count() == 2


def test_double_booking_is_checked_across_events(city, fair):
    event, a, _b, s1, _s2 = fair
    other = event_with(city, employers=[a], seekers=[s1], title="別の面接会（架空）")
    slot(city, event, a, at(10), at(10, 30))
    with pytest.raises(ValidationError) as error:
        slot(city, other, a, at(10, 10), at(10, 20))
    assert "別の面接会" not in error.value.message_dict["start"][0]  # names the clashing one
    assert event.title in error.value.message_dict["start"][0]


def test_moving_a_slot_into_another_is_refused_but_moving_it_within_itself_is_not(city, fair):
    event, a, _b, s1, s2 = fair
    first = slot(city, event, a, at(10), at(10, 30), s1)
    second = slot(city, event, a, at(11), at(11, 30), s2)
    user = secretariat(city)
    with pytest.raises(ValidationError):
        services.slot_update(
            actor=user, slot=second, starts_at=at(10, 15), ends_at=at(10, 45), seeker=s2, held=False
        )
    services.slot_update(
        actor=user, slot=first, starts_at=at(10, 10), ends_at=at(10, 40), seeker=s1, held=True
    )
    first.refresh_from_db()
    assert (first.starts_at, first.held) == (at(10, 10), True)


def test_putting_a_busy_seeker_into_an_open_slot_is_refused(city, fair):
    event, a, b, s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30), s1)
    open_slot = slot(city, event, b, at(10), at(10, 30))
    with pytest.raises(ValidationError) as error:
        services.slot_update(
            actor=secretariat(city),
            slot=open_slot,
            starts_at=open_slot.starts_at,
            ends_at=open_slot.ends_at,
            seeker=s1,
            held=False,
        )
    assert "seeker_code" in error.value.message_dict


def test_a_slot_needs_a_participating_employer_and_a_registered_seeker(city, fair):
    event, a, _b, _s1, _s2 = fair
    outsider = EmployerFactory(local_government=city.lg)
    stranger = seeker(city, "S-9")
    with pytest.raises(ValidationError) as error:
        slot(city, event, outsider, at(10), at(10, 30))
    assert "参加企業ではありません" in error.value.message_dict["employer"][0]
    with pytest.raises(ValidationError) as error:
        slot(city, event, a, at(10), at(10, 30), stranger)
    assert "参加者ではありません" in error.value.message_dict["seeker_code"][0]


def test_a_slot_must_end_after_it_starts_and_held_needs_a_seeker(city, fair):
    event, a, _b, _s1, _s2 = fair
    with pytest.raises(ValidationError) as error:
        slot(city, event, a, at(10, 30), at(10, 30))
    assert "end" in error.value.message_dict
    empty = slot(city, event, a, at(11), at(11, 30))
    with pytest.raises(ValidationError) as error:
        services.slot_update(
            actor=secretariat(city),
            slot=empty,
            starts_at=empty.starts_at,
            ends_at=empty.ends_at,
            seeker=None,
            held=True,
        )
    assert "held" in error.value.message_dict


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_booking_locks_the_employer_and_the_seeker_rows(city, fair):
    event, a, _b, s1, _s2 = fair
    with CaptureQueriesContext(connection) as queries:
        slot(city, event, a, at(10), at(10, 30), s1)
    locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert any("employment_employer" in sql for sql in locked)
    assert any("employment_jobseeker" in sql for sql in locked)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.django_db(transaction=True)
def test_two_bookings_at_the_same_moment_cannot_both_succeed(city, fair, monkeypatch):
    """The first booking holds the employer's row while it checks; the second waits for it,
    then sees the first slot and is refused (without the lock both would be saved)."""
    import threading
    import time

    from django.db import connections

    event, a, _b, _s1, _s2 = fair
    check = services._check_slot
    first_checking = threading.Event()

    def slow_check(slot):
        if slot.starts_at == at(10):
            first_checking.set()
            time.sleep(0.5)
        check(slot)

    monkeypatch.setattr(services, "_check_slot", slow_check)
    outcomes = {}

    def book(name, start, end):
        try:
            slot(city, event, a, start, end)
            outcomes[name] = "saved"
        except ValidationError:
            outcomes[name] = "refused"
        finally:
            connections.close_all()

    first = threading.Thread(target=book, args=("first", at(10), at(10, 30)))
    second = threading.Thread(target=book, args=("second", at(10, 15), at(10, 45)))
    first.start()
    assert first_checking.wait(5)
    second.start()
    first.join(10)
    second.join(10)
    assert outcomes == {"first": "saved", "second": "refused"}
    assert InterviewSlot.objects.filter(employer=a).count() == 1


def test_only_the_secretariat_books(city, fair):
    event, a, _b, _s1, _s2 = fair
    with pytest.raises(PermissionDenied):
        services.slot_create(
            actor=city.users[Role.PARTNER],
            event=event,
            employer=a,
            starts_at=at(10),
            ends_at=at(10, 30),
        )


def test_the_slot_form_shows_the_overlap_message(client, city, fair):
    event, a, _b, s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30), s1)
    client.force_login(secretariat(city))
    url = reverse("events:slot_create", kwargs={"pk": event.pk})
    response = client.post(
        url, {"employer": a.pk, "day": "2026-11-01", "start": "10:20", "end": "10:50"}
    )
    assert response.status_code == 400
    assert "時間が重なっています" in response.content.decode()
    response = client.post(
        url,
        {
            "employer": a.pk,
            "day": "2026-11-01",
            "start": "10:30",
            "end": "11:00",
            "seeker_code": "S-1",
        },
    )
    assert response.status_code == 302
    assert InterviewSlot.objects.filter(employer=a).count() == 2


def test_the_slot_form_refuses_nonsense_without_a_500(client, city, fair):
    event, a, _b, _s1, _s2 = fair
    client.force_login(secretariat(city))
    url = reverse("events:slot_create", kwargs={"pk": event.pk})
    response = client.post(
        url,
        {
            "employer": "999999",
            "day": "2026-13-40",
            "start": "25:00",
            "end": "x",
            "seeker_code": "?",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "この催しの参加企業から選んでください" in body
    assert "日付は" in body and "時刻は" in body
    assert not InterviewSlot.objects.exists()


# --- the event pages ---------------------------------------------------------------------------


def test_the_secretariat_creates_an_event_and_a_bad_post_is_refused(client, city):
    client.force_login(secretariat(city))
    url = reverse("events:create")
    response = client.post(url, {"kind": "party", "title": "", "held_on": "2026/99/99"})
    assert response.status_code == 400
    assert "入力内容を確認してください" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "job_fair",
            "title": "就職面接会（架空）",
            "held_on": "2026-12-05",
            "venue": "市民会館（架空）",
            "guest_companies": "3",
            "guest_participants": "",
            "reported_hires": "",
        },
    )
    event = Event.objects.get(title="就職面接会（架空）")
    assert response.status_code == 302
    assert (event.local_government, event.guest_companies, event.guest_participants) == (
        city.lg,
        3,
        0,
    )
    assert event.reported_hires is None
    assert AuditEntry.objects.filter(action="employment.event_create").exists()


def test_a_month_only_date_is_kept_as_the_first_of_the_month(city):
    event = services.event_create(
        actor=secretariat(city),
        local_government=city.lg,
        values={
            "kind": "info_session",
            "title": "説明会（架空）",
            "held_on": datetime.date(2020, 2, 17),
            "held_on_month_only": True,
        },
    )
    assert event.held_on == datetime.date(2020, 2, 1)


def test_counted_with_must_be_another_event_of_the_same_kind(city):
    user = secretariat(city)
    first = EventFactory(local_government=city.lg, kind=Event.Kind.INFO_SESSION)
    seminar = EventFactory(local_government=city.lg, kind=Event.Kind.SEMINAR)
    second = EventFactory(local_government=city.lg, kind=Event.Kind.INFO_SESSION)
    values = {"kind": "info_session", "title": second.title, "held_on": second.held_on}
    with pytest.raises(ValidationError) as error:
        services.event_update(actor=user, event=second, values={**values, "counted_with": seminar})
    assert "同じ種類" in error.value.message_dict["counted_with"][0]
    with pytest.raises(ValidationError):
        services.event_update(actor=user, event=second, values={**values, "counted_with": second})
    services.event_update(actor=user, event=second, values={**values, "counted_with": first})
    assert Event.objects.get(pk=second.pk).counted_with == first
    # the first now carries another's counts: it cannot itself be counted elsewhere
    with pytest.raises(ValidationError):
        services.event_update(
            actor=user,
            event=first,
            values={
                "kind": "info_session",
                "title": first.title,
                "held_on": first.held_on,
                "counted_with": EventFactory(local_government=city.lg),
            },
        )


def test_the_secretariat_runs_an_event_from_its_page(client, city):
    company = EmployerFactory(local_government=city.lg, name="Ｃ介護（架空）")
    s1, s2 = seeker(city, "S-10"), seeker(city, "S-11")
    event = EventFactory(local_government=city.lg, held_on=DAY, guest_companies=2)
    client.force_login(secretariat(city))
    detail = reverse("events:detail", kwargs={"pk": event.pk})

    assert (
        client.post(
            reverse("events:employer_add", kwargs={"pk": event.pk}), {"employer": company.pk}
        ).status_code
        == 302
    )
    for code in ("S-10", "S-11"):
        response = client.post(
            reverse("events:participant_add", kwargs={"pk": event.pk}), {"code": code}
        )
        assert response.status_code == 302
    response = client.post(
        reverse("events:participant_add", kwargs={"pk": event.pk}), {"code": "S-99"}
    )
    assert response.status_code == 400
    assert "求職者番号「S-99」の求職者は登録されていません" in response.content.decode()
    response = client.post(
        reverse("events:participant_add", kwargs={"pk": event.pk}), {"code": "S-10"}
    )
    assert "すでに参加者に登録されています" in response.content.decode()

    p1 = EventParticipant.objects.get(event=event, seeker=s1)
    # the attendance checkboxes: only S-10 came
    response = client.post(
        reverse("events:attendance", kwargs={"pk": event.pk}),
        {"attended": [str(p1.pk), "²", "١٢", "1" * 30, "-1"]},
    )
    assert response.status_code == 302
    assert list(
        EventParticipant.objects.filter(attended=True).values_list("seeker", flat=True)
    ) == [s1.pk]
    booked = slot(city, event, company, at(13), at(13, 30), s1)
    services.slot_update(
        actor=secretariat(city),
        slot=booked,
        starts_at=booked.starts_at,
        ends_at=booked.ends_at,
        seeker=s1,
        held=True,
    )
    slot(city, event, company, at(13, 30), at(14), s2)  # booked, not held
    response = client.post(
        reverse("events:hire_create", kwargs={"pk": event.pk}),
        {"seeker": s1.pk, "employer": company.pk, "started_on": "2026-12-01"},
    )
    assert response.status_code == 302
    hire = Hire.objects.get()
    assert (hire.event, hire.seeker, hire.employer, hire.recorded_by) == (
        event,
        s1,
        company,
        secretariat(city),
    )

    counts = event_counts(event)
    assert (counts.companies, counts.participants, counts.interviews, counts.hires) == (3, 1, 1, 1)
    page = client.get(detail).content.decode()
    assert "3社" in page and "1人" in page and "S-10" in page and "Ｃ介護（架空）" in page


def test_a_hire_from_an_event_needs_a_participant_and_a_participating_employer(city, fair):
    event, a, _b, s1, _s2 = fair
    outsider = EmployerFactory(local_government=city.lg)
    stranger = seeker(city, "S-77")
    with pytest.raises(ValidationError) as error:
        services.event_hire_record(
            actor=secretariat(city),
            event=event,
            seeker=stranger,
            employer=outsider,
            started_on=DAY - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"seeker", "employer", "started_on"}
    services.event_hire_record(
        actor=secretariat(city), event=event, seeker=s1, employer=a, started_on=DAY
    )
    with pytest.raises(ValidationError) as error:
        services.event_hire_record(
            actor=secretariat(city), event=event, seeker=s1, employer=a, started_on=DAY
        )
    assert "すでに記録されています" in error.value.message_dict["started_on"][0]


def test_a_bad_hire_post_is_refused_without_a_500(client, city, fair):
    event, _a, _b, _s1, _s2 = fair
    client.force_login(secretariat(city))
    response = client.post(
        reverse("events:hire_create", kwargs={"pk": event.pk}),
        {"seeker": "abc", "employer": "", "started_on": "tomorrow"},
    )
    assert response.status_code == 400
    assert not Hire.objects.exists()


def test_an_employer_or_a_seeker_with_slots_cannot_be_removed(client, city, fair):
    event, a, _b, s1, _s2 = fair
    slot(city, event, a, at(10), at(10, 30), s1)
    with pytest.raises(ValidationError):
        services.event_employer_remove(actor=secretariat(city), event=event, employer=a)
    with pytest.raises(ValidationError):
        services.event_participant_remove(
            actor=secretariat(city), participant=EventParticipant.objects.get(seeker=s1)
        )
    client.force_login(secretariat(city))
    response = client.post(
        reverse("events:employer_remove", kwargs={"pk": event.pk}), {"employer": a.pk}, follow=True
    )
    assert "先に面談枠を削除してください" in response.content.decode()
    assert event.employers.filter(pk=a.pk).exists()


def test_another_local_governments_event_is_not_found(client, city):
    elsewhere = LocalGovernmentFactory(code="999992", slug="othercity")
    event = EventFactory(local_government=elsewhere)
    client.force_login(secretariat(city))
    assert client.get(reverse("events:detail", kwargs={"pk": event.pk})).status_code == 404
    assert client.get(reverse("events:edit", kwargs={"pk": event.pk})).status_code == 404
    assert client.post(reverse("events:attendance", kwargs={"pk": event.pk})).status_code == 404


def test_the_list_filters_sorts_and_downloads(client, city):
    EventFactory(
        local_government=city.lg,
        kind=Event.Kind.SEMINAR,
        title="セミナー（架空）",
        held_on=datetime.date(2025, 11, 1),
        guest_companies=5,
    )
    EventFactory(
        local_government=city.lg, title="説明会（架空）", held_on=datetime.date(2026, 6, 1)
    )
    client.force_login(secretariat(city))
    page = client.get(reverse("events:index"), {"kind": "seminar"}).getvalue().decode()
    assert "セミナー（架空）" in page and "説明会（架空）" not in page
    page = client.get(reverse("events:index"), {"year": "2026"}).getvalue().decode()
    assert "説明会（架空）" in page and "セミナー（架空）" not in page
    page = client.get(reverse("events:index"), {"year": "nonsense"}).getvalue().decode()
    assert "説明会（架空）" in page
    csv = client.get(reverse("events:csv")).getvalue().decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("開催日,")
    assert "2026-06-01" in lines[1] and "2025-11-01" in lines[2] and ",5," in lines[2]


def test_the_empty_list_says_what_to_do(client, city):
    client.force_login(secretariat(city))
    assert "催しを登録する" in client.get(reverse("events:index")).content.decode()


# --- the employer's view -----------------------------------------------------------------------


def test_an_employer_sees_only_its_events_and_its_own_slots(client, city):
    mine = own_company(city)
    other = EmployerFactory(local_government=city.lg, name="よその会社（架空）")
    s1, s2 = seeker(city, "S-21"), seeker(city, "S-22")
    shared = event_with(city, employers=[mine, other], seekers=[s1, s2], title="合同説明会（架空）")
    not_mine = event_with(city, employers=[other], title="よその説明会（架空）")
    slot(city, shared, mine, at(10), at(10, 30), s1)
    slot(city, shared, other, at(10), at(10, 30), s2)

    client.force_login(city.users[Role.EMPLOYER])
    listing = client.get(reverse("events:index")).content.decode()
    assert "合同説明会（架空）" in listing and "よその説明会（架空）" not in listing
    page = client.get(reverse("events:detail", kwargs={"pk": shared.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "S-21" in body  # its own interview: the seeker's code only
    assert "S-22" not in body  # another company's interview
    assert "よその会社（架空）" not in body  # nor the other companies
    assert city.users[Role.PARTNER].organization.name not in body  # nor who supports the seeker
    assert client.get(reverse("events:detail", kwargs={"pk": not_mine.pk})).status_code == 404
    assert client.get(reverse("events:edit", kwargs={"pk": shared.pk})).status_code == 403


def test_an_employer_not_yet_approved_sees_no_events(client, city):
    mine = own_company(city)
    event = event_with(city, employers=[mine])
    Employer.objects.filter(pk=mine.pk).update(status=Employer.Status.APPLIED)
    client.force_login(city.users[Role.EMPLOYER])
    assert event.title not in client.get(reverse("events:index")).content.decode()
    assert client.get(reverse("events:detail", kwargs={"pk": event.pk})).status_code == 404


# --- counts ------------------------------------------------------------------------------------


def test_reported_hires_count_only_while_there_are_no_recorded_ones(city, fair):
    event, a, _b, s1, _s2 = fair
    Event.objects.filter(pk=event.pk).update(reported_hires=2)
    counts = event_counts(event)
    assert (counts.hires, counts.hires_are_reported) == (2, True)
    services.event_hire_record(
        actor=secretariat(city), event=event, seeker=s1, employer=a, started_on=DAY
    )
    counts = event_counts(event)
    assert (counts.hires, counts.hires_are_reported) == (1, False)


def test_fiscal_year_counts_follow_april_to_march(city):
    lg = city.lg
    EventFactory(
        local_government=lg,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2020, 3, 31),
        guest_companies=4,
        guest_participants=9,
    )
    EventFactory(
        local_government=lg,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2020, 4, 1),
        guest_companies=1,
        guest_participants=1,
    )
    EventFactory(
        local_government=lg,
        kind=Event.Kind.INFO_SESSION,
        held_on=datetime.date(2019, 4, 1),
        guest_companies=6,
        guest_participants=3,
        reported_hires=1,
    )
    TrainingCourseFactory(
        local_government=lg,
        starts_on=datetime.date(2020, 1, 9),
        reported_sessions=23,
        reported_participants=3,
        reported_certified=3,
    )
    elsewhere = LocalGovernmentFactory(code="999993", slug="elsewhere")
    EventFactory(
        local_government=elsewhere,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2019, 5, 1),
        guest_companies=50,
    )

    counts = fiscal_year_counts(lg, 2019)
    assert (counts.seminar.events, counts.seminar.companies, counts.seminar.participants) == (
        1,
        4,
        9,
    )
    assert (counts.info_session.companies, counts.info_session.participants) == (6, 3)
    assert counts.info_session.hires == 1
    assert (counts.training.sessions, counts.training.participants) == (23, 3)
    assert counts.training.certified == 3
    assert fiscal_year_counts(lg, 2020).seminar.companies == 1
    assert fiscal_year_counts(lg, 2018).is_empty


def test_figures_for_a_progress_report_leave_out_what_did_not_happen(city):
    EventFactory(
        local_government=city.lg,
        kind=Event.Kind.SEMINAR,
        held_on=datetime.date(2021, 5, 1),
        guest_companies=22,
        guest_participants=37,
    )
    groups = figure_groups(fiscal_year_counts(city.lg, 2021))
    assert [g.key for g in groups] == ["seminar"]
    assert [(f.value, f.unit) for f in groups[0].figures] == [(1, "回"), (22, "社"), (37, "人")]
    assert groups[0].figures[1].label == "企業セミナーの参加企業数"


def test_the_summary_offers_the_figures_to_the_matching_progress_report(client, city):
    from pdca.tests.utils import open_cycle

    measure = MeasureFactory(
        area=city.areas[1], headings=["就職説明会の開催"], departments=[city.departments["housing"]]
    )
    cycle = open_cycle(city, 2021)
    report = cycle.reports.get(measure=measure)
    EventFactory(
        local_government=city.lg,
        held_on=datetime.date(2021, 11, 26),
        guest_companies=18,
        guest_participants=10,
        reported_hires=2,
    )

    client.force_login(city.users[Role.DEPARTMENT])
    page = client.get(reverse("events:summary"), {"year": "2021"}).getvalue().decode()
    assert "企業説明会・個別面談会の参加企業数" in page
    assert reverse("pdca:report_edit", kwargs={"pk": report.pk}) in page
    assert "令和3年度（2021年度）" in page
    csv = client.get(reverse("events:summary_csv")).getvalue().decode("utf-8-sig")
    assert "企業説明会・個別面談会,参加企業数,社" in csv
    assert ",18" in csv
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(reverse("events:summary_xlsx")).getvalue()))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["区分", "項目", "単位"]
    assert ["企業説明会・個別面談会", "参加企業数", "社"] in [row[:3] for row in rows]
    row = next(r for r in rows if r[:2] == ["企業説明会・個別面談会", "参加企業数"])
    assert 18 in row[3:]
    assert numeric_text_cells(workbook) == [] and unseparated_numbers(workbook) == []


def test_the_summary_says_when_the_year_has_no_reporting_cycle(client, city):
    EventFactory(local_government=city.lg, held_on=datetime.date(2019, 11, 26), guest_companies=1)
    client.force_login(secretariat(city))
    page = client.get(reverse("events:summary"), {"year": "2019"}).content.decode()
    assert "報告サイクル）はまだありません" in page


def test_a_department_of_another_body_sees_only_its_own_counts(client, city):
    EventFactory(local_government=city.lg, held_on=datetime.date(2021, 11, 26), guest_companies=77)
    elsewhere = LocalGovernmentFactory(code="999994", slug="far")
    organization = OrganizationFactory(local_government=elsewhere, name="よその課（架空）")
    user = UserFactory(username="far-secretariat", role=Role.SECRETARIAT, organization=organization)
    client.force_login(user)
    page = client.get(reverse("events:summary")).content.decode()
    assert "77社" not in page
