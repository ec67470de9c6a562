"""Fixtures shared by the meeting tests (in and out of the browser)."""

import pytest

from plans.models import PartnerOrganization


@pytest.fixture
def partners(city):
    """Two council members (numbered out of creation order) and one other body."""
    other = PartnerOrganization.objects.create(
        local_government=city.lg, name="地域の NPO（架空）", position=1
    )
    second = PartnerOrganization.objects.create(
        local_government=city.lg, name="保護司会（架空）", council_number=2, position=2
    )
    first = PartnerOrganization.objects.create(
        local_government=city.lg, name="保護観察所（架空）", council_number=1, position=3
    )
    return [first, second, other]
