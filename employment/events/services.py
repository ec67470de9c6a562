"""Writes of the events (企業セミナー, 企業説明会・個別面談会, 就職面接会): each runs in one
transaction, is done by the secretariat of the event's local government, validates with
messages a person can act on, and writes one audit entry.

Interview slots are never double-booked: an employer has no two overlapping slots and a
seeker is in no two overlapping slots, at any event. The check runs under a row lock on the
employer and the seeker (select_for_update), so two people booking at the same moment cannot
both succeed. Slots that only touch (one ends at 10:30, the next starts at 10:30) do not
overlap.

`outcome_hire_record` records a Hire for an outcome of an event or a training course: the
secretariat's gate in front of employment.seekers.hires.write_hire, which the supporters' path
(employment.seekers.hires.hire_record) uses too."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from employment.events.selectors import is_secretariat
from employment.models import Employer, Event, EventParticipant, Hire, InterviewSlot, JobSeeker
from employment.seekers import hires

EVENT_FIELDS = (
    "kind",
    "title",
    "held_on",
    "held_on_month_only",
    "venue",
    "description",
    "guest_companies",
    "guest_participants",
    "reported_hires",
    "counted_with",
    "note",
)
SLOT_FIELDS = ("employer", "starts_at", "ends_at", "seeker", "held")


def require_secretariat(actor, local_government) -> None:
    """Only the secretariat of the record's body writes here (`actor` None: a command)."""
    if actor is not None and not is_secretariat(actor, local_government):
        raise PermissionDenied


def _time(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _time_range(starts_at: datetime.datetime, ends_at: datetime.datetime) -> str:
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}〜{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}〜{end:%Y-%m-%d %H:%M}"


# --- events ----------------------------------------------------------------------------------


def _apply_event_values(event: Event, values: dict[str, Any]) -> None:
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    event.title = (event.title or "").strip()
    if event.held_on_month_only and event.held_on:
        event.held_on = event.held_on.replace(day=1)
    counted_with = event.counted_with
    if counted_with is not None:
        errors = []
        if counted_with.local_government_id != event.local_government_id:
            errors.append(_("別の団体の催しは選べません。"))
        elif event.pk and counted_with.pk == event.pk:
            errors.append(_("この回自身は選べません。"))
        elif counted_with.counted_with_id is not None:
            errors.append(_("選んだ回も別の回に合算されています。合算先の回を選んでください。"))
        elif counted_with.kind != event.kind:
            errors.append(_("同じ種類の催しを選んでください。"))
        elif event.pk and event.counted_here.exists():
            errors.append(
                _("この回には別の回の数が合算されています。合算をやめてから設定してください。")
            )
        if errors:
            raise ValidationError({"counted_with": errors})
    event.full_clean(exclude=["local_government", "employers"])


@transaction.atomic
def event_create(*, actor, local_government, values: dict[str, Any]) -> Event:
    """Create an event of `local_government` from validated form values."""
    require_secretariat(actor, local_government)
    event = Event(local_government=local_government)
    _apply_event_values(event, values)
    event.save()
    audit.record(
        actor=actor,
        action="employment.event_create",
        local_government=local_government,
        obj=event,
        changes=audit.snapshot(event, EVENT_FIELDS),
    )
    return event


@transaction.atomic
def event_update(*, actor, event: Event, values: dict[str, Any]) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_secretariat(actor, event.local_government)
    before = audit.snapshot(event, EVENT_FIELDS)
    _apply_event_values(event, values)
    event.save()
    changes = audit.diff(before, audit.snapshot(event, EVENT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="employment.event_update",
            local_government=event.local_government,
            obj=event,
            changes=changes,
        )
    return event


@transaction.atomic
def event_employer_add(*, actor, event: Event, employer: Employer) -> None:
    """Add an approved employer of the event's body to its participating companies."""
    require_secretariat(actor, event.local_government)
    if (
        employer.local_government_id != event.local_government_id
        or employer.status != Employer.Status.APPROVED
    ):
        raise ValidationError(
            {"employer": _("この団体の承認済みの協力雇用主だけを参加企業にできます。")}
        )
    if event.employers.filter(pk=employer.pk).exists():
        raise ValidationError(
            {"employer": _("%(name)s はすでに参加企業です。") % {"name": employer.name}}
        )
    event.employers.add(employer)
    audit.record(
        actor=actor,
        action="employment.event_employer_add",
        local_government=event.local_government,
        obj=event,
        changes={"employer": {"before": None, "after": employer.name}},
    )


@transaction.atomic
def event_employer_remove(*, actor, event: Event, employer: Employer) -> None:
    require_secretariat(actor, event.local_government)
    if not event.employers.filter(pk=employer.pk).exists():
        raise ValidationError(
            _("%(name)s はこの催しの参加企業ではありません。") % {"name": employer}
        )
    if InterviewSlot.objects.filter(event=event, employer=employer).exists():
        raise ValidationError(
            _("%(name)s にはこの催しの面談枠があります。先に面談枠を削除してください。")
            % {"name": employer.name}
        )
    if Hire.objects.filter(event=event, employer=employer).exists():
        raise ValidationError(
            _("%(name)s にはこの催しからの就職の記録があるため、外せません。")
            % {"name": employer.name}
        )
    event.employers.remove(employer)
    audit.record(
        actor=actor,
        action="employment.event_employer_remove",
        local_government=event.local_government,
        obj=event,
        changes={"employer": {"before": employer.name, "after": None}},
    )


# --- participants ----------------------------------------------------------------------------


@transaction.atomic
def event_participant_add(*, actor, event: Event, seeker: JobSeeker) -> EventParticipant:
    """Register a seeker of the event's body as a participant."""
    require_secretariat(actor, event.local_government)
    if seeker.local_government_id != event.local_government_id:
        raise ValidationError({"code": _("この団体の求職者だけを登録できます。")})
    if EventParticipant.objects.filter(event=event, seeker=seeker).exists():
        raise ValidationError(
            {
                "code": _("求職者 %(code)s はすでに参加者に登録されています。")
                % {"code": seeker.code}
            }
        )
    participant = EventParticipant.objects.create(
        local_government=event.local_government, event=event, seeker=seeker
    )
    audit.record(
        actor=actor,
        action="employment.event_participant_add",
        local_government=event.local_government,
        obj=event,
        changes={"participant": {"before": None, "after": seeker.code}},
    )
    return participant


@transaction.atomic
def event_participant_remove(*, actor, participant: EventParticipant) -> None:
    event = participant.event
    require_secretariat(actor, event.local_government)
    seeker = participant.seeker
    if InterviewSlot.objects.filter(event=event, seeker=seeker).exists():
        raise ValidationError(
            _("求職者 %(code)s にはこの催しの面談枠が入っています。先に面談枠から外してください。")
            % {"code": seeker.code}
        )
    if Hire.objects.filter(event=event, seeker=seeker).exists():
        raise ValidationError(
            _("求職者 %(code)s にはこの催しからの就職の記録があるため、外せません。")
            % {"code": seeker.code}
        )
    participant.delete()
    audit.record(
        actor=actor,
        action="employment.event_participant_remove",
        local_government=event.local_government,
        obj=event,
        changes={"participant": {"before": seeker.code, "after": None}},
    )


@transaction.atomic
def event_attendance_save(*, actor, event: Event, attended: set[int]) -> int:
    """Mark the participants whose ids are in `attended` as attended and the others as not;
    return how many changed. An id that is not a participant of the event is refused."""
    require_secretariat(actor, event.local_government)
    participants = list(
        EventParticipant.objects.select_for_update().filter(event=event).select_related("seeker")
    )
    unknown = set(attended) - {p.pk for p in participants}
    if unknown:
        raise ValidationError(_("この催しの参加者ではない人が含まれています。"))
    changed = []
    for participant in participants:
        value = participant.pk in attended
        if participant.attended != value:
            participant.attended = value
            changed.append(participant)
    EventParticipant.objects.bulk_update(changed, ["attended"])
    if changed:
        audit.record(
            actor=actor,
            action="employment.event_attendance",
            local_government=event.local_government,
            obj=event,
            changes={
                p.seeker.code: {"before": not p.attended, "after": p.attended} for p in changed
            },
        )
    return len(changed)


# --- interview slots -------------------------------------------------------------------------


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _check_slot(slot: InterviewSlot) -> None:
    """Refuse a slot that is not valid or would double-book its employer or seeker. Runs
    after the employer and seeker rows are locked."""
    event = slot.event
    errors: dict[str, list[str]] = {}
    if slot.starts_at and slot.ends_at and slot.ends_at <= slot.starts_at:
        errors.setdefault("end", []).append(_("終了時刻は開始時刻より後にしてください。"))
    if not event.employers.filter(pk=slot.employer_id).exists():
        errors.setdefault("employer", []).append(
            _("この企業はこの催しの参加企業ではありません。先に参加企業に加えてください。")
        )
    if (
        slot.seeker_id
        and not EventParticipant.objects.filter(event=event, seeker_id=slot.seeker_id).exists()
    ):
        errors.setdefault("seeker_code", []).append(
            _("求職者 %(code)s はこの催しの参加者ではありません。先に参加者に登録してください。")
            % {"code": slot.seeker.code}
        )
    if slot.held and not slot.seeker_id:
        errors.setdefault("held", []).append(
            _("面談した求職者が入っていない枠は「面談を実施した」にできません。")
        )
    if errors:
        raise ValidationError(errors)
    overlapping = InterviewSlot.objects.filter(
        starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
    ).exclude(pk=slot.pk)
    clash = (
        overlapping.filter(employer_id=slot.employer_id)
        .select_related("event")
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        errors.setdefault("start", []).append(
            _(
                "%(employer)s には %(when)s に別の面談枠（%(event)s）があり、時間が重なっています。"
                "重ならない時間にしてください（前の枠の終了時刻ちょうどに始めるのは構いません）。"
            )
            % {
                "employer": slot.employer.name,
                "when": _time_range(clash.starts_at, clash.ends_at),
                "event": clash.event.title,
            }
        )
    if slot.seeker_id:
        clash = (
            overlapping.filter(seeker_id=slot.seeker_id)
            .select_related("employer")
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            errors.setdefault("seeker_code", []).append(
                _(
                    "求職者 %(code)s は %(when)s に別の面談（%(employer)s）が入っていて、"
                    "時間が重なっています。別の枠を選んでください。"
                )
                % {
                    "code": slot.seeker.code,
                    "when": _time_range(clash.starts_at, clash.ends_at),
                    "employer": clash.employer.name,
                }
            )
    if errors:
        raise ValidationError(errors)


def _lock_parties(employer_id: int, seeker_id: int | None) -> None:
    """Lock the employer's and the seeker's rows, always in the same order, so that two
    bookings for either of them wait for each other instead of both passing the check."""
    _lock(Employer, employer_id)
    if seeker_id:
        _lock(JobSeeker, seeker_id)


@transaction.atomic
def slot_create(
    *,
    actor,
    event: Event,
    employer: Employer,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    seeker: JobSeeker | None = None,
) -> InterviewSlot:
    """Add an interview slot of a participating employer (with a seeker, or open)."""
    require_secretariat(actor, event.local_government)
    _lock_parties(employer.pk, seeker.pk if seeker else None)
    slot = InterviewSlot(
        local_government=event.local_government,
        event=event,
        employer=employer,
        starts_at=starts_at,
        ends_at=ends_at,
        seeker=seeker,
    )
    _check_slot(slot)
    slot.save()
    audit.record(
        actor=actor,
        action="employment.slot_create",
        local_government=event.local_government,
        obj=event,
        object_label=f"{event.title} {employer.name} {_time(starts_at)}",
        changes=audit.snapshot(slot, SLOT_FIELDS),
    )
    return slot


@transaction.atomic
def slot_update(
    *,
    actor,
    slot: InterviewSlot,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    seeker: JobSeeker | None,
    held: bool,
) -> InterviewSlot:
    """Move a slot, put a seeker in it or take them out, or mark the interview as held."""
    require_secretariat(actor, slot.local_government)
    _lock_parties(slot.employer_id, seeker.pk if seeker else None)
    slot = (
        InterviewSlot.objects.select_for_update()
        .select_related("event", "employer")
        .get(pk=slot.pk)
    )
    before = audit.snapshot(slot, SLOT_FIELDS)
    slot.starts_at, slot.ends_at, slot.seeker, slot.held = starts_at, ends_at, seeker, held
    _check_slot(slot)
    slot.save()
    changes = audit.diff(before, audit.snapshot(slot, SLOT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="employment.slot_update",
            local_government=slot.local_government,
            obj=slot.event,
            object_label=f"{slot.event.title} {slot.employer.name} {_time(slot.starts_at)}",
            changes=changes,
        )
    return slot


@transaction.atomic
def slot_delete(*, actor, slot: InterviewSlot) -> None:
    require_secretariat(actor, slot.local_government)
    event = slot.event
    before = audit.snapshot(slot, SLOT_FIELDS)
    label = f"{event.title} {slot.employer.name} {_time(slot.starts_at)}"
    slot.delete()
    audit.record(
        actor=actor,
        action="employment.slot_delete",
        local_government=event.local_government,
        obj=event,
        object_label=label,
        changes=before,
    )


# --- outcomes: hires -------------------------------------------------------------------------


@transaction.atomic
def outcome_hire_record(
    *,
    actor,
    seeker: JobSeeker,
    employer: Employer,
    started_on: datetime.date,
    event: Event | None = None,
    course=None,
) -> Hire:
    """Record that `seeker` started work at `employer` on `started_on`, as an outcome of
    `event` or `course`, recorded by the secretariat that ran it (the supporters' path is
    employment.seekers.hires.hire_record; both write through hires.write_hire)."""
    require_secretariat(actor, seeker.local_government)
    return hires.write_hire(
        actor=actor,
        seeker=seeker,
        employer=employer,
        started_on=started_on,
        event=event,
        course=course,
    )


@transaction.atomic
def event_hire_record(
    *, actor, event: Event, seeker: JobSeeker, employer: Employer, started_on: datetime.date
) -> Hire:
    """Record a hire that came out of `event`: the seeker took part, the employer too, and
    the work started on or after the event."""
    require_secretariat(actor, event.local_government)
    errors: dict[str, list[str]] = {}
    if not EventParticipant.objects.filter(event=event, seeker=seeker).exists():
        errors.setdefault("seeker", []).append(
            _("求職者 %(code)s はこの催しの参加者ではありません。") % {"code": seeker.code}
        )
    if not event.employers.filter(pk=employer.pk).exists():
        errors.setdefault("employer", []).append(
            _("%(name)s はこの催しの参加企業ではありません。") % {"name": employer.name}
        )
    if started_on and started_on < event.held_on:
        errors.setdefault("started_on", []).append(
            _("就職日は開催日（%(day)s）以降にしてください。") % {"day": event.held_on.isoformat()}
        )
    if errors:
        raise ValidationError(errors)
    return outcome_hire_record(
        actor=actor, seeker=seeker, employer=employer, started_on=started_on, event=event
    )
