"""Fixtures of the meetings tests."""

import datetime

import pytest

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory
from pdca.models import Meeting
from pdca.tests.meetings.helpers import make_item
from plans.tests.factories import (
    AreaFactory,
    DepartmentFactory,
    MeasureFactory,
    PillarFactory,
    PlanFactory,
)


@pytest.fixture
def elsewhere(db):
    """Another local government with its own plan, measure, department and secretariat."""
    lg = LocalGovernmentFactory(code="999992", slug="othercity", name="ほか市（架空）")
    department = DepartmentFactory(local_government=lg, name="福祉課（架空）")
    plan = PlanFactory(local_government=lg)
    area = AreaFactory(pillar=PillarFactory(plan=plan, number=1), number=1)
    measure = MeasureFactory(area=area, number=1, departments=[department])
    secretariat = UserFactory(
        username="othercity-secretariat",
        role=Role.SECRETARIAT,
        organization=OrganizationFactory(
            local_government=lg, kind="city_department", department=department
        ),
    )
    meeting = Meeting.objects.create(
        local_government=lg,
        plan=plan,
        kind=Meeting.Kind.COUNCIL,
        title="ほか市の連絡会（架空）",
        held_on=datetime.date(2025, 6, 1),
    )
    meeting.attending_departments.set([department])
    item = make_item(meeting, department=department, measure=measure)
    return type(
        "Elsewhere",
        (),
        {
            "lg": lg,
            "department": department,
            "measure": measure,
            "secretariat": secretariat,
            "meeting": meeting,
            "item": item,
        },
    )
