"""Writes of the training courses (e.g. 介護職員初任者研修養成講座): the course, its numbered
sessions, enrollments, attendance per session, completion and certification, and hires
after the course. Each runs in one transaction, is done by the secretariat of the course's
local government, and writes one audit entry."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from employment.events.services import outcome_hire_record, require_secretariat
from employment.models import Employer, Enrollment, Hire, JobSeeker, TrainingCourse, TrainingSession

COURSE_FIELDS = (
    "title",
    "provider",
    "certification",
    "starts_on",
    "ends_on",
    "planned_sessions",
    "reported_sessions",
    "reported_participants",
    "reported_completed",
    "reported_certified",
    "reported_hires",
    "note",
)
MAX_SESSIONS = 500


def _apply_course_values(course: TrainingCourse, values: dict[str, Any]) -> None:
    for name in COURSE_FIELDS:
        if name in values:
            setattr(course, name, values[name])
    course.title = (course.title or "").strip()
    errors: dict[str, list[str]] = {}
    if course.ends_on and course.starts_on and course.ends_on < course.starts_on:
        errors["ends_on"] = [_("終了日は開始日と同じか後の日にしてください。")]
    participants = course.reported_participants
    for name, label in (
        ("reported_completed", _("修了者数")),
        ("reported_certified", _("資格取得者数")),
    ):
        value = getattr(course, name)
        if value is not None and participants is not None and value > participants:
            errors[name] = [
                _("%(label)sが受講者数（%(n)s人）を超えています。")
                % {"label": label, "n": participants}
            ]
    if errors:
        raise ValidationError(errors)
    course.full_clean(exclude=["local_government"])


@transaction.atomic
def course_create(*, actor, local_government, values: dict[str, Any]) -> TrainingCourse:
    require_secretariat(actor, local_government)
    course = TrainingCourse(local_government=local_government)
    _apply_course_values(course, values)
    course.save()
    audit.record(
        actor=actor,
        action="employment.course_create",
        local_government=local_government,
        obj=course,
        changes=audit.snapshot(course, COURSE_FIELDS),
    )
    return course


@transaction.atomic
def course_update(*, actor, course: TrainingCourse, values: dict[str, Any]) -> TrainingCourse:
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    require_secretariat(actor, course.local_government)
    before = audit.snapshot(course, COURSE_FIELDS)
    _apply_course_values(course, values)
    course.save()
    changes = audit.diff(before, audit.snapshot(course, COURSE_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="employment.course_update",
            local_government=course.local_government,
            obj=course,
            changes=changes,
        )
    return course


# --- sessions --------------------------------------------------------------------------------


def _check_session_day(course: TrainingCourse, day: datetime.date) -> str | None:
    if day < course.starts_on or (course.ends_on and day > course.ends_on):
        period = (
            course.starts_on.isoformat()
            + "〜"
            + (course.ends_on.isoformat() if course.ends_on else "")
        )
        return _("%(day)s は講座の期間（%(period)s）の外です。") % {
            "day": day.isoformat(),
            "period": period,
        }
    return None


@transaction.atomic
def sessions_add(
    *, actor, course: TrainingCourse, days: list[datetime.date]
) -> list[TrainingSession]:
    """Add sessions on `days` (in date order), numbered after the course's last session."""
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    require_secretariat(actor, course.local_government)
    days = sorted(days)
    problems = [p for p in (_check_session_day(course, day) for day in days) if p]
    if len(set(days)) != len(days):
        problems.append(_("同じ日が2回書かれています。"))
    existing = set(
        TrainingSession.objects.filter(course=course, held_on__in=days).values_list(
            "held_on", flat=True
        )
    )
    problems += [
        _("%(day)s の回はすでにあります。") % {"day": day.isoformat()} for day in sorted(existing)
    ]
    last = TrainingSession.objects.filter(course=course).aggregate(n=Max("number"))["n"] or 0
    if last + len(days) > MAX_SESSIONS:
        problems.append(_("回数は%(max)s回までです。") % {"max": MAX_SESSIONS})
    if problems:
        raise ValidationError({"dates": problems})
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            local_government=course.local_government, course=course, number=last + i, held_on=day
        )
        for i, day in enumerate(days, start=1)
    )
    audit.record(
        actor=actor,
        action="employment.sessions_add",
        local_government=course.local_government,
        obj=course,
        changes={"sessions": [f"{s.number}: {s.held_on.isoformat()}" for s in sessions]},
    )
    return sessions


@transaction.atomic
def session_update(*, actor, session: TrainingSession, held_on: datetime.date) -> TrainingSession:
    session = (
        TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    )
    require_secretariat(actor, session.local_government)
    problem = _check_session_day(session.course, held_on)
    if problem:
        raise ValidationError({"held_on": problem})
    if (
        TrainingSession.objects.filter(course=session.course, held_on=held_on)
        .exclude(pk=session.pk)
        .exists()
    ):
        raise ValidationError({"held_on": _("この日の回はすでにあります。")})
    if held_on > timezone.localdate() and session.attendees.exists():
        raise ValidationError(
            {"held_on": _("出席の記録がある回は、まだ来ていない日に移せません。")}
        )
    before = session.held_on
    session.held_on = held_on
    session.save(update_fields=["held_on"])
    if before != held_on:
        audit.record(
            actor=actor,
            action="employment.session_update",
            local_government=session.local_government,
            obj=session.course,
            changes={f"session {session.number}": {"before": before, "after": held_on}},
        )
    return session


@transaction.atomic
def session_delete(*, actor, session: TrainingSession) -> None:
    """Delete the last session only (numbers stay without gaps); refused if attended."""
    course = TrainingCourse.objects.select_for_update().get(pk=session.course_id)
    require_secretariat(actor, course.local_government)
    last = TrainingSession.objects.filter(course=course).aggregate(n=Max("number"))["n"]
    if session.number != last:
        raise ValidationError(
            _("削除できるのは最後の回（第%(n)s回）だけです。日付を変えるときは編集してください。")
            % {"n": last}
        )
    if session.attendees.exists():
        raise ValidationError(
            _("第%(n)s回には出席の記録があるため削除できません。") % {"n": session.number}
        )
    label = f"{session.number}: {session.held_on.isoformat()}"
    session.delete()
    audit.record(
        actor=actor,
        action="employment.session_delete",
        local_government=course.local_government,
        obj=course,
        changes={"session": {"before": label, "after": None}},
    )


# --- enrollments -----------------------------------------------------------------------------


@transaction.atomic
def enrollment_add(*, actor, course: TrainingCourse, seeker: JobSeeker) -> Enrollment:
    require_secretariat(actor, course.local_government)
    if seeker.local_government_id != course.local_government_id:
        raise ValidationError({"code": _("この団体の求職者だけを登録できます。")})
    if Enrollment.objects.filter(course=course, seeker=seeker).exists():
        raise ValidationError(
            {"code": _("求職者 %(code)s はすでに受講者です。") % {"code": seeker.code}}
        )
    enrollment = Enrollment.objects.create(
        local_government=course.local_government, course=course, seeker=seeker
    )
    audit.record(
        actor=actor,
        action="employment.enrollment_add",
        local_government=course.local_government,
        obj=course,
        changes={"enrollment": {"before": None, "after": seeker.code}},
    )
    return enrollment


@transaction.atomic
def enrollment_update(
    *, actor, enrollment: Enrollment, completed: bool, certified_on: datetime.date | None
) -> Enrollment:
    """Record completion and the date the certificate was obtained."""
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("course", "seeker")
        .get(pk=enrollment.pk)
    )
    require_secretariat(actor, enrollment.local_government)
    errors: dict[str, list[str]] = {}
    if certified_on and not completed:
        errors["certified_on"] = [_("資格取得日を入れるときは「修了」にもチェックしてください。")]
    elif certified_on and certified_on < enrollment.course.starts_on:
        errors["certified_on"] = [_("資格取得日が講座の開始日より前です。")]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(enrollment, ("completed", "certified_on"))
    enrollment.completed, enrollment.certified_on = completed, certified_on
    enrollment.save(update_fields=["completed", "certified_on"])
    changes = audit.diff(before, audit.snapshot(enrollment, ("completed", "certified_on")))
    if changes:
        audit.record(
            actor=actor,
            action="employment.enrollment_update",
            local_government=enrollment.local_government,
            obj=enrollment.course,
            object_label=f"{enrollment.course.title} {enrollment.seeker.code}",
            changes=changes,
        )
    return enrollment


@transaction.atomic
def enrollment_remove(*, actor, enrollment: Enrollment) -> None:
    require_secretariat(actor, enrollment.local_government)
    course, seeker = enrollment.course, enrollment.seeker
    if enrollment.attended_sessions.exists() or enrollment.completed:
        raise ValidationError(
            _("求職者 %(code)s には出席または修了の記録があるため、受講者から外せません。")
            % {"code": seeker.code}
        )
    if Hire.objects.filter(course=course, seeker=seeker).exists():
        raise ValidationError(
            _("求職者 %(code)s にはこの講座の後の就職の記録があるため、外せません。")
            % {"code": seeker.code}
        )
    enrollment.delete()
    audit.record(
        actor=actor,
        action="employment.enrollment_remove",
        local_government=course.local_government,
        obj=course,
        changes={"enrollment": {"before": seeker.code, "after": None}},
    )


@transaction.atomic
def attendance_save(
    *, actor, course: TrainingCourse, marks: set[tuple[int, int]], today=None
) -> int:
    """Make the attendance grid exactly `marks` ((enrollment id, session id) pairs); return
    the number of ticks added or removed. Sessions still to come cannot be ticked."""
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    require_secretariat(actor, course.local_government)
    today = today or timezone.localdate()
    sessions = {s.pk: s for s in TrainingSession.objects.filter(course=course)}
    enrollments = {
        e.pk: e
        for e in Enrollment.objects.filter(course=course)
        .select_related("seeker")
        .prefetch_related("attended_sessions")
    }
    if any(e not in enrollments or s not in sessions for e, s in marks):
        raise ValidationError(_("この講座の受講者・回ではないものが含まれています。"))
    future = sorted({sessions[s].number for _e, s in marks if sessions[s].held_on > today})
    if future:
        raise ValidationError(
            _("まだ実施していない回（第%(numbers)s回）の出席は記録できません。")
            % {"numbers": "・".join(str(n) for n in future)}
        )
    changes: dict[str, dict] = {}
    through = Enrollment.attended_sessions.through
    added, removed = [], []
    for enrollment in enrollments.values():
        have = {s.pk for s in enrollment.attended_sessions.all()}
        want = {s for e, s in marks if e == enrollment.pk}
        for session_id in want - have:
            added.append(through(enrollment_id=enrollment.pk, trainingsession_id=session_id))
        for session_id in have - want:
            removed.append((enrollment.pk, session_id))
        if want != have:
            changes[enrollment.seeker.code] = {
                "before": sorted(sessions[s].number for s in have),
                "after": sorted(sessions[s].number for s in want),
            }
    through.objects.bulk_create(added)
    for enrollment_id, session_id in removed:
        through.objects.filter(enrollment_id=enrollment_id, trainingsession_id=session_id).delete()
    if changes:
        audit.record(
            actor=actor,
            action="employment.attendance_save",
            local_government=course.local_government,
            obj=course,
            changes=changes,
        )
    return len(added) + len(removed)


@transaction.atomic
def course_hire_record(
    *,
    actor,
    course: TrainingCourse,
    seeker: JobSeeker,
    employer: Employer,
    started_on: datetime.date,
) -> Hire:
    """Record a hire after the course: the seeker was enrolled, and started work after the
    course began."""
    require_secretariat(actor, course.local_government)
    errors: dict[str, list[str]] = {}
    if not Enrollment.objects.filter(course=course, seeker=seeker).exists():
        errors["seeker"] = [
            _("求職者 %(code)s はこの講座の受講者ではありません。") % {"code": seeker.code}
        ]
    if started_on and started_on < course.starts_on:
        errors["started_on"] = [
            _("就職日は講座の開始日（%(day)s）以降にしてください。")
            % {"day": course.starts_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    return outcome_hire_record(
        actor=actor, seeker=seeker, employer=employer, started_on=started_on, course=course
    )
