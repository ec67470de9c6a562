"""A third organization consented only for 基本 (no plan group): it is in the case team but
every support page is a 404 for it."""

import pytest

from coordination.models import FieldGroup
from coordination.tests.factories import member, partner, share
from core.roles import Role


@pytest.fixture
def basic_only(world):
    organization = partner(world.body)
    share(world.consent, organization, FieldGroup.BASIC)
    return member(organization, Role.PARTNER)
