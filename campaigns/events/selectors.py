"""Reads of the campaign years, committees and events, scoped by the user (deny by default).

- The secretariat sees and keeps every year, member and event of its own local government.
- The city's departments read them (the results go into their progress reports), write nothing.
- Nobody else sees anything here; another body's record is a 404.
- The public sees the body's public events only (`public_events`), never a note or a source.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from campaigns.models import (
    AwarenessSurvey,
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventKind,
    EventParticipation,
    ParticipantKind,
)
from core.access import has_role
from core.roles import Role
from core.wareki import fiscal_year_of

READ_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT)


def is_secretariat(user, local_government=None) -> bool:
    if not has_role(user, [Role.SECRETARIAT]) or user.local_government_id is None:
        return False
    return local_government is None or user.local_government_id == local_government.pk


def _body_id(user) -> int:
    if not has_role(user, READ_ROLES) or user.local_government_id is None:
        raise Http404
    return user.local_government_id


def _participants_total():
    """A subquery: the participants of the outer event (0 without any)."""
    totals = (
        EventParticipation.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(totals, output_field=IntegerField()), Value(0))


# --- years -----------------------------------------------------------------------------------


def years(user) -> QuerySet:
    """The body's campaign years, newest first, with their events and participants."""
    participants = (
        EventParticipation.objects.filter(event__campaign=OuterRef("pk"))
        .order_by()
        .values("event__campaign")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return (
        CampaignYear.objects.filter(local_government_id=_body_id(user))
        .annotate(
            event_count=Count("events", distinct=True),
            participants=Coalesce(Subquery(participants, output_field=IntegerField()), Value(0)),
        )
        .order_by("-fiscal_year")
    )


def year_for(user, pk: int) -> CampaignYear:
    return get_object_or_404(CampaignYear.objects.filter(local_government_id=_body_id(user)), pk=pk)


def year_for_secretariat(user, pk: int) -> CampaignYear:
    if not is_secretariat(user):
        raise Http404
    return year_for(user, pk)


def members(campaign: CampaignYear) -> QuerySet:
    return CommitteeMember.objects.filter(campaign=campaign).order_by("order", "id")


def member_for_secretariat(user, pk: int) -> CommitteeMember:
    if not is_secretariat(user):
        raise Http404
    return get_object_or_404(
        CommitteeMember.objects.select_related("campaign").filter(
            local_government_id=user.local_government_id
        ),
        pk=pk,
    )


# --- events ----------------------------------------------------------------------------------

SORTS = {
    "starts_on": ["starts_on", "id"],
    "-starts_on": ["-starts_on", "-id"],
    "title": ["title", "id"],
    "kind": ["kind", "-starts_on", "id"],
    "-participants": ["-participants", "-starts_on", "id"],
}


def event_list(
    user, *, campaign: CampaignYear | None = None, kind: str = "", sort: str = "-starts_on"
) -> QuerySet:
    events = CampaignEvent.objects.filter(local_government_id=_body_id(user))
    if campaign is not None:
        events = events.filter(campaign=campaign)
    if kind:
        events = events.filter(kind=kind)
    order = SORTS.get(sort, SORTS["-starts_on"])
    return (
        events.select_related("campaign")
        .annotate(participants=_participants_total())
        .order_by(*order)
    )


def event_for(user, pk: int) -> CampaignEvent:
    return get_object_or_404(
        CampaignEvent.objects.filter(local_government_id=_body_id(user))
        .select_related("campaign", "created_by")
        .annotate(participants=_participants_total()),
        pk=pk,
    )


def event_for_secretariat(user, pk: int) -> CampaignEvent:
    if not is_secretariat(user):
        raise Http404
    return event_for(user, pk)


def participations(event: CampaignEvent) -> dict[str, int]:
    """The event's participants by kind (kind → count)."""
    return dict(EventParticipation.objects.filter(event=event).values_list("kind", "count"))


# --- results of a year -----------------------------------------------------------------------


@dataclass
class ResultRow:
    kind: str
    label: str
    events: int = 0
    by_participant: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_participant.values())

    def cells(self) -> list[int]:
        return [self.by_participant.get(kind, 0) for kind in ParticipantKind.values]


@dataclass
class Results:
    campaign: CampaignYear
    rows: list[ResultRow]
    totals: ResultRow
    undated: int  # events of the year without a date (counted in no fiscal year's indicator)


def results(campaign: CampaignYear) -> Results:
    """The year's participants by event kind and participant kind, with totals (3 queries)."""
    rows = {kind: ResultRow(kind, label) for kind, label in EventKind.choices}
    events = CampaignEvent.objects.filter(campaign=campaign)
    for kind, count in events.order_by().values_list("kind").annotate(n=Count("id")):
        rows[kind].events = count
    cells = (
        EventParticipation.objects.filter(event__campaign=campaign)
        .order_by()
        .values_list("event__kind", "kind")
        .annotate(n=Sum("count"))
    )
    totals = ResultRow("", "")
    for event_kind, participant_kind, count in cells:
        rows[event_kind].by_participant[participant_kind] = count
        totals.by_participant[participant_kind] = (
            totals.by_participant.get(participant_kind, 0) + count
        )
    totals.events = sum(row.events for row in rows.values())
    return Results(
        campaign=campaign,
        rows=[row for row in rows.values() if row.events],
        totals=totals,
        undated=events.filter(starts_on=None).count(),
    )


# --- awareness surveys -----------------------------------------------------------------------


def surveys(user) -> QuerySet:
    return AwarenessSurvey.objects.filter(local_government_id=_body_id(user)).order_by(
        "-fiscal_year"
    )


# --- the public page -------------------------------------------------------------------------

UPCOMING_LIMIT = 100
PAST_YEARS = 3


@dataclass
class PublicEvents:
    upcoming: list[CampaignEvent]
    past_years: list[tuple[CampaignYear, list[CampaignEvent]]]
    years: list[CampaignYear]  # every year with public events, newest first (for the links)
    current: CampaignYear | None  # the year whose theme the page shows first


def _public(local_government) -> QuerySet:
    return CampaignEvent.objects.filter(local_government=local_government, is_public=True)


def public_events(local_government, *, today: datetime.date, year: int | None = None):
    """The body's public events: the upcoming ones (from today, soonest first), then the past
    ones grouped by campaign year, newest first (the newest PAST_YEARS years, or `year` only).
    A fixed number of queries whatever the number of events."""
    upcoming = list(
        _public(local_government)
        .filter(starts_on__gte=today)
        .select_related("campaign")
        .order_by("starts_on", "start_time", "id")[:UPCOMING_LIMIT]
    )
    public_years = list(
        CampaignYear.objects.filter(local_government=local_government, events__is_public=True)
        .distinct()
        .order_by("-fiscal_year")
    )
    shown = [y for y in public_years if y.fiscal_year == year] if year else public_years
    shown = shown[:PAST_YEARS]
    past = (
        _public(local_government)
        .filter(campaign__in=[y.pk for y in shown])
        .filter(starts_on__lt=today)
        .order_by("-starts_on", "id")
    )
    by_year: dict[int, list[CampaignEvent]] = {y.pk: [] for y in shown}
    for event in past:
        by_year[event.campaign_id].append(event)
    this_year = fiscal_year_of(today)
    current = next((y for y in public_years if y.fiscal_year <= this_year), None)
    if current is None and public_years:
        current = public_years[-1]  # only future years: the soonest
    return PublicEvents(
        upcoming=upcoming,
        past_years=[(y, by_year[y.pk]) for y in shown if by_year[y.pk]],
        years=public_years,
        current=current,
    )


def feed_events(local_government, *, since: datetime.date, limit: int = 500) -> list:
    """The public events of the iCalendar feed: from `since` on, soonest first."""
    return list(
        _public(local_government)
        .filter(starts_on__gte=since)
        .order_by("starts_on", "start_time", "id")[:limit]
    )
