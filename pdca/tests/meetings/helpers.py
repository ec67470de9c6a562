"""Helpers shared by the test modules of this folder."""

import datetime

from pdca.models import FollowUpItem, Meeting

PASSWORD = "correct horse battery staple"

Status = FollowUpItem.Status


def make_meeting(city, *, held_on=datetime.date(2025, 5, 20), departments=(), **extra):
    values = {
        "kind": Meeting.Kind.SECTION_CHIEFS,
        "title": f"会議 {held_on}（架空）",
        **extra,
    }
    meeting = Meeting.objects.create(
        local_government=city.lg, plan=city.plan, held_on=held_on, **values
    )
    meeting.attending_departments.set(departments)
    return meeting


def make_item(meeting, *, department=None, measure=None, status=Status.OPEN, due_on=None, **extra):
    return FollowUpItem.objects.create(
        local_government=meeting.local_government,
        meeting=meeting,
        department=department,
        measure=measure,
        status=status,
        due_on=due_on,
        description=extra.pop("description", "説明会を開く（架空）"),
        **extra,
    )


def sign_in(client, city, role):
    client.force_login(city.users[role])
    return city.users[role]


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()
