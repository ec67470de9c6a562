"""What the referral lists and the dashboard read: querysets of one organization's received
and sent referrals (or the whole body's, for the secretariat), their filters and the
dashboard's figures, computed in the database.

Nothing here reads a person's value: a list row carries the case number (not personal: a
number the body gives), the area, the service, the status and the dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.models import NeedArea, Referral
from coordination.models import ReferralStatus as S
from coordination.referrals.services import OPEN_STATUSES, overdue_before

INBOX = "inbox"
OUTBOX = "outbox"
SORTS = {
    "sent": ("sent_at", "id"),
    "-sent": ("-sent_at", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "status": ("status", "-id"),
    "-status": ("-status", "-id"),
    "case": ("case_number", "id"),
    "-case": ("-case_number", "-id"),
}
DEFAULT_SORT = "-created"


def received(user) -> QuerySet:
    """The referrals sent to the user's organization (a draft is the sender's alone)."""
    return Referral.objects.filter(
        local_government_id=user.local_government_id, to_organization_id=user.organization_id
    ).exclude(status=S.DRAFT)


def sent(user) -> QuerySet:
    return Referral.objects.filter(
        local_government_id=user.local_government_id, from_organization_id=user.organization_id
    )


def of_body(local_government_id) -> QuerySet:
    """Every referral of the body that was sent (the secretariat's oversight)."""
    return Referral.objects.filter(local_government_id=local_government_id).exclude(status=S.DRAFT)


def overdue_q(now=None) -> Q:
    return Q(status=S.REQUESTED, sent_at__lt=overdue_before(now))


def action_q(box: str, now=None) -> Q:
    """What waits for the organization: a received referral to answer; a sent one to send
    (a draft) or to chase (overdue)."""
    if box == INBOX:
        return Q(status=S.REQUESTED)
    return Q(status=S.DRAFT) | overdue_q(now)


def listing(queryset: QuerySet, box: str, *, status="", action=False, overdue=False, sort=""):
    """The rows of a list: filtered, sorted, with what a row shows in one query."""
    now = timezone.now()
    if status:
        queryset = queryset.filter(status=status)
    if action:
        queryset = queryset.filter(action_q(box, now))
    if overdue:
        queryset = queryset.filter(overdue_q(now))
    return (
        queryset.select_related("service", "to_organization", "from_organization", "home")
        .annotate(case_number=F("case__person__case_number"))
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )


# --- the dashboard ---------------------------------------------------------------------------


def _days(duration: datetime.timedelta | None) -> float | None:
    if duration is None:
        return None
    return round(duration.total_seconds() / 86400, 1)


def median_days(queryset: QuerySet, start: str, end: str) -> float | None:
    """The median of `end - start` over the rows that have both, in days, computed by the
    database: one count, then the middle row(s) of the durations sorted (an OFFSET), so
    nothing but one or two values comes back, whatever the number of referrals."""
    duration = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    rows = queryset.filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    count = rows.count()
    if not count:
        return None
    ordered = (
        rows.annotate(duration=duration).order_by("duration").values_list("duration", flat=True)
    )
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    values = [value for value in middle if value is not None]
    if not values:
        return None
    return _days(sum(values, datetime.timedelta()) / len(values))


ACCEPTED_Q = Q(answered_at__isnull=False) & ~Q(status=S.REJECTED)


def _counts() -> dict:
    return {
        "total": Count("id"),
        "answered": Count("id", filter=Q(answered_at__isnull=False)),
        "accepted": Count("id", filter=ACCEPTED_Q),
        "completed": Count("id", filter=Q(status=S.COMPLETED)),
        "open": Count("id", filter=Q(status__in=OPEN_STATUSES)),
    }


def _rate(accepted: int, answered: int) -> float | None:
    return round(100 * accepted / answered, 1) if answered else None


@dataclass
class Figures:
    """The dashboard of one set of referrals (received, sent, or the body's)."""

    by_status: list[tuple[str, int]]
    total: int
    action: int
    overdue: int
    acceptance_rate: float | None
    reasons: list[tuple[str, str, int]]  # (status, reason code, count)
    median_accept_days: float | None
    median_complete_days: float | None
    by_area: list[dict]
    by_service: list[dict]


def figures(queryset: QuerySet, box: str, *, service_limit: int = 20) -> Figures:
    """The dashboard's figures of `queryset`, each an aggregate in the database (a handful of
    queries: by status, action and overdue, reasons, two medians per area and overall, by
    service). By service: the `service_limit` services with most referrals."""
    now = timezone.now()
    queryset = queryset.order_by()
    statuses = dict(queryset.values_list("status").annotate(n=Count("id")))
    by_status = [(label, statuses.get(value, 0)) for value, label in S.choices]
    summary = queryset.aggregate(
        action=Count("id", filter=action_q(box, now)),
        overdue=Count("id", filter=overdue_q(now)),
        **_counts(),
    )
    reasons = list(
        queryset.filter(status__in=(S.REJECTED, S.FAILED))
        .exclude(reason="")
        .values_list("status", "reason")
        .annotate(n=Count("id"))
        .order_by("-n", "reason")
    )
    accepted = queryset.filter(ACCEPTED_Q)
    completed = queryset.filter(status=S.COMPLETED)
    area_counts = {row["area"]: row for row in queryset.values("area").annotate(**_counts())}
    by_area = []
    for value, label in [*NeedArea.choices, ("", _("（分野なし）"))]:
        row = area_counts.get(value)
        if row is None:
            continue
        by_area.append(
            {
                "label": label,
                **row,
                "rate": _rate(row["accepted"], row["answered"]),
                "median_accept_days": median_days(
                    accepted.filter(area=value), "sent_at", "answered_at"
                ),
                "median_complete_days": median_days(
                    completed.filter(area=value), "sent_at", "finished_at"
                ),
            }
        )
    by_service = [
        {**row, "rate": _rate(row["accepted"], row["answered"])}
        for row in queryset.values("service_id", "service__name")
        .annotate(**_counts())
        .order_by("-total", "service__name")[:service_limit]
    ]
    return Figures(
        by_status=by_status,
        total=summary["total"],
        action=summary["action"],
        overdue=summary["overdue"],
        acceptance_rate=_rate(summary["accepted"], summary["answered"]),
        reasons=reasons,
        median_accept_days=median_days(accepted, "sent_at", "answered_at"),
        median_complete_days=median_days(completed, "sent_at", "finished_at"),
        by_area=by_area,
        by_service=by_service,
    )
