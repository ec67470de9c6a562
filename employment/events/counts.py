"""Counts of the employment events (企業セミナー, 企業説明会・個別面談会, 就職面接会) and training
courses: per event, per course, and per fiscal year for the plan's progress reports.

Individual records count first. A past event or course whose people were never recorded one
by one carries the figures as reported (`guest_companies`, `guest_participants`,
`reported_hires`; the course's `reported_*`); a reported figure is used only while there are
no individual records of that kind, so nothing is counted twice.

- companies: participating registered employers + `guest_companies`
- participants: registered seekers marked as attended + `guest_participants`
- interviews: interview slots with a seeker, marked as held
- hires: Hire records with the event (or course) set, else `reported_hires`
- an event or course belongs to the fiscal year (April–March) of its date (a course: of its
  first day), and so do its hires, whenever they started.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.wareki import fiscal_year_of
from employment.models import (
    Enrollment,
    Event,
    EventParticipant,
    Hire,
    InterviewSlot,
    TrainingCourse,
    TrainingSession,
)


def _subquery_count(queryset: QuerySet, field: str) -> Coalesce:
    """The number of rows of `queryset` whose `field` is the outer row (0 when none)."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


# --- one event -------------------------------------------------------------------------------


def with_event_counts(events: QuerySet) -> QuerySet:
    """Annotate events with the numbers `event_counts` reads (one query for a whole list)."""
    through = Event.employers.through.objects.all()
    participants = EventParticipant.objects.all()
    slots = InterviewSlot.objects.all()
    return events.annotate(
        n_employers=_subquery_count(through, "event"),
        n_registered=_subquery_count(participants, "event"),
        n_attended=_subquery_count(participants.filter(attended=True), "event"),
        n_slots=_subquery_count(slots, "event"),
        n_booked=_subquery_count(slots.filter(seeker__isnull=False), "event"),
        n_interviews=_subquery_count(slots.filter(seeker__isnull=False, held=True), "event"),
        n_hires=_subquery_count(Hire.objects.all(), "event"),
    )


@dataclass(frozen=True)
class EventCounts:
    registered_companies: int
    guest_companies: int
    registered: int  # seekers registered for the event
    attended: int  # of them, marked as attended
    guest_participants: int
    slots: int
    booked: int
    interviews: int
    hires_recorded: int
    reported_hires: int | None

    @property
    def companies(self) -> int:
        return self.registered_companies + self.guest_companies

    @property
    def participants(self) -> int:
        return self.attended + self.guest_participants

    @property
    def hires(self) -> int:
        if self.hires_recorded or self.reported_hires is None:
            return self.hires_recorded
        return self.reported_hires

    @property
    def hires_are_reported(self) -> bool:
        return not self.hires_recorded and self.reported_hires is not None


def event_counts(event: Event) -> EventCounts:
    """The counts of one event; reads the annotations of `with_event_counts` when present."""
    if not hasattr(event, "n_employers"):
        event = with_event_counts(Event.objects.filter(pk=event.pk)).get()
    return EventCounts(
        registered_companies=event.n_employers,
        guest_companies=event.guest_companies,
        registered=event.n_registered,
        attended=event.n_attended,
        guest_participants=event.guest_participants,
        slots=event.n_slots,
        booked=event.n_booked,
        interviews=event.n_interviews,
        hires_recorded=event.n_hires,
        reported_hires=event.reported_hires,
    )


# --- one course ------------------------------------------------------------------------------


def with_course_counts(courses: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate courses with the numbers `course_counts` reads."""
    today = today or timezone.localdate()
    sessions = TrainingSession.objects.all()
    enrollments = Enrollment.objects.all()
    attendance = Enrollment.attended_sessions.through.objects.all()
    return courses.annotate(
        n_sessions=_subquery_count(sessions, "course"),
        n_sessions_held=_subquery_count(sessions.filter(held_on__lte=today), "course"),
        n_enrolled=_subquery_count(enrollments, "course"),
        n_completed=_subquery_count(enrollments.filter(completed=True), "course"),
        n_certified=_subquery_count(enrollments.filter(certified_on__isnull=False), "course"),
        n_attendances=_subquery_count(
            attendance.filter(trainingsession__held_on__lte=today), "trainingsession__course"
        ),
        n_hires=_subquery_count(Hire.objects.all(), "course"),
    )


@dataclass(frozen=True)
class CourseCounts:
    planned_sessions: int
    sessions_recorded: int  # session rows, held or not
    sessions_held_recorded: int  # of them, on or before today
    enrolled: int
    completed_recorded: int
    certified_recorded: int
    attendances: int  # ticks in the attendance grid for sessions held
    hires_recorded: int
    reported_sessions: int | None
    reported_participants: int | None
    reported_completed: int | None
    reported_certified: int | None
    reported_hires: int | None

    @property
    def is_reported(self) -> bool:
        """No individual people recorded: the figures are the reported ones."""
        return not self.enrolled

    @property
    def sessions(self) -> int:
        if self.sessions_recorded or self.reported_sessions is None:
            return self.sessions_held_recorded
        return self.reported_sessions

    @property
    def participants(self) -> int:
        return self.enrolled if self.enrolled else self.reported_participants or 0

    @property
    def completed(self) -> int:
        return self.completed_recorded if self.enrolled else self.reported_completed or 0

    @property
    def certified(self) -> int:
        return self.certified_recorded if self.enrolled else self.reported_certified or 0

    @property
    def hires(self) -> int:
        if self.hires_recorded or self.reported_hires is None:
            return self.hires_recorded
        return self.reported_hires

    @property
    def attendance_rate(self) -> float | None:
        """Attended / (enrolled × sessions held so far), 0–1; None before anything to count."""
        possible = self.enrolled * self.sessions_held_recorded
        return self.attendances / possible if possible else None


def course_counts(course: TrainingCourse, today: datetime.date | None = None) -> CourseCounts:
    """The counts of one course; reads the annotations of `with_course_counts` when present."""
    if not hasattr(course, "n_sessions"):
        course = with_course_counts(TrainingCourse.objects.filter(pk=course.pk), today).get()
    return CourseCounts(
        planned_sessions=course.planned_sessions,
        sessions_recorded=course.n_sessions,
        sessions_held_recorded=course.n_sessions_held,
        enrolled=course.n_enrolled,
        completed_recorded=course.n_completed,
        certified_recorded=course.n_certified,
        attendances=course.n_attendances,
        hires_recorded=course.n_hires,
        reported_sessions=course.reported_sessions,
        reported_participants=course.reported_participants,
        reported_completed=course.reported_completed,
        reported_certified=course.reported_certified,
        reported_hires=course.reported_hires,
    )


# --- a fiscal year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventTotals:
    events: int = 0
    companies: int = 0
    participants: int = 0
    interviews: int = 0
    hires: int = 0

    def plus(self, counts: EventCounts) -> EventTotals:
        return EventTotals(
            events=self.events + 1,
            companies=self.companies + counts.companies,
            participants=self.participants + counts.participants,
            interviews=self.interviews + counts.interviews,
            hires=self.hires + counts.hires,
        )


@dataclass(frozen=True)
class CourseTotals:
    courses: int = 0
    sessions: int = 0
    participants: int = 0
    completed: int = 0
    certified: int = 0
    hires: int = 0

    def plus(self, counts: CourseCounts) -> CourseTotals:
        return CourseTotals(
            courses=self.courses + 1,
            **{
                name.name: getattr(self, name.name) + getattr(counts, name.name)
                for name in fields(self)
                if name.name != "courses"
            },
        )


@dataclass(frozen=True)
class FiscalYearCounts:
    fiscal_year: int
    seminar: EventTotals
    info_session: EventTotals
    job_fair: EventTotals
    training: CourseTotals

    def by_kind(self, kind: str) -> EventTotals:
        return getattr(self, kind)

    @property
    def is_empty(self) -> bool:
        return not (
            self.seminar.events
            or self.info_session.events
            or self.job_fair.events
            or self.training.courses
        )


def fiscal_year_counts(lg, fiscal_year: int, today: datetime.date | None = None):
    """Return the FiscalYearCounts of local government `lg` for `fiscal_year` (April to
    March): per kind of event the events held, companies, participants, interviews and
    hires; for training courses the sessions held, participants, completed, certified and
    hired. Two queries."""
    first, last = fiscal_year_range(fiscal_year)
    totals = {kind: EventTotals() for kind in Event.Kind.values}
    events = with_event_counts(
        Event.objects.filter(local_government=lg, held_on__range=(first, last))
    )
    for event in events:
        totals[event.kind] = totals[event.kind].plus(event_counts(event))
    training = CourseTotals()
    courses = with_course_counts(
        TrainingCourse.objects.filter(local_government=lg, starts_on__range=(first, last)), today
    )
    for course in courses:
        training = training.plus(course_counts(course, today))
    return FiscalYearCounts(
        fiscal_year=fiscal_year,
        seminar=totals[Event.Kind.SEMINAR],
        info_session=totals[Event.Kind.INFO_SESSION],
        job_fair=totals[Event.Kind.JOB_FAIR],
        training=training,
    )


def fiscal_years_with_records(lg) -> list[int]:
    """The fiscal years in which `lg` held an event or started a course, newest first."""
    days = set(
        Event.objects.filter(local_government=lg)
        .order_by()
        .values_list("held_on", flat=True)
        .distinct()
    )
    days |= set(
        TrainingCourse.objects.filter(local_government=lg)
        .order_by()
        .values_list("starts_on", flat=True)
        .distinct()
    )
    return sorted({fiscal_year_of(day) for day in days}, reverse=True)


# --- figures for a progress report -----------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    unit: str


@dataclass(frozen=True)
class FigureGroup:
    """The figures of one activity, as a progress report's 実績の数値 rows, and the words in
    a measure's headings that mark it as the measure those figures belong to."""

    key: str
    title: str
    figures: list[Figure]
    keywords: tuple[str, ...]

    def matches(self, headings: list[str]) -> bool:
        text = " ".join(headings or [])
        return any(word in text for word in self.keywords)


# Words of a measure's headings (見出し) that name the activity; data, in the plans' language.
KEYWORDS = {
    Event.Kind.SEMINAR: ("セミナー", "協力雇用主制度"),  # i18n-data
    Event.Kind.INFO_SESSION: ("説明会", "面談会", "面接会"),  # i18n-data
    Event.Kind.JOB_FAIR: ("面接会", "説明会"),  # i18n-data
    "training": ("講座", "資格取得", "職業訓練"),  # i18n-data
}


def figure_groups(counts: FiscalYearCounts) -> list[FigureGroup]:
    """The fiscal year's counts as figure rows (項目・値・単位) a progress report can take;
    activities that did not take place that year are left out."""
    groups = []
    times, companies, people, cases = _("回"), _("社"), _("人"), _("件")
    for kind, label in Event.Kind.choices:
        totals = counts.by_kind(kind)
        if not totals.events:
            continue
        rows = [
            Figure(_("%(name)sの開催回数") % {"name": label}, totals.events, times),
            Figure(_("%(name)sの参加企業数") % {"name": label}, totals.companies, companies),
            Figure(_("%(name)sの参加者数") % {"name": label}, totals.participants, people),
        ]
        if kind != Event.Kind.SEMINAR:
            rows.append(Figure(_("%(name)sの面談数") % {"name": label}, totals.interviews, cases))
            rows.append(Figure(_("%(name)sからの就職者数") % {"name": label}, totals.hires, people))
        groups.append(FigureGroup(kind, str(label), rows, KEYWORDS[kind]))
    training = counts.training
    if training.courses:
        groups.append(
            FigureGroup(
                "training",
                _("就労に向けた講座"),
                [
                    Figure(_("講座の実施回数"), training.sessions, times),
                    Figure(_("講座の受講者数"), training.participants, people),
                    Figure(_("講座の修了者数"), training.completed, people),
                    Figure(_("講座の資格取得者数"), training.certified, people),
                    Figure(_("講座の受講者の就職者数"), training.hires, people),
                ],
                KEYWORDS["training"],
            )
        )
    return groups


__all__ = [
    "CourseCounts",
    "CourseTotals",
    "EventCounts",
    "EventTotals",
    "FiscalYearCounts",
    "course_counts",
    "event_counts",
    "figure_groups",
    "fiscal_year_counts",
    "fiscal_years_with_records",
    "with_course_counts",
    "with_event_counts",
]
