"""Writing the campaign records of a plan package back out (`manage.py export_plan`), in the
format campaigns.plan_package.reading reads (docs/campaigns/package.md)."""

from __future__ import annotations

from pathlib import Path

from django.db.models import F

from campaigns.models import CampaignEvent, CampaignYear, CommitteeMember
from campaigns.plan_package.reading import (
    COMMITTEE_COLUMNS,
    COMMITTEE_FILE,
    EVENT_COLUMNS,
    EVENTS_FILE,
    FOLDER,
    PARTICIPANT_COLUMNS,
    YEAR_COLUMNS,
    YEARS_FILE,
)
from core.package.folder_reader import day_text, number_text, time_text, write_csv, yes_no


def write_campaigns_package(local_government, root: str | Path) -> int:
    """Write the campaign years of `local_government` with their committees and real events
    (fictional ones, from seed_demo or seed_synthetic, are left out, and so is a year that
    holds nothing else) to `root`/campaigns/; return how many records were written, or 0 and
    no folder when there are none."""
    lg = {"local_government": local_government}
    events = list(
        CampaignEvent.objects.filter(**lg, is_fictional=False)
        .select_related("campaign")
        .prefetch_related("participations")
        .order_by("campaign__fiscal_year", F("starts_on").asc(nulls_first=True), "id")
    )
    members = list(
        CommitteeMember.objects.filter(**lg)
        .select_related("campaign")
        .order_by("campaign__fiscal_year", "order", "id")
    )
    real = {e.campaign_id for e in events} | {m.campaign_id for m in members}
    fictional_only = set(
        CampaignYear.objects.filter(**lg, events__is_fictional=True)
        .exclude(pk__in=real)
        .values_list("pk", flat=True)
    )
    years = [
        year
        for year in CampaignYear.objects.filter(**lg).order_by("fiscal_year")
        if year.pk not in fictional_only
    ]
    if not years:
        return 0
    folder = Path(root) / FOLDER
    write_csv(
        folder,
        YEARS_FILE,
        YEAR_COLUMNS,
        [[y.fiscal_year, y.theme, y.slogan, y.note, y.source_note] for y in years],
    )
    if members:
        write_csv(
            folder,
            COMMITTEE_FILE,
            COMMITTEE_COLUMNS,
            [[m.campaign.fiscal_year, m.order, m.name, m.position] for m in members],
        )
    if events:
        rows = []
        for e in events:
            counts = {p.kind: p.count for p in e.participations.all()}
            rows.append(
                [
                    e.campaign.fiscal_year,
                    e.kind,
                    e.title,
                    day_text(e.starts_on),
                    day_text(e.ends_on),
                    time_text(e.start_time),
                    time_text(e.end_time),
                    e.place,
                    e.organizer,
                    e.description,
                    yes_no(e.is_public),
                    *(number_text(counts.get(kind)) for kind in PARTICIPANT_COLUMNS.values()),
                    e.source_note,
                ]
            )
        write_csv(folder, EVENTS_FILE, EVENT_COLUMNS, rows)
    return len(years) + len(members) + len(events)
