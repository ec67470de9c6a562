"""Reads of meetings and their follow-up items, and who may see or change them.

The secretariat of a local government sees and edits all of its meetings. A department sees
the meetings it attended and the follow-up items assigned to it, and may change the status of
those items only. Nobody else sees anything; another local government's records are simply
not in any of these querysets (so views answer 404).
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core import wareki
from core.access import has_role
from core.models import LocalGovernment
from core.roles import Role
from pdca.models import FollowUpItem, Meeting
from plans.models import Department, Measure, PartnerOrganization, Plan

MEETING_SORTS = {"date": ("held_on", "id"), "-date": ("-held_on", "-id")}
DEFAULT_MEETING_SORT = "-date"

NOT_DONE = "not_done"  # the follow-up filter for items still open or in progress

AttendedDepartment = Meeting.attending_departments.through
AttendedOrganization = Meeting.attending_organizations.through


# --- access -------------------------------------------------------------------------------


def _same_body(user, local_government_id: int) -> bool:
    return user.is_authenticated and user.local_government_id == local_government_id


def can_manage_meetings(user, local_government: LocalGovernment) -> bool:
    """The secretariat records meetings and their follow-up items."""
    return _is_secretariat_of(user, local_government.pk)


def _is_secretariat_of(user, local_government_id: int) -> bool:
    return has_role(user, [Role.SECRETARIAT]) and _same_body(user, local_government_id)


def _department_of(user, local_government_id: int) -> int | None:
    """Return the department id of a department user of the local government, else None."""
    if has_role(user, [Role.DEPARTMENT]) and _same_body(user, local_government_id):
        return user.department_id
    return None


def can_set_follow_up_status(user, item: FollowUpItem) -> bool:
    """The secretariat, or the department the item is assigned to."""
    if _is_secretariat_of(user, item.local_government_id):
        return True
    department_id = _department_of(user, item.local_government_id)
    return department_id is not None and item.department_id == department_id


def visible_meetings(user, local_government: LocalGovernment) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(local_government=local_government)
    if can_manage_meetings(user, local_government):
        return meetings
    department_id = _department_of(user, local_government.pk)
    if department_id is None:
        return meetings.none()
    return meetings.filter(
        Exists(
            AttendedDepartment.objects.filter(
                meeting_id=OuterRef("pk"), department_id=department_id
            )
        )
    )


def visible_follow_ups(user, local_government: LocalGovernment) -> QuerySet[FollowUpItem]:
    items = FollowUpItem.objects.filter(local_government=local_government)
    if can_manage_meetings(user, local_government):
        return items
    department_id = _department_of(user, local_government.pk)
    if department_id is None:
        return items.none()
    return items.filter(department_id=department_id)


# --- meetings -----------------------------------------------------------------------------


def fiscal_year_range(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a fiscal year (April to March)."""
    return datetime.date(fiscal_year, 4, 1), datetime.date(fiscal_year + 1, 3, 31)


def meeting_fiscal_years(meetings: QuerySet[Meeting], *, today: datetime.date) -> list[int]:
    """The fiscal years that have meetings, and the current one, newest first."""
    years = {wareki.fiscal_year_of(day) for day in meetings.dates("held_on", "month")}
    years.add(wareki.fiscal_year_of(today))
    return sorted(years, reverse=True)


def _count(queryset: QuerySet, key: str):
    """A correlated COUNT(*) of `queryset` rows whose `key` is the outer row's pk."""
    counted = (
        queryset.filter(**{key: OuterRef("pk")})
        .order_by()
        .values(key)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def meeting_list(
    meetings: QuerySet[Meeting],
    *,
    kind: str = "",
    fiscal_year: int | None = None,
    sort: str = DEFAULT_MEETING_SORT,
    follow_ups: QuerySet[FollowUpItem] | None = None,
) -> QuerySet[Meeting]:
    """Filter and order `meetings`, with counts of attendees and of the follow-up items in
    `follow_ups` (the ones the user may see), in one query."""
    if kind:
        meetings = meetings.filter(kind=kind)
    if fiscal_year:
        meetings = meetings.filter(held_on__range=fiscal_year_range(fiscal_year))
    if follow_ups is None:
        follow_ups = FollowUpItem.objects.all()
    return meetings.annotate(
        department_count=_count(AttendedDepartment.objects.all(), "meeting_id"),
        organization_count=_count(AttendedOrganization.objects.all(), "meeting_id"),
        follow_up_count=_count(follow_ups, "meeting_id"),
        open_follow_up_count=_count(
            follow_ups.exclude(status=FollowUpItem.Status.DONE), "meeting_id"
        ),
    ).order_by(*MEETING_SORTS.get(sort, MEETING_SORTS[DEFAULT_MEETING_SORT]))


def with_attendees(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Prefetch the attending departments and organizations, in the order forms show them."""
    return meetings.prefetch_related(
        Prefetch(
            "attending_departments",
            queryset=Department.objects.select_related("parent").order_by("position", "id"),
        ),
        Prefetch("attending_organizations", queryset=organizations_for_meetings_order()),
    )


def organizations_for_meetings_order() -> QuerySet[PartnerOrganization]:
    """Council members first, by their number in the council; then the other bodies."""
    return PartnerOrganization.objects.order_by(
        F("council_number").asc(nulls_last=True), "position", "id"
    )


def meeting_organizations(local_government: LocalGovernment) -> QuerySet[PartnerOrganization]:
    return organizations_for_meetings_order().filter(local_government=local_government)


def meeting_departments(local_government: LocalGovernment) -> QuerySet[Department]:
    return (
        Department.objects.filter(local_government=local_government)
        .select_related("parent")
        .order_by("position", "id")
    )


def default_title(
    *,
    local_government: LocalGovernment,
    kind: str,
    held_on: datetime.date,
    exclude_pk: int | None = None,
) -> str:
    """Return e.g. '令和7年度 第1回 再犯防止推進関係課長会議': the meeting's number counts the
    meetings of the same kind held earlier in the same fiscal year."""
    fiscal_year = wareki.fiscal_year_of(held_on)
    start, _end = fiscal_year_range(fiscal_year)
    earlier = (
        Meeting.objects.filter(
            local_government=local_government, kind=kind, held_on__gte=start, held_on__lte=held_on
        )
        .exclude(pk=exclude_pk)
        .count()
    )
    return _("%(era)s年度 第%(number)s回 %(kind)s") % {
        "era": wareki.fiscal_year_era(fiscal_year),
        "number": earlier + 1,
        "kind": Meeting.Kind(kind).label,
    }


# --- follow-up items ----------------------------------------------------------------------


def measure_label(measure: Measure) -> str:
    """Return e.g. '第2節（1）① セーフティネット住宅の登録促進' (needs area__pillar loaded)."""
    return _("第%(pillar)s節（%(area)s）%(number)s %(title)s") % {
        "pillar": measure.area.pillar.number,
        "area": measure.area.number,
        "number": measure.circled_number,
        "title": measure.title,
    }


def plan_measures(plan: Plan) -> QuerySet[Measure]:
    """The measures a follow-up item of a meeting of `plan` may concern, in plan order."""
    return (
        Measure.objects.filter(area__pillar__plan=plan)
        .select_related("area__pillar")
        .order_by("area__pillar__number", "area__number", "number")
    )


def _with_details(items: QuerySet[FollowUpItem], today: datetime.date) -> QuerySet[FollowUpItem]:
    return items.select_related("meeting", "measure__area__pillar", "department__parent").annotate(
        is_overdue=Case(
            When(Q(due_on__lt=today) & ~Q(status=FollowUpItem.Status.DONE), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def follow_up_list(
    user,
    local_government: LocalGovernment,
    *,
    today: datetime.date,
    status: str = "",
) -> QuerySet[FollowUpItem]:
    """The follow-up items the user may see, across meetings: overdue and nearest deadlines
    first, items without a deadline after them. Each item says whether it is overdue and
    whether the user may open its meeting."""
    items = visible_follow_ups(user, local_government)
    if status == NOT_DONE:
        items = items.exclude(status=FollowUpItem.Status.DONE)
    elif status:
        items = items.filter(status=status)
    department_id = _department_of(user, local_government.pk)
    if can_manage_meetings(user, local_government) or department_id is None:
        meeting_visible = Value(can_manage_meetings(user, local_government))
    else:
        meeting_visible = Exists(
            AttendedDepartment.objects.filter(
                meeting_id=OuterRef("meeting_id"), department_id=department_id
            )
        )
    return (
        _with_details(items, today)
        .annotate(meeting_visible=meeting_visible)
        .order_by(
            Case(
                When(status=FollowUpItem.Status.DONE, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            F("due_on").asc(nulls_last=True),
            "-meeting__held_on",
            "id",
        )
    )


def overdue_follow_ups(
    user, local_government: LocalGovernment, *, today: datetime.date
) -> QuerySet[FollowUpItem]:
    """The items the user may see that are past their deadline and not done."""
    return (
        visible_follow_ups(user, local_government)
        .filter(due_on__lt=today)
        .exclude(status=FollowUpItem.Status.DONE)
    )


def meeting_follow_ups(user, meeting: Meeting, *, today: datetime.date) -> QuerySet[FollowUpItem]:
    """The follow-up items of one meeting that the user may see, in the order they were
    added."""
    items = visible_follow_ups(user, meeting.local_government).filter(meeting=meeting)
    return _with_details(items, today).order_by("id")


def follow_ups_for_measure(measure: Measure, *, user=None) -> QuerySet[FollowUpItem]:
    """Return the follow-up items that concern `measure`, newest meeting first, with their
    meeting and department loaded. With `user`, only the items that user may see."""
    if user is None:
        items = FollowUpItem.objects.filter(local_government_id=measure.local_government_id)
    else:
        items = visible_follow_ups(user, measure.local_government)
    return (
        items.filter(measure=measure)
        .select_related("meeting", "department__parent")
        .order_by("-meeting__held_on", "id")
    )
