"""Reads of the events and training courses, scoped by the user (deny by default).

- The secretariat sees every event and course of its own local government, with the people.
- An employer account sees only the events its company takes part in, and in them only its
  own interview slots, with no more about a seeker than the seeker's code.
- The city's departments see only the yearly counts (no people), to copy into progress reports.
- Nobody else sees anything here; another body's record is a 404.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.access import has_role
from core.roles import Role
from employment.access import employer_of
from employment.events.counts import fiscal_year_range, with_course_counts, with_event_counts
from employment.models import (
    Employer,
    Enrollment,
    Event,
    EventParticipant,
    InterviewSlot,
    JobSeeker,
    TrainingCourse,
    TrainingSession,
)

SUMMARY_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT)


def is_secretariat(user, local_government=None) -> bool:
    if not has_role(user, [Role.SECRETARIAT]) or user.local_government_id is None:
        return False
    return local_government is None or user.local_government_id == local_government.pk


def employer_or_none(user) -> Employer | None:
    """The approved employer an employer account works for, or None."""
    if not has_role(user, [Role.EMPLOYER]):
        return None
    try:
        return employer_of(user)
    except Http404:
        return None


# --- events ----------------------------------------------------------------------------------


def visible_events(user) -> QuerySet:
    """The events the user may open: the secretariat's body's all, an employer's its own."""
    if is_secretariat(user):
        return Event.objects.filter(local_government_id=user.local_government_id)
    employer = employer_or_none(user)
    if employer is not None:
        return Event.objects.filter(
            local_government_id=employer.local_government_id, employers=employer
        )
    return Event.objects.none()


def event_list(user, *, kind: str = "", fiscal_year: int | None = None, sort: str = "-held_on"):

    events = visible_events(user)
    if kind:
        events = events.filter(kind=kind)
    if fiscal_year:
        events = events.filter(held_on__range=fiscal_year_range(fiscal_year))
    order = {
        "held_on": ["held_on", "id"],
        "-held_on": ["-held_on", "-id"],
        "title": ["title", "id"],
        "kind": ["kind", "-held_on", "id"],
    }.get(sort, ["-held_on", "-id"])
    return with_event_counts(events.select_related("counted_with")).order_by(*order)


def event_for(user, pk: int) -> Event:
    """An event the user may open, with its counts annotated; 404 otherwise."""
    return get_object_or_404(
        with_event_counts(visible_events(user).select_related("counted_with")), pk=pk
    )


def event_for_secretariat(user, pk: int) -> Event:
    if not is_secretariat(user):
        raise Http404
    return event_for(user, pk)


def event_employers(event: Event) -> QuerySet:
    return event.employers.order_by("name_kana", "name", "id")


def addable_employers(event: Event) -> QuerySet:
    """Approved employers of the event's local government not yet taking part."""
    return (
        Employer.objects.filter(
            local_government_id=event.local_government_id, status=Employer.Status.APPROVED
        )
        .exclude(events=event)
        .order_by("name_kana", "name", "id")
    )


def event_participants(event: Event) -> QuerySet:
    return (
        EventParticipant.objects.filter(event=event)
        .select_related("seeker", "seeker__supporter_organization")
        .order_by("seeker__code", "id")
    )


def event_slots(event: Event, employer: Employer | None = None) -> QuerySet:
    slots = InterviewSlot.objects.filter(event=event).select_related("employer", "seeker")
    if employer is not None:
        slots = slots.filter(employer=employer)
    return slots.order_by("starts_at", "employer__name", "id")


def slot_for_secretariat(user, pk: int) -> InterviewSlot:
    if not is_secretariat(user):
        raise Http404
    return get_object_or_404(
        InterviewSlot.objects.filter(local_government_id=user.local_government_id).select_related(
            "event", "employer", "seeker"
        ),
        pk=pk,
    )


def participant_for_secretariat(user, pk: int) -> EventParticipant:
    if not is_secretariat(user):
        raise Http404
    return get_object_or_404(
        EventParticipant.objects.filter(
            local_government_id=user.local_government_id
        ).select_related("event", "seeker"),
        pk=pk,
    )


def event_hires(event: Event) -> QuerySet:
    return event.hires.select_related("seeker", "employer").order_by("started_on", "id")


def seeker_by_code(local_government, code: str) -> JobSeeker | None:
    code = (code or "").strip()
    if not code:
        return None
    return JobSeeker.objects.filter(local_government=local_government, code=code).first()


# --- training courses ------------------------------------------------------------------------


def visible_courses(user) -> QuerySet:
    if is_secretariat(user):
        return TrainingCourse.objects.filter(local_government_id=user.local_government_id)
    return TrainingCourse.objects.none()


def course_list(user, *, fiscal_year: int | None = None, sort: str = "-starts_on"):

    courses = visible_courses(user)
    if fiscal_year:
        courses = courses.filter(starts_on__range=fiscal_year_range(fiscal_year))
    order = {
        "starts_on": ["starts_on", "id"],
        "-starts_on": ["-starts_on", "-id"],
        "title": ["title", "id"],
    }.get(sort, ["-starts_on", "-id"])
    return with_course_counts(courses).order_by(*order)


def course_for(user, pk: int) -> TrainingCourse:
    return get_object_or_404(with_course_counts(visible_courses(user)), pk=pk)


def course_sessions(course: TrainingCourse) -> list[TrainingSession]:
    return list(TrainingSession.objects.filter(course=course).order_by("number"))


def course_enrollments(course: TrainingCourse) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(course=course)
        .select_related("seeker")
        .prefetch_related(
            Prefetch("attended_sessions", queryset=TrainingSession.objects.only("id"))
        )
        .order_by("seeker__code", "id")
    )


def session_for(user, pk: int) -> TrainingSession:
    if not is_secretariat(user):
        raise Http404
    return get_object_or_404(
        TrainingSession.objects.filter(local_government_id=user.local_government_id).select_related(
            "course"
        ),
        pk=pk,
    )


def enrollment_for(user, pk: int) -> Enrollment:
    if not is_secretariat(user):
        raise Http404
    return get_object_or_404(
        Enrollment.objects.filter(local_government_id=user.local_government_id).select_related(
            "course", "seeker"
        ),
        pk=pk,
    )


def course_hires(course: TrainingCourse) -> QuerySet:
    return course.hires.select_related("seeker", "employer").order_by("started_on", "id")


def approved_employers(local_government) -> QuerySet:
    return Employer.objects.filter(
        local_government=local_government, status=Employer.Status.APPROVED
    ).order_by("name_kana", "name", "id")
