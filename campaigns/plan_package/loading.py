"""Loading the campaign records of a plan package (docs/campaigns/package.md), all or nothing,
matched by natural key: a year by its 年度, a committee member by year and name, an event by
year, kind, title and day. Loading the same package twice changes nothing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import (
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventParticipation,
)
from campaigns.plan_package.reading import (
    COMMITTEE_FILE,
    EVENTS_FILE,
    FOLDER,
    YEARS_FILE,
    CampaignsPackage,
)
from core import audit
from core.access import has_role
from core.changes import ChangeLog, Source
from core.roles import Role

KEPT_OWN = "not in the package: made in the back office; a load never touches it"


class LoadResult(ChangeLog):
    def summary(self) -> str:
        return (
            f"created {self.counts['created']}, updated {self.counts['updated']}, "
            f"deleted {self.counts['deleted']}, unchanged {self.counts['unchanged']}"
        )


def _source(file: str, what: str, row: int | None = None, label: str = "") -> Source:
    return Source(f"{FOLDER}/{file}", what, row, label)


def may_load(actor, local_government) -> bool:
    return actor is None or (
        has_role(actor, [Role.SECRETARIAT])
        and getattr(actor, "local_government_id", None) == local_government.pk
    )


def _event_key(event: CampaignEvent) -> tuple:
    return (event.campaign.fiscal_year, event.kind, event.title, event.starts_on)


@transaction.atomic
def campaigns_load_package(
    *, local_government, package: CampaignsPackage, actor=None
) -> LoadResult:
    """Load a validated campaigns package into `local_government`: create or update each
    campaign year, make each year's committee the package's (members it no longer lists are
    removed), create or update each event with its participants by kind. Years and events the
    package does not hold are kept; fictional (demo) events are never matched."""
    if not may_load(actor, local_government):
        raise PermissionDenied
    result = LoadResult()
    lg = {"local_government": local_government}

    years: dict[int, CampaignYear] = {
        year.fiscal_year: year for year in CampaignYear.objects.filter(**lg)
    }
    in_package = {row.fiscal_year for row in package.years}
    for row in package.years:
        year = years.get(row.fiscal_year) or CampaignYear(**lg, fiscal_year=row.fiscal_year)
        result.save(
            year,
            {
                "theme": row.theme,
                "slogan": row.slogan,
                "note": row.note,
                "source_note": row.source_note,
            },
            _source(YEARS_FILE, f"campaign year {row.fiscal_year}", row.row, row.theme),
        )
        years[row.fiscal_year] = year
    for fiscal_year in sorted(set(years) - in_package):
        result.keep(_source(YEARS_FILE, f"campaign year {fiscal_year}"), KEPT_OWN)

    members = {
        (m.campaign.fiscal_year, m.name): m
        for m in CommitteeMember.objects.filter(
            **lg, campaign__fiscal_year__in=in_package
        ).select_related("campaign")
    }
    for row in package.members:
        campaign = years[row.fiscal_year]
        member = members.pop((row.fiscal_year, row.name), None) or CommitteeMember(
            **lg, campaign=campaign, name=row.name
        )
        result.save(
            member,
            {"order": row.order, "position": row.position},
            _source(COMMITTEE_FILE, f"member {row.fiscal_year} {row.name}", row.row),
        )
    result.delete(
        members.values(),
        lambda m: _source(COMMITTEE_FILE, f"member {m.campaign.fiscal_year} {m.name}"),
    )

    existing = {
        _event_key(e): e
        for e in CampaignEvent.objects.filter(**lg, is_fictional=False).select_related("campaign")
    }
    held = set()
    for row in package.events:
        event = existing.get(row.key) or CampaignEvent(
            **lg,
            campaign=years[row.fiscal_year],
            kind=row.kind,
            title=row.title,
            starts_on=row.starts_on,
        )
        source = _source(EVENTS_FILE, f"event {row.fiscal_year} {row.title}", row.row, row.kind)
        result.save(
            event,
            {
                "ends_on": row.ends_on,
                "start_time": row.start_time,
                "end_time": row.end_time,
                "place": row.place,
                "organizer": row.organizer,
                "description": row.description,
                "is_public": row.is_public,
                "source_note": row.source_note,
            },
            source,
        )
        held.add(row.key)
        _set_participants(result, event, row.participants, source)
    for key, event in existing.items():
        if key not in held:
            result.keep(_source(EVENTS_FILE, f"event {key[0]} {event.title}"), KEPT_OWN)

    if result.changed:
        audit.record(
            actor=actor,
            action="campaigns.load_package",
            local_government=local_government,
            object_type="campaigns.campaignyear",
            object_label=_("社会を明るくする運動（計画パッケージ）"),
            changes={
                "years": len(package.years),
                "members": len(package.members),
                "events": len(package.events),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "deleted": result.counts["deleted"],
            },
        )
    return result


def _set_participants(result: LoadResult, event, counts: dict[str, int], source) -> None:
    """Make the event's participants by kind the package's (a kind not given: none)."""
    before = {p.kind: p for p in event.participations.all()} if event.pk else {}
    plain_before = {kind: p.count for kind, p in before.items()}
    if plain_before == counts:
        return
    for kind, participation in before.items():
        if kind not in counts:
            participation.delete()
    for kind, count in counts.items():
        participation = before.get(kind)
        if participation is None:
            EventParticipation.objects.create(
                local_government=event.local_government, event=event, kind=kind, count=count
            )
        elif participation.count != count:
            participation.count = count
            participation.save(update_fields=["count"])
    result.field_changed(event, "participants", plain_before, dict(counts), source)
