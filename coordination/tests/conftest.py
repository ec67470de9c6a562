"""A case led by a partner body, shared by consent with a second partner body (basic, contact,
plan), the world these tests start from. All fictional."""

from types import SimpleNamespace

import pytest

from coordination.models import FieldGroup
from coordination.tests.factories import CaseFactory, ConsentFactory, member, partner, share
from core.roles import Role


@pytest.fixture
def world(db):
    case = CaseFactory()
    body = case.local_government
    other = partner(body)
    consent = ConsentFactory(case=case)
    share(consent, other, FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.PLAN)
    return SimpleNamespace(
        case=case,
        body=body,
        lead=case.lead_organization,
        lead_user=member(case.lead_organization, Role.PARTNER),
        other=other,
        other_user=member(other, Role.PARTNER),
        consent=consent,
    )
