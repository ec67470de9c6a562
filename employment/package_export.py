"""Writing the employment records of a plan package back out (`manage.py export_plan`), in
the format `employment.package` reads (docs/employment-package.md)."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from employment.models import Event, MagazineIssue, TrainingCourse
from employment.package import (
    COURSE_COLUMNS,
    COURSES_FILE,
    EVENT_COLUMNS,
    EVENTS_FILE,
    FOLDER,
    MAGAZINE_COLUMNS,
    MAGAZINE_FILE,
    REPORTED_COURSE_FIELDS,
)


def _day(day: datetime.date | None, month_only: bool = False) -> str:
    if day is None:
        return ""
    return f"{day:%Y-%m}" if month_only else day.isoformat()


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def write_employment_package(local_government, root: str | Path) -> int:
    """Write the package's records of `local_government` (events and courses loaded from a
    package, issued magazine issues with no postings) to `root`/employment/; return the
    number of records written, or 0 and no folder when there are none."""
    events = list(
        Event.objects.filter(local_government=local_government)
        .exclude(package_key="")
        .select_related("counted_with")
        .order_by("held_on", "package_key")
    )
    courses = list(
        TrainingCourse.objects.filter(local_government=local_government)
        .exclude(package_key="")
        .order_by("starts_on", "package_key")
    )
    issues = list(
        MagazineIssue.objects.filter(
            local_government=local_government,
            status=MagazineIssue.Status.ISSUED,
            issued_on__isnull=False,
            items__isnull=True,
        ).order_by("number")
    )
    if not (events or courses or issues):
        return 0
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)

    def write(name, columns, rows):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)

    write(
        EVENTS_FILE,
        EVENT_COLUMNS,
        [
            [
                e.package_key,
                e.kind,
                e.title,
                _day(e.held_on, e.held_on_month_only),
                e.venue,
                e.description,
                e.guest_companies,
                e.guest_participants,
                _number(e.reported_hires),
                e.counted_with.package_key if e.counted_with_id else "",
                e.note,
            ]
            for e in events
        ],
    )
    write(
        COURSES_FILE,
        COURSE_COLUMNS,
        [
            [
                c.package_key,
                c.title,
                c.provider,
                c.certification,
                _day(c.starts_on),
                _day(c.ends_on),
                c.planned_sessions,
                *(_number(getattr(c, name)) for name in REPORTED_COURSE_FIELDS),
                c.note,
            ]
            for c in courses
        ],
    )
    write(
        MAGAZINE_FILE,
        MAGAZINE_COLUMNS,
        [
            [
                i.number,
                i.title,
                _day(i.issued_on, i.issued_on_month_only),
                _number(i.copies_printed),
                i.note,
            ]
            for i in issues
        ],
    )
    return len(events) + len(courses) + len(issues)
