"""Writes of the campaign years, their committees, events and awareness surveys. Each runs in
one transaction, is done by the secretariat of the record's local government, validates with
messages a person can act on, and writes one audit entry.

A change of an event or of its participants recounts 行事参加人数 and 推進大会参加人数 of the
fiscal years it touches (the old date's and the new one's) in the same transaction, through
pdca's audited service (campaigns.events.indicator); the public pages' cache expires."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from campaigns.events.indicator import record_awareness, record_event_indicators
from campaigns.events.selectors import is_secretariat
from campaigns.models import (
    AwarenessSurvey,
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventParticipation,
    ParticipantKind,
)
from core import audit
from core.wareki import fiscal_year_of

YEAR_FIELDS = ("fiscal_year", "theme", "slogan", "note", "source_note")
MEMBER_FIELDS = ("name", "position", "order")
EVENT_FIELDS = (
    "campaign",
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "place",
    "organizer",
    "description",
    "is_public",
    "source_note",
)
SURVEY_FIELDS = ("percent", "sample_size", "source", "surveyed_on", "note")
MAX_PARTICIPANTS = 10_000_000


def require_secretariat(actor, local_government) -> None:
    if not is_secretariat(actor, local_government):
        raise PermissionDenied


# --- years -----------------------------------------------------------------------------------


def _apply(record, fields, values: dict[str, Any]) -> None:
    for name in fields:
        if name in values:
            value = values[name]
            setattr(record, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def campaign_year_create(*, actor, local_government, values: dict[str, Any]) -> CampaignYear:
    require_secretariat(actor, local_government)
    campaign = CampaignYear(local_government=local_government)
    _apply(campaign, YEAR_FIELDS, values)
    if CampaignYear.objects.filter(
        local_government=local_government, fiscal_year=campaign.fiscal_year
    ).exists():
        raise ValidationError({"fiscal_year": _("この年度の運動はもう登録されています。")})
    campaign.full_clean(exclude=["local_government"])
    campaign.save()
    audit.record(
        actor=actor,
        action="campaigns.campaign_year_create",
        local_government=local_government,
        obj=campaign,
        changes=audit.snapshot(campaign, YEAR_FIELDS),
    )
    local_government.bump_content_revision()
    return campaign


@transaction.atomic
def campaign_year_update(*, actor, campaign: CampaignYear, values: dict[str, Any]) -> CampaignYear:
    campaign = CampaignYear.objects.select_for_update().get(pk=campaign.pk)
    require_secretariat(actor, campaign.local_government)
    before = audit.snapshot(campaign, YEAR_FIELDS)
    # the fiscal year is the year's identity: its events stay where they are
    _apply(campaign, [f for f in YEAR_FIELDS if f != "fiscal_year"], values)
    campaign.full_clean(exclude=["local_government"])
    campaign.save()
    changes = audit.diff(before, audit.snapshot(campaign, YEAR_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="campaigns.campaign_year_update",
            local_government=campaign.local_government,
            obj=campaign,
            changes=changes,
        )
        campaign.local_government.bump_content_revision()
    return campaign


# --- committee -------------------------------------------------------------------------------


@transaction.atomic
def committee_member_add(*, actor, campaign: CampaignYear, values: dict[str, Any]):
    require_secretariat(actor, campaign.local_government)
    last = CommitteeMember.objects.filter(campaign=campaign).aggregate(m=Max("order"))["m"]
    member = CommitteeMember(
        local_government=campaign.local_government,
        campaign=campaign,
        order=0 if last is None else last + 1,
    )
    _apply(member, ("name", "position"), values)
    member.full_clean(exclude=["local_government", "campaign"])
    member.save()
    audit.record(
        actor=actor,
        action="campaigns.committee_member_add",
        local_government=campaign.local_government,
        obj=member,
        changes=audit.snapshot(member, MEMBER_FIELDS),
    )
    return member


@transaction.atomic
def committee_member_update(*, actor, member: CommitteeMember, values: dict[str, Any]):
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    require_secretariat(actor, member.local_government)
    before = audit.snapshot(member, MEMBER_FIELDS)
    _apply(member, ("name", "position"), values)
    member.full_clean(exclude=["local_government", "campaign"])
    member.save()
    changes = audit.diff(before, audit.snapshot(member, MEMBER_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="campaigns.committee_member_update",
            local_government=member.local_government,
            obj=member,
            changes=changes,
        )
    return member


@transaction.atomic
def committee_member_move(*, actor, member: CommitteeMember, up: bool) -> bool:
    """Move a member one place up or down the list; False when it is already at that end."""
    require_secretariat(actor, member.local_government)
    ordered = list(
        CommitteeMember.objects.select_for_update()
        .filter(campaign_id=member.campaign_id)
        .order_by("order", "id")
    )
    index = next(i for i, m in enumerate(ordered) if m.pk == member.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.order = position
    CommitteeMember.objects.bulk_update(ordered, ["order"])
    audit.record(
        actor=actor,
        action="campaigns.committee_member_move",
        local_government=member.local_government,
        obj=member,
        changes={"order": {"before": index, "after": other}},
    )
    return True


@transaction.atomic
def committee_member_remove(*, actor, member: CommitteeMember) -> None:
    require_secretariat(actor, member.local_government)
    audit.record(
        actor=actor,
        action="campaigns.committee_member_remove",
        local_government=member.local_government,
        obj=member,
        changes={"name": {"before": member.name, "after": None}},
    )
    member.delete()


# --- events ----------------------------------------------------------------------------------


def _event_snapshot(event: CampaignEvent) -> dict[str, Any]:
    """The audit snapshot of an event (times as HH:MM: the audit log stores plain JSON)."""
    values = audit.snapshot(event, EVENT_FIELDS)
    for name in ("start_time", "end_time"):
        if values[name] is not None:
            values[name] = values[name].strftime("%H:%M")
    return values


def _check_participants(participants: dict[str, int | None]) -> dict[str, int]:
    cleaned = {}
    for kind, count in participants.items():
        if kind not in ParticipantKind.values:
            raise ValidationError(_("参加者の区分が正しくありません。"))
        if count is None:
            continue
        if not 0 <= count <= MAX_PARTICIPANTS:
            raise ValidationError({"participants": _("参加者数は0以上で入力してください。")})
        cleaned[kind] = count
    return cleaned


def _apply_event(event: CampaignEvent, values: dict[str, Any]) -> None:
    _apply(event, EVENT_FIELDS, values)
    errors = {}
    if event.campaign_id and event.campaign.local_government_id != event.local_government_id:
        errors["campaign"] = _("別の団体の年度は選べません。")
    if event.ends_on and event.starts_on and event.ends_on < event.starts_on:
        errors["ends_on"] = _("終了日は開催日と同じか、それより後にしてください。")
    if event.ends_on and not event.starts_on:
        errors["starts_on"] = _("終了日を入れるときは開催日も入力してください。")
    if (
        event.start_time
        and event.end_time
        and event.end_time <= event.start_time
        and (not event.ends_on or event.ends_on == event.starts_on)
    ):
        errors["end_time"] = _("終了時刻は開始時刻より後にしてください。")
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["local_government", "created_by"])


def _save_participants(event: CampaignEvent, counts: dict[str, int]) -> dict:
    """Replace the event's participants by kind; return the audit changes."""
    existing = {p.kind: p for p in EventParticipation.objects.filter(event=event)}
    changes = {}
    for kind in ParticipantKind.values:
        before = existing[kind].count if kind in existing else None
        after = counts.get(kind)
        if before == after:
            continue
        changes[f"participants.{kind}"] = {"before": before, "after": after}
        if after is None:
            existing[kind].delete()
        elif kind in existing:
            existing[kind].count = after
            existing[kind].save(update_fields=["count"])
        else:
            EventParticipation.objects.create(
                local_government=event.local_government, event=event, kind=kind, count=after
            )
    return changes


def _recount(*, actor, local_government, dates) -> None:
    for fiscal_year in sorted({fiscal_year_of(day) for day in dates if day}):
        record_event_indicators(
            actor=actor, local_government=local_government, fiscal_year=fiscal_year
        )


@transaction.atomic
def event_create(
    *, actor, local_government, values: dict[str, Any], participants: dict[str, int | None]
) -> CampaignEvent:
    """Create an event with its participants by kind; recount the indicators of its year."""
    require_secretariat(actor, local_government)
    counts = _check_participants(participants)
    event = CampaignEvent(local_government=local_government, created_by=actor)
    _apply_event(event, values)
    event.save()
    changes = _event_snapshot(event)
    changes.update({k: v["after"] for k, v in _save_participants(event, counts).items()})
    audit.record(
        actor=actor,
        action="campaigns.event_create",
        local_government=local_government,
        obj=event,
        changes=changes,
    )
    _recount(actor=actor, local_government=local_government, dates=[event.starts_on])
    local_government.bump_content_revision()
    return event


@transaction.atomic
def event_update(
    *, actor, event: CampaignEvent, values: dict[str, Any], participants: dict[str, int | None]
) -> CampaignEvent:
    event = CampaignEvent.objects.select_for_update().get(pk=event.pk)
    require_secretariat(actor, event.local_government)
    counts = _check_participants(participants)
    before = _event_snapshot(event)
    old_date = event.starts_on
    _apply_event(event, values)
    event.save()
    changes = audit.diff(before, _event_snapshot(event))
    changes.update(_save_participants(event, counts))
    if changes:
        audit.record(
            actor=actor,
            action="campaigns.event_update",
            local_government=event.local_government,
            obj=event,
            changes=changes,
        )
        _recount(
            actor=actor,
            local_government=event.local_government,
            dates=[old_date, event.starts_on],
        )
        event.local_government.bump_content_revision()
    return event


@transaction.atomic
def event_delete(*, actor, event: CampaignEvent) -> None:
    event = CampaignEvent.objects.select_for_update().get(pk=event.pk)
    require_secretariat(actor, event.local_government)
    local_government, day = event.local_government, event.starts_on
    audit.record(
        actor=actor,
        action="campaigns.event_delete",
        local_government=local_government,
        obj=event,
        changes={"title": {"before": event.title, "after": None}},
    )
    event.delete()
    _recount(actor=actor, local_government=local_government, dates=[day])
    local_government.bump_content_revision()


# --- 市民の認知度 -------------------------------------------------------------------------------


@transaction.atomic
def awareness_survey_save(
    *, actor, local_government, fiscal_year: int, values: dict[str, Any]
) -> AwarenessSurvey:
    """Record (or correct) the survey of `fiscal_year` and write 市民の認知度 from it."""
    require_secretariat(actor, local_government)
    survey = (
        AwarenessSurvey.objects.select_for_update()
        .filter(local_government=local_government, fiscal_year=fiscal_year)
        .first()
    )
    before = audit.snapshot(survey, SURVEY_FIELDS) if survey else {}
    if survey is None:
        survey = AwarenessSurvey(local_government=local_government, fiscal_year=fiscal_year)
    _apply(survey, SURVEY_FIELDS, values)
    errors = {}
    if survey.percent is not None and not 0 <= survey.percent <= 100:
        errors["percent"] = _("認知度は0〜100の数で入力してください。")
    if survey.sample_size is not None and survey.sample_size < 1:
        errors["sample_size"] = _("回答者数は1以上で入力してください。")
    if errors:
        raise ValidationError(errors)
    survey.full_clean(exclude=["local_government"])
    survey.save()
    changes = audit.diff(before, audit.snapshot(survey, SURVEY_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="campaigns.awareness_survey_save",
            local_government=local_government,
            obj=survey,
            changes=changes,
        )
    record_awareness(actor=actor, survey=survey)
    return survey
