"""The campaign records of a plan package (`<package>/campaigns/`, docs/campaigns/package.md):
the years of 社会を明るくする運動 (theme, slogan), each year's committee, and its events with
their participants by kind.

`read_campaigns_package` reads and validates every file without touching the database and
raises CampaignsPackageInvalid listing each problem with its file, row and column."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from campaigns.models import (
    CampaignEvent,
    CampaignYear,
    CommitteeMember,
    EventKind,
    ParticipantKind,
)
from core.package.csv_files import PackageInvalid
from core.package.folder_reader import FolderReader

FOLDER = "campaigns"
YEARS_FILE = "years.csv"
COMMITTEE_FILE = "committee.csv"
EVENTS_FILE = "events.csv"
FILES = (YEARS_FILE, COMMITTEE_FILE, EVENTS_FILE)

YEAR_COLUMNS = ["fiscal_year", "theme", "slogan", "note", "source_note"]
COMMITTEE_COLUMNS = ["fiscal_year", "order", "name", "position"]
PARTICIPANT_COLUMNS = {f"participants_{kind}": kind for kind in ParticipantKind.values}
EVENT_COLUMNS = [
    "fiscal_year",
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
    *PARTICIPANT_COLUMNS,
    "source_note",
]
FIRST_YEAR, LAST_YEAR = 1950, 2100


class CampaignsPackageInvalid(PackageInvalid):
    """The files have problems; `errors` lists each with its file, row and column. Nothing
    was written."""


@dataclass
class YearRow:
    row: int
    fiscal_year: int
    theme: str
    slogan: str
    note: str
    source_note: str


@dataclass
class MemberRow:
    row: int
    fiscal_year: int
    order: int
    name: str
    position: str


@dataclass
class EventRow:
    row: int
    fiscal_year: int
    kind: str
    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    organizer: str
    description: str
    is_public: bool
    participants: dict[str, int]  # ParticipantKind value -> count; a kind not given is absent
    source_note: str

    @property
    def key(self) -> tuple:
        return (self.fiscal_year, self.kind, self.title, self.starts_on)


@dataclass
class CampaignsPackage:
    years: list[YearRow]
    members: list[MemberRow]
    events: list[EventRow]

    def summary(self) -> str:
        return (
            f"{len(self.years)} campaign years, {len(self.members)} committee members, "
            f"{len(self.events)} campaign events"
        )


def fiscal_year_of(day: datetime.date) -> int:
    """The 年度 (April–March) of `day`."""
    return day.year if day.month >= 4 else day.year - 1


def read_campaigns_package(path: str | Path, plan=None) -> CampaignsPackage | None:
    """Read and validate the campaign records of the plan package at `path` (None when it has
    no `campaigns/` folder); raise CampaignsPackageInvalid with every problem."""
    root = Path(path) / FOLDER
    if not root.is_dir():
        return None
    reader = FolderReader(root, FOLDER)
    if not (root / YEARS_FILE).is_file():
        reader.error(YEARS_FILE, None, "", _("ファイルがありません。"))
    years = _read_years(reader)
    known = {row.fiscal_year for row in years}
    package = CampaignsPackage(
        years=years,
        members=_read_members(reader, known),
        events=_read_events(reader, known),
    )
    if reader.errors:
        raise CampaignsPackageInvalid(reader.errors)
    return package


def _fiscal_year(reader, file, row, cells, known: set[int] | None) -> int | None:
    year = reader.count(
        file, row, "fiscal_year", cells["fiscal_year"], minimum=FIRST_YEAR, maximum=LAST_YEAR
    )
    if year is not None and known is not None and year not in known:
        reader.error(
            file,
            row,
            "fiscal_year",
            _("%(year)s年度は years.csv にありません。") % {"year": year},
        )
        return None
    return year


def _read_years(reader: FolderReader) -> list[YearRow]:
    file = YEARS_FILE
    rows: list[YearRow] = []
    seen: dict[int, int] = {}
    for number, cells in reader.rows(file, YEAR_COLUMNS):
        if not reader.required(file, number, cells, "fiscal_year"):
            continue
        for column in ("theme", "slogan", "source_note"):
            reader.length(file, number, column, cells[column], CampaignYear, column)
        year = _fiscal_year(reader, file, number, cells, None)
        if year is None:
            continue
        if reader.duplicate(
            file, number, "fiscal_year", year, seen, _("%(year)s年度") % {"year": year}
        ):
            continue
        rows.append(
            YearRow(
                row=number,
                fiscal_year=year,
                theme=cells["theme"],
                slogan=cells["slogan"],
                note=cells["note"],
                source_note=cells["source_note"],
            )
        )
    return rows


def _read_members(reader: FolderReader, known: set[int]) -> list[MemberRow]:
    file = COMMITTEE_FILE
    rows: list[MemberRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in reader.rows(file, COMMITTEE_COLUMNS):
        if not reader.required(file, number, cells, "fiscal_year", "order", "name"):
            continue
        for column in ("name", "position"):
            reader.length(file, number, column, cells[column], CommitteeMember, column)
        year = _fiscal_year(reader, file, number, cells, known)
        order = reader.count(file, number, "order", cells["order"], maximum=32767)
        if year is None or order is None:
            continue
        if reader.duplicate(file, number, "name", (year, cells["name"]), seen, cells["name"]):
            continue
        rows.append(
            MemberRow(
                row=number,
                fiscal_year=year,
                order=order,
                name=cells["name"],
                position=cells["position"],
            )
        )
    return rows


def _read_events(reader: FolderReader, known: set[int]) -> list[EventRow]:
    file = EVENTS_FILE
    rows: list[EventRow] = []
    seen: dict[tuple, int] = {}
    for number, cells in reader.rows(file, EVENT_COLUMNS):
        if not reader.required(file, number, cells, "fiscal_year", "kind", "title"):
            continue
        reader.choice(file, number, "kind", cells["kind"], list(EventKind.values))
        for column in ("title", "place", "organizer", "source_note"):
            reader.length(file, number, column, cells[column], CampaignEvent, column)
        year = _fiscal_year(reader, file, number, cells, known)
        starts = reader.date(file, number, "starts_on", cells["starts_on"])
        ends = reader.date(file, number, "ends_on", cells["ends_on"])
        start_time = reader.time(file, number, "start_time", cells["start_time"])
        end_time = reader.time(file, number, "end_time", cells["end_time"])
        if year is not None and starts is not None and fiscal_year_of(starts) != year:
            reader.error(
                file,
                number,
                "starts_on",
                _("開催日が%(year)s年度（4月〜翌年3月）の外です。") % {"year": year},
            )
        if ends is not None and starts is None:
            reader.error(file, number, "ends_on", _("終了日だけを書くことはできません。"))
        if starts and ends and ends < starts:
            reader.error(file, number, "ends_on", _("終了日が開催日より前です。"))
        if end_time and not start_time:
            reader.error(file, number, "end_time", _("終了時刻だけを書くことはできません。"))
        same_day = ends is None or ends == starts
        if start_time and end_time and same_day and end_time < start_time:
            reader.error(file, number, "end_time", _("終了時刻が開始時刻より前です。"))
        participants = {}
        for column, kind in PARTICIPANT_COLUMNS.items():
            count = reader.count(file, number, column, cells[column])
            if count is not None:
                participants[kind] = count
        is_public = reader.boolean(file, number, "is_public", cells["is_public"])
        if year is None or (cells["starts_on"] and starts is None):
            continue
        row = EventRow(
            row=number,
            fiscal_year=year,
            kind=cells["kind"],
            title=cells["title"],
            starts_on=starts,
            ends_on=ends,
            start_time=start_time,
            end_time=end_time,
            place=cells["place"],
            organizer=cells["organizer"],
            description=cells["description"],
            is_public=is_public,
            participants=participants,
            source_note=cells["source_note"],
        )
        label = f"{row.title}（{starts.isoformat() if starts else _('日付なし')}）"
        if reader.duplicate(file, number, "title", row.key, seen, label):
            continue
        rows.append(row)
    return rows
