"""Access-matrix rows of the meetings pages (merged into pdca/tests/access_rows.py).

The city's department user works for 住宅政策課 (housing): it attended the meeting these rows
create and the follow-up item is assigned to it, so it may read both and change the item's
status; only the secretariat edits."""

import datetime

from core.roles import Role
from core.testing.matrix import REDIRECT, page_form, staff_only
from pdca.models import FollowUpItem, Meeting


def _meeting(city) -> Meeting:
    meeting = Meeting.objects.create(
        local_government=city.lg,
        plan=city.plan,
        kind=Meeting.Kind.SECTION_CHIEFS,
        title="令和7年度 第1回 再犯防止推進関係課長会議（架空）",
        held_on=datetime.date(2025, 5, 20),
    )
    meeting.attending_departments.set([city.departments["housing"]])
    return meeting


def _meeting_kwargs(city) -> dict:
    return {"pk": _meeting(city).pk}


def _follow_up_kwargs(city) -> dict:
    item = FollowUpItem.objects.create(
        local_government=city.lg,
        meeting=_meeting(city),
        measure=city.measures[1],
        department=city.departments["housing"],
        description="登録事業者への説明会を開く（架空）",
        due_on=datetime.date(2025, 9, 30),
    )
    return {"pk": item.pk}


READERS = (Role.SECRETARIAT, Role.DEPARTMENT)

ROWS = {
    "meetings:index": staff_only(*READERS),
    "meetings:export_csv": staff_only(*READERS),
    "meetings:create": staff_only(
        Role.SECRETARIAT, post=page_form(succeeds=True, held_on="2025-05-20")
    ),
    "meetings:detail": staff_only(*READERS, kwargs=_meeting_kwargs),
    "meetings:edit": staff_only(Role.SECRETARIAT, kwargs=_meeting_kwargs),
    "meetings:follow_up_create": staff_only(
        Role.SECRETARIAT,
        kwargs=_meeting_kwargs,
        post=page_form(succeeds=True, description="説明会を開く（架空）"),
    ),
    "meetings:follow_ups": staff_only(*READERS),
    "meetings:follow_up_edit": staff_only(Role.SECRETARIAT, kwargs=_follow_up_kwargs),
    "meetings:follow_up_status": staff_only(
        *READERS,
        ok=REDIRECT,
        kwargs=_follow_up_kwargs,
        method="post",
        data={"status": FollowUpItem.Status.IN_PROGRESS},
    ),
}
