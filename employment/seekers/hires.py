"""Hires and their retention (定着): recording a hire, the checks at 1, 3, 6 and 12 months,
which checks are due, and the summary of a fiscal year (就職者数 and retention) that feeds
the figures of progress reports.

Definitions (docs/employment-matching.md):
- 就職者数 of a fiscal year: the seekers (people, not hires) whose hire started in it.
- Retention at m months, per hire of the year: *reached* when m months have passed since the
  start; *left* when the hire ended (`left_on`) on or before that point; *retained* when not
  left and a check at m months or later said 「就労を継続している」, or the hire ended after
  that point; otherwise *unknown* (no check yet). The rate is retained ÷ reached, so an
  unchecked hire counts against it until someone checks.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.wareki import date_label
from employment import access
from employment.models import (
    Employer,
    Event,
    Hire,
    JobPosting,
    JobSeeker,
    MagazineIssue,
    RetentionCheck,
    TrainingCourse,
)

CHECK_MONTHS = tuple(RetentionCheck.Months.values)  # (1, 3, 6, 12)
MAX_DAYS_AHEAD = 366  # a start date further ahead is most likely a typing error


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def due_on(hire: Hire, months: int) -> datetime.date:
    return add_months(hire.started_on, months)


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


# --- writes ------------------------------------------------------------------------------------


def _check_may_record(actor, seeker: JobSeeker) -> None:
    visible = access.visible_seekers(actor, seeker.local_government)
    if not visible.filter(pk=seeker.pk).exists():
        raise PermissionDenied


@transaction.atomic
def hire_record(
    *,
    actor,
    seeker: JobSeeker,
    employer: Employer,
    started_on: datetime.date,
    posting: JobPosting | None = None,
    event: Event | None = None,
    course: TrainingCourse | None = None,
    magazine_issue: MagazineIssue | None = None,
    end_search: bool = False,
    today: datetime.date | None = None,
) -> Hire:
    """Record that `seeker` started work at `employer` on `started_on` (through `posting`,
    `event`, `course` or `magazine_issue` when known); with `end_search`, the seeker is no
    longer 求職中 (and drops out of matching counts). For the seeker's supporters."""
    _check_may_record(actor, seeker)
    return write_hire(
        actor=actor,
        seeker=seeker,
        employer=employer,
        started_on=started_on,
        posting=posting,
        event=event,
        course=course,
        magazine_issue=magazine_issue,
        end_search=end_search,
        today=today,
    )


def write_hire(
    *,
    actor,
    seeker: JobSeeker,
    employer: Employer,
    started_on: datetime.date | None,
    posting: JobPosting | None = None,
    event: Event | None = None,
    course: TrainingCourse | None = None,
    magazine_issue: MagazineIssue | None = None,
    end_search: bool = False,
    today: datetime.date | None = None,
) -> Hire:
    """Validate and write a hire with its audit entry, inside the caller's transaction. The
    caller has checked that `actor` may record it: `hire_record` (the seeker's supporters)
    or `employment.events.services.outcome_hire_record` (the secretariat, for its events and courses)."""
    today = today or timezone.localdate()
    lg_id = seeker.local_government_id
    errors: dict[str, list[str]] = {}
    if employer.local_government_id != lg_id or employer.status != Employer.Status.APPROVED:
        errors.setdefault("employer", []).append(_("承認済みの協力雇用主を選んでください。"))
    if posting is not None and (
        posting.employer_id != employer.pk or posting.local_government_id != lg_id
    ):
        errors.setdefault("posting", []).append(_("この求人は選んだ企業の求人ではありません。"))
    for name, value in (("event", event), ("course", course), ("magazine_issue", magazine_issue)):
        if value is not None and value.local_government_id != lg_id:
            errors.setdefault(name, []).append(_("選んだ項目が見つかりません。"))
    if started_on is None:
        errors.setdefault("started_on", []).append(_("就職日を入力してください。"))
    elif started_on > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors.setdefault("started_on", []).append(
            _("就職日が1年以上先になっています。日付を確認してください。")
        )
    elif Hire.objects.filter(seeker=seeker, employer=employer, started_on=started_on).exists():
        errors.setdefault("started_on", []).append(
            _("この求職者の同じ企業・同じ就職日の就職は、すでに記録されています。")
        )
    if errors:
        raise ValidationError(errors)
    hire = Hire(
        local_government_id=lg_id,
        seeker=seeker,
        employer=employer,
        posting=posting,
        event=event,
        course=course,
        magazine_issue=magazine_issue,
        started_on=started_on,
        recorded_by=actor,
    )
    hire.full_clean()
    hire.save()
    audit.record(
        actor=actor,
        action="employment.hire.create",
        local_government=seeker.local_government,
        obj=hire,
        object_label=_("%(code)s の就職（%(employer)s）")
        % {"code": seeker.code, "employer": employer},
        changes=audit.snapshot(
            hire,
            ("seeker", "employer", "posting", "event", "course", "magazine_issue", "started_on"),
        ),
    )
    if end_search and seeker.is_active:
        JobSeeker.objects.filter(pk=seeker.pk).update(is_active=False)
        seeker.is_active = False
        audit.record(
            actor=actor,
            action="employment.seeker.update",
            local_government=seeker.local_government,
            obj=seeker,
            changes={"is_active": {"before": True, "after": False}},
        )
    return hire


@transaction.atomic
def retention_check_record(
    *,
    actor,
    hire: Hire,
    months: int,
    still_employed: bool,
    checked_on: datetime.date,
    left_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> RetentionCheck:
    """Record the check at `months` months (or correct it). 「継続していない」 needs the day
    the person left, which ends the hire: no later check is due after it."""
    _check_may_record(actor, hire.seeker)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if months not in CHECK_MONTHS:
        raise ValidationError({"months": [_("確認の時期は1・3・6・12か月から選んでください。")]})
    due = due_on(hire, months)
    if checked_on > today:
        errors.setdefault("checked_on", []).append(_("確認日に未来の日付は入力できません。"))
    elif checked_on < hire.started_on:
        errors.setdefault("checked_on", []).append(_("確認日が就職日より前になっています。"))
    if still_employed:
        if checked_on < due:
            errors.setdefault("checked_on", []).append(
                _(
                    "%(months)sか月の確認は、就職日から%(months)sか月たった日（%(due)s）以降に記録してください。"
                )
                % {"months": months, "due": date_label(due)}
            )
        if hire.left_on is not None and hire.left_on <= due:
            errors.setdefault("still_employed", []).append(
                _("%(day)sに離職したことが記録されています。") % {"day": date_label(hire.left_on)}
            )
    else:
        if left_on is None:
            errors.setdefault("left_on", []).append(_("離職日を入力してください。"))
        elif left_on < hire.started_on:
            errors.setdefault("left_on", []).append(_("離職日が就職日より前になっています。"))
        elif left_on > checked_on:
            errors.setdefault("left_on", []).append(_("離職日が確認日より後になっています。"))
    if errors:
        raise ValidationError(errors)
    check = RetentionCheck.objects.filter(hire=hire, months=months).first()
    before = audit.snapshot(check, ("still_employed", "checked_on", "note")) if check else {}
    if check is None:
        check = RetentionCheck(
            local_government_id=hire.local_government_id, hire=hire, months=months
        )
    check.still_employed = still_employed
    check.checked_on = checked_on
    check.note = note.strip()
    check.full_clean()
    check.save()
    changes = audit.diff(before, audit.snapshot(check, ("still_employed", "checked_on", "note")))
    if not still_employed and hire.left_on != left_on:
        changes["left_on"] = {
            "before": hire.left_on.isoformat() if hire.left_on else None,
            "after": left_on.isoformat(),
        }
        hire.left_on = left_on
        hire.save(update_fields=["left_on"])
    audit.record(
        actor=actor,
        action="employment.retention_check.save",
        local_government=hire.seeker.local_government,
        obj=check,
        object_label=_("%(code)s の%(months)sか月の定着確認")
        % {"code": hire.seeker.code, "months": months},
        changes=changes,
    )
    return check


# --- reads -------------------------------------------------------------------------------------


@dataclass
class DueCheck:
    hire: Hire
    months: int
    due_on: datetime.date

    @property
    def months_label(self) -> str:
        return RetentionCheck.Months(self.months).label


def _checks_by_months(hire: Hire) -> dict[int, RetentionCheck]:
    return {check.months: check for check in hire.retention_checks.all()}


def due_checks_of(hire: Hire, today: datetime.date) -> list[DueCheck]:
    """The checks of one hire that are due by `today` and not recorded. None after the hire
    ended, and none before a later check that found the person still at work."""
    if hire.left_on is not None:
        return []
    checks = _checks_by_months(hire)
    confirmed = [m for m, check in checks.items() if check.still_employed]
    latest_confirmed = max(confirmed, default=0)
    return [
        DueCheck(hire=hire, months=months, due_on=due_on(hire, months))
        for months in CHECK_MONTHS
        if months > latest_confirmed and months not in checks and due_on(hire, months) <= today
    ]


def due_checks(hires: QuerySet, today: datetime.date | None = None) -> list[DueCheck]:
    """The checks due now among `hires`, the most overdue first (two queries)."""
    today = today or timezone.localdate()
    candidates = (
        hires.filter(left_on__isnull=True, started_on__lte=add_months(today, -1))
        .select_related("seeker", "employer")
        .prefetch_related("retention_checks")
        .order_by("started_on", "id")
    )
    due = [check for hire in candidates for check in due_checks_of(hire, today)]
    return sorted(due, key=lambda check: (check.due_on, check.hire.pk, check.months))


@dataclass
class RetentionFigure:
    """Retention at `months` months of a fiscal year's hires (see the module docstring)."""

    months: int
    reached: int = 0
    retained: int = 0
    left: int = 0

    @property
    def unknown(self) -> int:
        return self.reached - self.retained - self.left

    @property
    def rate(self) -> Decimal | None:
        """Retained ÷ reached, in percent to one decimal; None before anyone reached it."""
        if not self.reached:
            return None
        return (Decimal(self.retained * 100) / self.reached).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def label(self) -> str:
        return RetentionCheck.Months(self.months).label


@dataclass
class FiscalYearSummary:
    fiscal_year: int
    people: int = 0  # 就職者数 (people)
    hires: int = 0  # hires (a person may be hired twice)
    retention: list[RetentionFigure] = field(default_factory=list)

    def at(self, months: int) -> RetentionFigure:
        return next(figure for figure in self.retention if figure.months == months)


def retention_status(hire: Hire, months: int, today: datetime.date) -> str:
    """ "retained", "left", "unknown" or "" (not reached) for one hire at `months` months."""
    point = due_on(hire, months)
    if point > today:
        return ""
    if hire.left_on is not None and hire.left_on <= point:
        return "left"
    checks = _checks_by_months(hire)
    if any(m >= months and check.still_employed for m, check in checks.items()):
        return "retained"
    if hire.left_on is not None:
        return "retained"  # left after that point
    return "unknown"


def fiscal_year_summary(local_government, fiscal_year: int, *, today=None) -> FiscalYearSummary:
    """就職者数 and retention at 1, 3, 6 and 12 months of the hires that started in
    `fiscal_year` (April to March) in the local government. Two queries."""
    today = today or timezone.localdate()
    first, last = fiscal_year_bounds(fiscal_year)
    hires = list(
        Hire.objects.filter(
            local_government=local_government, started_on__gte=first, started_on__lte=last
        ).prefetch_related("retention_checks")
    )
    summary = FiscalYearSummary(
        fiscal_year=fiscal_year,
        people=len({hire.seeker_id for hire in hires}),
        hires=len(hires),
        retention=[RetentionFigure(months=months) for months in CHECK_MONTHS],
    )
    for figure in summary.retention:
        for hire in hires:
            status = retention_status(hire, figure.months, today)
            if status:
                figure.reached += 1
            if status == "retained":
                figure.retained += 1
            elif status == "left":
                figure.left += 1
    return summary


def fiscal_years_with_hires(local_government) -> list[int]:
    """The fiscal years in which a hire of the local government started, newest first."""
    days = Hire.objects.filter(local_government=local_government).dates("started_on", "month")
    years = {day.year if day.month >= 4 else day.year - 1 for day in days}
    return sorted(years, reverse=True)
