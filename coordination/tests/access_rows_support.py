"""Access-matrix rows of support coordination: support (merged in access_rows.py).

Every page of a case's support is the 支援計画 group: the matrix case's team (the lead
partner, the department by consent for every group, the volunteer for 基本・連絡先・支援計画)
opens it; the secretariat is not in the team (404)."""

from coordination.access import CASE_ROLES
from coordination.tests.access_rows_common import case_row, lead_row, world_kwargs
from core.roles import Role
from core.testing.matrix import DENIED, OK, REDIRECT, page_form, staff_only


def _world(city):
    from coordination.tests.factories import matrix_world

    return matrix_world(city)


def _volunteer_item(city):
    """An action of the matrix case owned by the volunteer's organization: the lead and the
    owner may change it, the department (in the team, not the owner) may not."""
    from coordination.tests.factories_support import PlanItemFactory

    item = PlanItemFactory(
        case=_world(city).case, owner_organization=city.users[Role.VOLUNTEER].organization
    )
    return {"pk": item.pk}


def _conference(city):
    from coordination.tests.factories_support import ConferenceFactory

    conference = ConferenceFactory(case=_world(city).case)
    conference.organizations.add(city.users[Role.PARTNER].organization)
    return {"pk": conference.pk}


def _lead_organization(city):
    return {"organizations": [city.users[Role.PARTNER].organization.pk]}


def _item_edit_row():
    row = case_row(
        kwargs=_volunteer_item,
        post=page_form(succeeds=True, text="架空の取り組み（更新）", status="in_progress"),
    )
    row.expect[Role.DEPARTMENT] = DENIED
    return row


ROWS = {
    "support:needs": case_row(kwargs=world_kwargs),
    "support:needs_create": case_row(kwargs=world_kwargs, post=page_form(succeeds=True)),
    "support:plan": case_row(kwargs=world_kwargs),
    "support:plan_item_create": case_row(
        kwargs=world_kwargs, post=page_form(succeeds=True, kind="goal", text="架空の目標")
    ),
    "support:plan_item_edit": _item_edit_row(),
    "support:my_actions": staff_only(*CASE_ROLES),
    "support:conferences": case_row(kwargs=world_kwargs),
    "support:conference_create": lead_row(
        kwargs=world_kwargs, post=page_form(_lead_organization, succeeds=True)
    ),
    "support:conference_detail": case_row(kwargs=_conference),
    "support:outcomes": case_row(kwargs=world_kwargs),
    "support:outcome_create": case_row(
        kwargs=world_kwargs, post=page_form(succeeds=True, kind="home_secured")
    ),
    "support:outcomes_from_hires": lead_row(REDIRECT, kwargs=world_kwargs, method="post"),
    "support:aggregates": staff_only(Role.SECRETARIAT, Role.DEPARTMENT),
    "support:aggregates_csv": staff_only(Role.SECRETARIAT, Role.DEPARTMENT),
}

CASE_PAGES = {
    "support:needs": lambda world: {"pk": world.case.pk},
    "support:needs_create": lambda world: {"pk": world.case.pk},
    "support:plan": lambda world: {"pk": world.case.pk},
    "support:plan_item_create": lambda world: {"pk": world.case.pk},
    "support:conferences": lambda world: {"pk": world.case.pk},
    "support:outcomes": lambda world: {"pk": world.case.pk},
    "support:outcome_create": lambda world: {"pk": world.case.pk},
}

__all__ = ["OK", "ROWS", "CASE_PAGES"]
