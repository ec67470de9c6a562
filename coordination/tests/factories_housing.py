"""Factories of the housing-referral tests (coordination.housing). Everything they make is
fictional (架空)."""

from coordination.models import FieldGroup
from coordination.tests.factories import share
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory


def home_of(local_government, **kwargs):
    """A listed safety-net home of a new provider of the body (accepts 高齢者 and
    保護観察対象者等, one vacancy: housing.tests.factories)."""
    provider = HousingProviderFactory(local_government=local_government)
    return SafetyNetHomeFactory(provider=provider, **kwargs)


def covered_home(world, *groups):
    """A home whose provider the world's consent covers (基本 unless `groups` says)."""
    home = home_of(world.case.local_government)
    share(world.consent, home.provider.organization, *(groups or (FieldGroup.BASIC,)))
    return home


def world_home_kwargs(world) -> dict:
    """For the record-scope test (CASE_PAGES): the refer page of a covered home."""
    return {"pk": world.case.pk, "home": covered_home(world).pk}


def matrix_home_kwargs(city) -> dict:
    """For the access matrix: the matrix case and a home its consent covers."""
    from coordination.tests.factories import matrix_world

    return world_home_kwargs(matrix_world(city))
