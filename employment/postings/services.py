"""Writes of job postings: create, update, publish, close (and close the expired ones).
Each service checks who may do it, validates, runs in one transaction and records an audit
entry. The lifecycle is draft → published → closed; a published posting whose end date
(`ends_on`) has passed is shown as closed everywhere and is closed for good by
`manage.py close_expired_postings`. A closed posting may be published again.

Validation (messages in Japanese, keyed by field):
- the upper wage is not below the lower one;
- an hourly wage is not below the regional minimum wage in effect today for the local
  government's prefecture (`settings.TSUNAGU_MINIMUM_WAGES`; no rate configured, no check);
- publishing needs an end date that is not in the past;
- at least one way to apply (保護司, 保護観察所 or ハローワーク).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import LocalGovernment
from core.wareki import date_label
from employment import selectors
from employment.models import Employer, JobPosting, Offence
from employment.prefectures import prefecture_code, prefecture_name

POSTING_FIELDS = (
    "title",
    "industry",
    "description",
    "workplace",
    "ward",
    "employment_type",
    "wage_form",
    "wage_min",
    "wage_max",
    "working_hours",
    "holidays",
    "social_insurance",
    "qualifications",
    "experience",
    "trial_period",
    "openings",
    "dormitory",
    "company_housing",
    "meals",
    "probation_welcome",
    "juveniles_welcome",
    "excluded_offences",
    "message",
    "apply_via_volunteer",
    "apply_via_probation_office",
    "apply_via_hello_work",
    "ends_on",
)
AUDIT_FIELDS = ("status", *POSTING_FIELDS, "published_at")
APPLY_FIELDS = ("apply_via_volunteer", "apply_via_probation_office", "apply_via_hello_work")
OFFENCE_MASK_LIMIT = 1 << len(Offence.values)
AUDIT_ID_LIMIT = 1000


# --- the minimum wage --------------------------------------------------------------------


@dataclass(frozen=True)
class MinimumWage:
    prefecture: str  # the prefecture code: 43
    effective_on: datetime.date
    yen: int

    @property
    def prefecture_name(self) -> str:
        return prefecture_name(self.prefecture)


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def minimum_wage(local_government, on: datetime.date) -> MinimumWage | None:
    """The regional minimum wage (yen per hour) in effect on `on` for the local government's
    prefecture, or None when none is configured for that prefecture or date."""
    code = prefecture_code(local_government.code)
    rates = getattr(settings, "TSUNAGU_MINIMUM_WAGES", {}).get(code) or []
    in_effect = [(_as_date(start), int(yen)) for start, yen in rates if _as_date(start) <= on]
    if not in_effect:
        return None
    start, yen = max(in_effect)
    return MinimumWage(prefecture=code, effective_on=start, yen=yen)


def _date_text(day: datetime.date) -> str:
    """和暦 with the Western year (house style): 令和6年（2024年）10月5日."""
    return date_label(day)


def minimum_wage_error(posting: JobPosting, today: datetime.date) -> str | None:
    """The refusal of an hourly wage below the minimum wage in effect today, or None."""
    if posting.wage_form != JobPosting.WageForm.HOURLY or posting.wage_min is None:
        return None
    rate = minimum_wage(posting.local_government, today)
    if rate is None or posting.wage_min >= rate.yen:
        return None
    return _(
        "時給 %(wage)s円 は%(prefecture)sの最低賃金（%(date)sから %(minimum)s円）を下回っています。"
    ) % {
        "wage": f"{posting.wage_min:,}",
        "prefecture": rate.prefecture_name,
        "date": _date_text(rate.effective_on),
        "minimum": f"{rate.yen:,}",
    }


# --- validation --------------------------------------------------------------------------


def publish_blockers(posting: JobPosting, today: datetime.date) -> list[str]:
    """What stops a draft or closed posting from being published, said before the button is
    pressed (posting_publish checks the same rules, and the content's own, again)."""
    blockers = []
    if posting.ends_on is None:
        blockers.append(
            _("公開するには掲載終了日が必要です。編集して掲載終了日を入力してください。")
        )
    elif posting.ends_on < today:
        blockers.append(
            _("掲載終了日（%(date)s）が過ぎています。編集して今日以降の日付にしてください。")
            % {"date": _date_text(posting.ends_on)}
        )
    if posting.employer.status != Employer.Status.APPROVED:
        blockers.append(_("協力雇用主の登録が承認されるまで公開できません。"))
    return blockers


def _validate(
    posting: JobPosting, *, today: datetime.date, check_end: bool, publishing: bool
) -> None:
    """Raise one ValidationError with every problem of the posting, by field."""
    errors: dict[str, list[str]] = defaultdict(list)
    try:
        posting.full_clean(exclude=["local_government", "employer", "published_at"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors[name].extend(messages)
    if "wage_min" not in errors and posting.wage_min is not None:
        if posting.wage_min < 1:
            errors["wage_min"].append(_("賃金を入力してください（0円にはできません）。"))
        else:
            refusal = "wage_form" not in errors and minimum_wage_error(posting, today)
            if refusal:
                errors["wage_min"].append(refusal)
    if (
        not {"wage_min", "wage_max"} & set(errors)
        and posting.wage_max is not None
        and posting.wage_min is not None
        and posting.wage_max < posting.wage_min
    ):
        errors["wage_max"].append(
            _("賃金の上限は下限（%(low)s円）以上にしてください。")
            % {"low": f"{posting.wage_min:,}"}
        )
    if "excluded_offences" not in errors and not (
        0 <= (posting.excluded_offences or 0) < OFFENCE_MASK_LIMIT
    ):
        errors["excluded_offences"].append(_("受け入れない前歴の値が正しくありません。"))
    if not any(getattr(posting, name) for name in APPLY_FIELDS):
        errors["apply_via"].append(
            _("応募の方法（保護司・保護観察所・ハローワーク）を1つ以上選んでください。")
        )
    if "ends_on" not in errors:
        if publishing and posting.ends_on is None:
            errors["ends_on"].append(_("公開するには掲載終了日を入力してください。"))
        elif check_end and posting.ends_on is not None and posting.ends_on < today:
            errors["ends_on"].append(
                _("掲載終了日（%(date)s）が過ぎています。今日以降の日付にしてください。")
                % {"date": _date_text(posting.ends_on)}
            )
    if publishing and posting.employer.status != Employer.Status.APPROVED:
        errors["employer"].append(_("承認された協力雇用主の求人だけを公開できます。"))
    if errors:
        raise ValidationError(dict(errors))


def _apply(posting: JobPosting, values: dict[str, Any]) -> None:
    unknown = set(values) - set(POSTING_FIELDS)
    if unknown:
        raise ValueError(f"not posting fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(posting, name, value)


def _check_manager(actor, posting: JobPosting) -> None:
    if not selectors.can_manage(actor, posting):
        raise PermissionDenied


# --- services ----------------------------------------------------------------------------


@transaction.atomic
def posting_create(
    *,
    actor,
    employer: Employer,
    values: dict[str, Any],
    today: datetime.date | None = None,
) -> JobPosting:
    """Create a draft posting of `employer` (an approved employer)."""
    today = today or timezone.localdate()
    posting = JobPosting(
        local_government=employer.local_government,
        employer=employer,
        status=JobPosting.Status.DRAFT,
        industry=employer.industry,
        is_fictional=employer.is_fictional,
    )
    _check_manager(actor, posting)
    if employer.status != Employer.Status.APPROVED:
        raise ValidationError({"employer": _("承認された協力雇用主を選んでください。")})
    _apply(posting, values)
    _validate(posting, today=today, check_end=True, publishing=False)
    posting.save()
    audit.record(
        actor=actor,
        action="employment.posting_create",
        local_government=posting.local_government,
        obj=posting,
        changes=audit.diff({}, audit.snapshot(posting, AUDIT_FIELDS)),
    )
    return posting


@transaction.atomic
def posting_update(
    *,
    actor,
    posting: JobPosting,
    values: dict[str, Any],
    today: datetime.date | None = None,
) -> JobPosting:
    """Change a posting's content (its status stays). The end date is checked when it
    changes; the minimum wage always (today's rate)."""
    _check_manager(actor, posting)
    today = today or timezone.localdate()
    before = audit.snapshot(posting, AUDIT_FIELDS)
    _apply(posting, values)
    _validate(
        posting,
        today=today,
        check_end=audit.snapshot(posting, ["ends_on"])["ends_on"] != before["ends_on"],
        publishing=False,
    )
    posting.save()
    changes = audit.diff(before, audit.snapshot(posting, AUDIT_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="employment.posting_update",
            local_government=posting.local_government,
            obj=posting,
            changes=changes,
        )
    return posting


@transaction.atomic
def posting_publish(
    *, actor, posting: JobPosting, today: datetime.date | None = None
) -> JobPosting:
    """Publish a draft or closed posting (its end date must be today or later)."""
    _check_manager(actor, posting)
    today = today or timezone.localdate()
    if posting.status == JobPosting.Status.PUBLISHED:
        if posting.is_expired(today):
            raise ValidationError(
                {
                    "ends_on": _(
                        "掲載終了日が過ぎています。掲載終了日を今日以降に変更すると、また公開されます。"
                    )
                }
            )
        raise ValidationError(_("この求人はすでに公開しています。"))
    before = audit.snapshot(posting, AUDIT_FIELDS)
    _validate(posting, today=today, check_end=True, publishing=True)
    posting.status = JobPosting.Status.PUBLISHED
    posting.published_at = timezone.now()
    posting.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="employment.posting_publish",
        local_government=posting.local_government,
        obj=posting,
        changes=audit.diff(before, audit.snapshot(posting, AUDIT_FIELDS)),
    )
    return posting


@transaction.atomic
def posting_close(*, actor, posting: JobPosting) -> JobPosting:
    """Close a posting (published or still a draft): it leaves the board at once."""
    _check_manager(actor, posting)
    if posting.status == JobPosting.Status.CLOSED:
        raise ValidationError(_("この求人はすでに終了しています。"))
    before = audit.snapshot(posting, AUDIT_FIELDS)
    posting.status = JobPosting.Status.CLOSED
    posting.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="employment.posting_close",
        local_government=posting.local_government,
        obj=posting,
        changes=audit.diff(before, audit.snapshot(posting, AUDIT_FIELDS)),
    )
    return posting


def close_expired_postings(
    *, today: datetime.date | None = None, dry_run: bool = False
) -> dict[LocalGovernment, int]:
    """Close every published posting whose end date is before `today`, in one transaction
    per local government with one audit entry each; return {local government: count}.
    Running it again closes nothing more (safe for cron)."""
    today = today or timezone.localdate()
    expired = JobPosting.objects.filter(status=JobPosting.Status.PUBLISHED, ends_on__lt=today)
    counts = dict(
        expired.order_by()
        .values("local_government_id")
        .annotate(count=Count("id"))
        .values_list("local_government_id", "count")
    )
    bodies = LocalGovernment.objects.in_bulk(list(counts))
    result = {}
    for local_government_id in sorted(counts):
        local_government = bodies[local_government_id]
        if dry_run:
            result[local_government] = counts[local_government_id]
            continue
        with transaction.atomic():
            own = expired.filter(local_government_id=local_government_id)
            ids = list(own.order_by("id").values_list("id", flat=True)[:AUDIT_ID_LIMIT])
            closed = own.update(status=JobPosting.Status.CLOSED, updated_at=timezone.now())
            audit.record(
                actor=None,
                action="employment.postings_close_expired",
                local_government=local_government,
                object_type="employment.jobposting",
                object_label=_("掲載終了日を過ぎた求人 %(count)s件") % {"count": closed},
                changes={"closed": closed, "ends_before": today.isoformat(), "ids": ids},
            )
        result[local_government] = closed
    return result
