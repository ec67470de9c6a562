"""The employment records of a plan package (`<package>/employment/`, docs/employment-package.md):
a local government's historic events, training courses and job-magazine issues, as the plan
reports them.

`read_employment_package` reads and validates every file without touching the database and
raises EmploymentPackageInvalid listing each problem with its file, row and column.
`employment_load_package` loads a validated package all or nothing, matched by natural key
(an event's or course's `key`, a magazine issue's `number`): loading the same package twice
changes nothing. `employment.package_export.write_employment_package` writes the records
back in the same format (`manage.py export_plan`)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.changes import ChangeLog, Source
from core.package.csv_files import PackageInvalid, RowError, read_csv_file
from core.web.params import parse_int
from employment.events.selectors import is_secretariat
from employment.models import Event, MagazineIssue, TrainingCourse

FOLDER = "employment"
EVENTS_FILE = "events.csv"
COURSES_FILE = "courses.csv"
MAGAZINE_FILE = "magazine_issues.csv"

EVENT_COLUMNS = [
    "key",
    "kind",
    "title",
    "held_on",
    "venue",
    "description",
    "guest_companies",
    "guest_participants",
    "reported_hires",
    "counted_with",
    "note",
]
COURSE_COLUMNS = [
    "key",
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
]
MAGAZINE_COLUMNS = ["number", "title", "issued_on", "copies_printed", "note"]
REPORTED_COURSE_FIELDS = [
    "reported_sessions",
    "reported_participants",
    "reported_completed",
    "reported_certified",
    "reported_hires",
]

KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTH = re.compile(r"(\d{4})-(\d{2})")
MAX_COUNT = 1_000_000


# --- errors ----------------------------------------------------------------------------------


class EmploymentPackageInvalid(PackageInvalid):
    """The files have problems; `errors` lists each with its file, row and column. Nothing
    was written."""


# --- the validated content -------------------------------------------------------------------


@dataclass
class EventRow:
    row: int
    key: str
    kind: str
    title: str
    held_on: datetime.date
    held_on_month_only: bool
    venue: str
    description: str
    guest_companies: int
    guest_participants: int
    reported_hires: int | None
    counted_with: str  # a key of events.csv, or ""
    note: str


@dataclass
class CourseRow:
    row: int
    key: str
    title: str
    provider: str
    certification: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    planned_sessions: int
    reported: dict[str, int | None]
    note: str


@dataclass
class MagazineRow:
    row: int
    number: int
    title: str
    issued_on: datetime.date
    issued_on_month_only: bool
    copies_printed: int | None
    note: str


@dataclass
class EmploymentPackage:
    events: list[EventRow]
    courses: list[CourseRow]
    magazine_issues: list[MagazineRow]

    def summary(self) -> str:
        return (
            f"{len(self.events)} events, {len(self.courses)} training courses, "
            f"{len(self.magazine_issues)} magazine issues"
        )


# --- reading ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[RowError] = []

    def error(self, file: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(f"{FOLDER}/{file}", row, column, message))

    def rows(self, name: str, columns: list[str], required: bool = False):
        """The rows of a CSV file as (line number, {column: stripped text}); [] when the file
        is absent and optional."""
        path = self.root / name
        if not path.is_file() and not required:
            return []
        return read_csv_file(path, name, columns, self.error, any_order=True)

    def required(self, file, row, cells, *columns) -> bool:
        missing = [column for column in columns if not cells[column]]
        for column in missing:
            self.error(file, row, column, _("必須項目です。"))
        return not missing

    def length(self, file, row, column, value, model, name) -> None:
        limit = model._meta.get_field(name).max_length
        if limit and len(value) > limit:
            self.error(
                file,
                row,
                column,
                _("%(limit)s文字以内にしてください（いま%(length)s文字）。")
                % {"limit": limit, "length": len(value)},
            )

    def key(self, file, row, value, seen: dict[str, int]) -> bool:
        if not KEY.fullmatch(value):
            self.error(
                file,
                row,
                "key",
                _("キーは英小文字・数字・ハイフン・下線で60文字以内にしてください。"),
            )
            return False
        if value in seen:
            self.error(
                file,
                row,
                "key",
                _("%(key)s は%(row)s行目と重複しています。") % {"key": value, "row": seen[value]},
            )
            return False
        seen[value] = row
        return True

    def count(self, file, row, column, value, *, minimum=0, maximum=MAX_COUNT) -> int | None:
        """An integer cell; None when empty (or not a valid number, reported)."""
        text = unicodedata.normalize("NFKC", value).replace(",", "")
        if not text:
            return None
        number = parse_int(text, minimum=minimum, maximum=maximum)
        if number is None:
            self.error(
                file,
                row,
                column,
                _("%(min)s以上%(max)s以下の整数にしてください（%(value)s）。")
                % {"min": minimum, "max": maximum, "value": value},
            )
        return number

    def date(self, file, row, column, value, *, month_allowed: bool):
        """(date, known only to the month) from YYYY-MM-DD, or YYYY-MM when allowed."""
        text = unicodedata.normalize("NFKC", value)
        try:
            if match := DAY.fullmatch(text):
                return datetime.date(int(match[1]), int(match[2]), int(match[3])), False
            if month_allowed and (match := MONTH.fullmatch(text)):
                return datetime.date(int(match[1]), int(match[2]), 1), True
        except ValueError:
            pass
        message = (
            _("日付は 2019-11-25 のように、日が分からなければ 2019-11 のように書いてください。")
            if month_allowed
            else _("日付は 2020-01-09 のように書いてください。")
        )
        self.error(file, row, column, f"{message}（{value}）")
        return None, False


def read_employment_package(path: str | Path) -> EmploymentPackage | None:
    """Read and validate the employment records of the plan package at `path` (None when it
    has no `employment/` folder); raise EmploymentPackageInvalid with every problem."""
    root = Path(path) / FOLDER
    if not root.is_dir():
        return None
    reader = _Reader(root)
    if not any((root / name).is_file() for name in (EVENTS_FILE, COURSES_FILE, MAGAZINE_FILE)):
        reader.error(
            "",
            None,
            "",
            _("%(files)s のどれもありません。")
            % {"files": ", ".join((EVENTS_FILE, COURSES_FILE, MAGAZINE_FILE))},
        )
    package = EmploymentPackage(
        events=_read_events(reader),
        courses=_read_courses(reader),
        magazine_issues=_read_magazine(reader),
    )
    if reader.errors:
        raise EmploymentPackageInvalid(reader.errors)
    return package


def _read_events(reader: _Reader) -> list[EventRow]:
    file = EVENTS_FILE
    rows: list[EventRow] = []
    seen: dict[str, int] = {}
    kinds = list(Event.Kind.values)
    for number, cells in reader.rows(file, EVENT_COLUMNS):
        if not reader.required(file, number, cells, "key", "kind", "title", "held_on"):
            continue
        if not reader.key(file, number, cells["key"], seen):
            continue
        if cells["kind"] not in kinds:
            reader.error(
                file,
                number,
                "kind",
                _("%(value)s は使えません。%(allowed)s のいずれかにしてください。")
                % {"value": cells["kind"], "allowed": ", ".join(kinds)},
            )
        for column in ("title", "venue"):
            reader.length(file, number, column, cells[column], Event, column)
        held_on, month_only = reader.date(
            file, number, "held_on", cells["held_on"], month_allowed=True
        )
        counts = {
            column: reader.count(file, number, column, cells[column])
            for column in ("guest_companies", "guest_participants", "reported_hires")
        }
        if held_on is None:
            continue
        rows.append(
            EventRow(
                row=number,
                key=cells["key"],
                kind=cells["kind"],
                title=cells["title"],
                held_on=held_on,
                held_on_month_only=month_only,
                venue=cells["venue"],
                description=cells["description"],
                guest_companies=counts["guest_companies"] or 0,
                guest_participants=counts["guest_participants"] or 0,
                reported_hires=counts["reported_hires"],
                counted_with=cells["counted_with"],
                note=cells["note"],
            )
        )
    by_key = {row.key: row for row in rows}
    for row in rows:
        if not row.counted_with:
            continue
        target = by_key.get(row.counted_with)
        if target is None:
            problem = _("%(key)s は events.csv のキーにありません。") % {"key": row.counted_with}
        elif target.key == row.key:
            problem = _("自分自身は指定できません。")
        elif target.counted_with:
            problem = _("%(key)s も別の回に合算されています。合算先の回を指定してください。") % {
                "key": target.key
            }
        elif target.kind != row.kind:
            problem = _("種類の同じ催しを指定してください。")
        else:
            continue
        reader.error(file, row.row, "counted_with", problem)
    return rows


def _read_courses(reader: _Reader) -> list[CourseRow]:
    file = COURSES_FILE
    rows: list[CourseRow] = []
    seen: dict[str, int] = {}
    for number, cells in reader.rows(file, COURSE_COLUMNS):
        if not reader.required(
            file, number, cells, "key", "title", "starts_on", "planned_sessions"
        ):
            continue
        if not reader.key(file, number, cells["key"], seen):
            continue
        for column in ("title", "provider", "certification"):
            reader.length(file, number, column, cells[column], TrainingCourse, column)
        starts_on, _month = reader.date(
            file, number, "starts_on", cells["starts_on"], month_allowed=False
        )
        ends_on = None
        if cells["ends_on"]:
            ends_on, _month = reader.date(
                file, number, "ends_on", cells["ends_on"], month_allowed=False
            )
        if starts_on and ends_on and ends_on < starts_on:
            reader.error(file, number, "ends_on", _("終了日が開始日より前です。"))
        planned = reader.count(
            file, number, "planned_sessions", cells["planned_sessions"], minimum=1, maximum=500
        )
        reported = {
            column: reader.count(file, number, column, cells[column], maximum=32767)
            for column in REPORTED_COURSE_FIELDS
        }
        participants = reported["reported_participants"]
        for column in ("reported_completed", "reported_certified"):
            value = reported[column]
            if value is not None and participants is not None and value > participants:
                reader.error(
                    file,
                    number,
                    column,
                    _("受講者数（%(n)s）を超えています。") % {"n": participants},
                )
        if starts_on is None or planned is None:
            continue
        rows.append(
            CourseRow(
                row=number,
                key=cells["key"],
                title=cells["title"],
                provider=cells["provider"],
                certification=cells["certification"],
                starts_on=starts_on,
                ends_on=ends_on,
                planned_sessions=planned,
                reported=reported,
                note=cells["note"],
            )
        )
    return rows


def _read_magazine(reader: _Reader) -> list[MagazineRow]:
    file = MAGAZINE_FILE
    rows: list[MagazineRow] = []
    seen: dict[int, int] = {}
    for number, cells in reader.rows(file, MAGAZINE_COLUMNS):
        if not reader.required(file, number, cells, "number", "title", "issued_on"):
            continue
        issue_number = reader.count(
            file, number, "number", cells["number"], minimum=1, maximum=32767
        )
        if issue_number is not None and issue_number in seen:
            reader.error(
                file,
                number,
                "number",
                _("第%(n)s号は%(row)s行目と重複しています。")
                % {"n": issue_number, "row": seen[issue_number]},
            )
            continue
        if issue_number is not None:
            seen[issue_number] = number
        reader.length(file, number, "title", cells["title"], MagazineIssue, "title")
        issued_on, month_only = reader.date(
            file, number, "issued_on", cells["issued_on"], month_allowed=True
        )
        copies = reader.count(file, number, "copies_printed", cells["copies_printed"])
        if issue_number is None or issued_on is None:
            continue
        rows.append(
            MagazineRow(
                row=number,
                number=issue_number,
                title=cells["title"],
                issued_on=issued_on,
                issued_on_month_only=month_only,
                copies_printed=copies,
                note=cells["note"],
            )
        )
    return rows


# --- loading ---------------------------------------------------------------------------------


KEPT_OWN = "not from the package: made in the back office; a load never touches it"


class LoadResult(ChangeLog):
    def summary(self) -> str:
        return (
            f"created {self.counts['created']}, updated {self.counts['updated']}, "
            f"deleted {self.counts['deleted']}, unchanged {self.counts['unchanged']}"
        )


def _source(file: str, what: str, row: int | None = None, label: str = "") -> Source:
    return Source(f"{FOLDER}/{file}", what, row, label)


def _check_magazine_conflicts(local_government, package: EmploymentPackage) -> None:
    """An issue number the back office has already built from postings is not overwritten
    by a historic record: refuse the whole load instead."""
    numbers = {row.number: row for row in package.magazine_issues}
    built = (
        MagazineIssue.objects.filter(local_government=local_government, number__in=numbers)
        .filter(items__isnull=False)
        .values_list("number", flat=True)
        .distinct()
    )
    errors = [
        RowError(
            f"{FOLDER}/{MAGAZINE_FILE}",
            numbers[number].row,
            "number",
            _(
                "第%(n)s号は求人を掲載した号として作られています。"
                "過去の号の記録には別の号数を使ってください。"
            )
            % {"n": number},
        )
        for number in sorted(built)
    ]
    if errors:
        raise EmploymentPackageInvalid(errors)


@transaction.atomic
def employment_load_package(
    *, local_government, package: EmploymentPackage, actor=None
) -> LoadResult:
    """Load a validated employment package into `local_government`: create or update each
    event and course by its key and each magazine issue by its number, and delete the events
    and courses an earlier load made whose key the package no longer holds (records made in
    the back office are never deleted). Loading the same package twice changes nothing."""
    if actor is not None and not is_secretariat(actor, local_government):
        raise PermissionDenied
    _check_magazine_conflicts(local_government, package)
    result = LoadResult()
    lg = {"local_government": local_government}

    events = {e.package_key: e for e in Event.objects.filter(**lg).exclude(package_key="")}
    loaded: dict[str, Event] = {}
    sources: dict[str, Source] = {}
    for row in package.events:
        event = events.get(row.key) or Event(**lg, package_key=row.key)
        sources[row.key] = _source(EVENTS_FILE, f"event {row.key}", row.row, row.title)
        result.save(
            event,
            {
                "kind": row.kind,
                "title": row.title,
                "held_on": row.held_on,
                "held_on_month_only": row.held_on_month_only,
                "venue": row.venue,
                "description": row.description,
                "guest_companies": row.guest_companies,
                "guest_participants": row.guest_participants,
                "reported_hires": row.reported_hires,
                "note": row.note,
            },
            sources[row.key],
        )
        loaded[row.key] = event
    keys = {event.pk: key for key, event in {**events, **loaded}.items()}
    for row in package.events:
        event = loaded[row.key]
        target = loaded[row.counted_with].pk if row.counted_with else None
        if event.counted_with_id != target:
            before = keys.get(event.counted_with_id)
            event.counted_with_id = target
            event.save(update_fields=["counted_with"])
            result.field_changed(
                event, "counted_with", before, row.counted_with or None, sources[row.key]
            )
    result.delete(
        [e for key, e in events.items() if key not in loaded],
        lambda e: _source(EVENTS_FILE, f"event {e.package_key}", None, e.title),
    )
    for event in Event.objects.filter(**lg, package_key=""):
        result.keep(_source(EVENTS_FILE, "event", None, event.title), KEPT_OWN)

    courses = {
        c.package_key: c for c in TrainingCourse.objects.filter(**lg).exclude(package_key="")
    }
    kept = set()
    for row in package.courses:
        course = courses.get(row.key) or TrainingCourse(**lg, package_key=row.key)
        result.save(
            course,
            {
                "title": row.title,
                "provider": row.provider,
                "certification": row.certification,
                "starts_on": row.starts_on,
                "ends_on": row.ends_on,
                "planned_sessions": row.planned_sessions,
                **row.reported,
                "note": row.note,
            },
            _source(COURSES_FILE, f"course {row.key}", row.row, row.title),
        )
        kept.add(row.key)
    result.delete(
        [c for key, c in courses.items() if key not in kept],
        lambda c: _source(COURSES_FILE, f"course {c.package_key}", None, c.title),
    )
    for course in TrainingCourse.objects.filter(**lg, package_key=""):
        result.keep(_source(COURSES_FILE, "course", None, course.title), KEPT_OWN)

    numbers = [row.number for row in package.magazine_issues]
    issues = {i.number: i for i in MagazineIssue.objects.filter(**lg, number__in=numbers)}
    for row in package.magazine_issues:
        issue = issues.get(row.number) or MagazineIssue(**lg, number=row.number)
        result.save(
            issue,
            {
                "title": row.title,
                "issued_on": row.issued_on,
                "issued_on_month_only": row.issued_on_month_only,
                "status": MagazineIssue.Status.ISSUED,
                "copies_printed": row.copies_printed,
                "note": row.note,
            },
            _source(MAGAZINE_FILE, f"magazine issue {row.number}", row.row, row.title),
        )
    for issue in MagazineIssue.objects.filter(**lg).exclude(number__in=numbers):
        result.keep(
            _source(MAGAZINE_FILE, f"magazine issue {issue.number}", None, issue.title), KEPT_OWN
        )

    if result.changed:
        audit.record(
            actor=actor,
            action="employment.load_package",
            local_government=local_government,
            object_type="employment.event",
            object_label=_("就労支援の実績（計画パッケージ）"),
            changes={
                "events": len(package.events),
                "courses": len(package.courses),
                "magazine_issues": len(package.magazine_issues),
                "created": result.counts["created"],
                "updated": result.counts["updated"],
                "deleted": result.counts["deleted"],
            },
        )
    return result
