"""Access-matrix rows of the employment part "events" (events and training courses; merged in
access_rows.py).

The secretariat runs the events and the courses. An employer account opens the event list
and the events its company takes part in (read-only; another company's event is a 404:
test_events.py), nothing else. The city's departments see the yearly counts, to copy into
their progress reports. Every other role is refused (403), the anonymous sent to log in."""

import datetime

from django.utils import timezone

from core.roles import Role
from core.testing.matrix import REDIRECT, page_form, staff_only
from employment.models import Employer, EventParticipant, InterviewSlot, TrainingSession
from employment.tests.factories import (
    EmployerFactory,
    EventFactory,
    JobSeekerFactory,
    TrainingCourseFactory,
)

S = Role.SECRETARIAT


def _own_company(city) -> Employer:
    """The approved employer of the city's employer account (get or create)."""
    organization = city.users[Role.EMPLOYER].organization
    return Employer.objects.filter(organization=organization).first() or EmployerFactory(
        local_government=city.lg, organization=organization, name=organization.name
    )


def _event(city):
    event = EventFactory(local_government=city.lg)
    event.employers.add(_own_company(city))
    return event


def _event_kwargs(city) -> dict:
    return {"pk": _event(city).pk}


def _seeker(city):
    return JobSeekerFactory(supporter_organization=city.users[Role.PARTNER].organization)


def _participant_kwargs(city) -> dict:
    event = _event(city)
    participant = EventParticipant.objects.create(
        local_government=city.lg, event=event, seeker=_seeker(city)
    )
    return {"pk": participant.pk}


def _slot_kwargs(city) -> dict:
    event = _event(city)
    start = timezone.make_aware(datetime.datetime(2026, 11, 1, 10, 0))
    slot = InterviewSlot.objects.create(
        local_government=city.lg,
        event=event,
        employer=_own_company(city),
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
    )
    return {"pk": slot.pk}


def _employer_data(city) -> dict:
    return {"employer": _own_company(city).pk}


def _course(city):
    return TrainingCourseFactory(local_government=city.lg)


def _course_kwargs(city) -> dict:
    return {"pk": _course(city).pk}


def _session_kwargs(city) -> dict:
    course = _course(city)
    session = TrainingSession.objects.create(
        local_government=city.lg, course=course, number=1, held_on=course.starts_on
    )
    return {"pk": session.pk}


def _enrollment_kwargs(city) -> dict:
    from employment.models import Enrollment

    enrollment = Enrollment.objects.create(
        local_government=city.lg, course=_course(city), seeker=_seeker(city)
    )
    return {"pk": enrollment.pk}


def _secretariat(**extra):
    return staff_only(S, **extra)


def _secretariat_post(**extra):
    return staff_only(S, ok=REDIRECT, method="post", **extra)


ROWS = {
    # events
    "events:index": staff_only(S, Role.EMPLOYER),
    "events:csv": _secretariat(),
    "events:create": _secretariat(
        post=page_form(succeeds=True, title="合同面接会（架空）", held_on="2026-11-01")
    ),
    "events:summary": staff_only(S, Role.DEPARTMENT),
    "events:summary_csv": staff_only(S, Role.DEPARTMENT),
    "events:summary_xlsx": staff_only(S, Role.DEPARTMENT),
    "events:detail": staff_only(S, Role.EMPLOYER, kwargs=_event_kwargs),
    "events:edit": _secretariat(kwargs=_event_kwargs),
    "events:employer_add": _secretariat(kwargs=_event_kwargs),
    "events:employer_remove": _secretariat_post(kwargs=_event_kwargs, data=_employer_data),
    "events:participant_add": _secretariat(kwargs=_event_kwargs),
    "events:attendance": _secretariat_post(kwargs=_event_kwargs),
    "events:slot_create": _secretariat(kwargs=_event_kwargs),
    "events:hire_create": _secretariat(kwargs=_event_kwargs),
    "events:participant_remove": _secretariat_post(kwargs=_participant_kwargs),
    "events:slot_edit": _secretariat(kwargs=_slot_kwargs),
    "events:slot_delete": _secretariat_post(kwargs=_slot_kwargs),
    # training courses
    "training:index": _secretariat(),
    "training:csv": _secretariat(),
    "training:create": _secretariat(
        post=page_form(
            succeeds=True,
            title="フォークリフト講習（架空）",
            starts_on="2026-11-01",
            ends_on="2026-11-30",
        )
    ),
    "training:detail": _secretariat(kwargs=_course_kwargs),
    "training:edit": _secretariat(kwargs=_course_kwargs),
    "training:sessions_add": _secretariat(kwargs=_course_kwargs),
    "training:enroll": _secretariat(kwargs=_course_kwargs),
    "training:attendance": _secretariat_post(kwargs=_course_kwargs),
    "training:hire_create": _secretariat(kwargs=_course_kwargs),
    "training:session_edit": _secretariat(kwargs=_session_kwargs),
    "training:session_delete": _secretariat_post(kwargs=_session_kwargs),
    "training:enrollment_edit": _secretariat(kwargs=_enrollment_kwargs),
    "training:enrollment_remove": _secretariat_post(kwargs=_enrollment_kwargs),
}
