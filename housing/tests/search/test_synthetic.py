"""The synthetic housing seeder: fictional providers holding their body's homes, searchable."""

import random

from core.models import LocalGovernment
from core.synthetic import seeders, synthetic_local_governments
from housing.models import HousingProvider, SafetyNetHome
from housing.selectors import HomeCriteria, search_homes
from housing.synthetic import seed_housing


def test_it_is_registered_for_seed_synthetic():
    assert "housing" in [name for name, _seeder in seeders()]


def test_every_body_gets_fictional_homes_of_its_own_providers(db):
    LocalGovernment.objects.bulk_create(synthetic_local_governments(2))
    bodies = list(LocalGovernment.objects.filter(is_synthetic=True).order_by("code"))
    seed_housing(bodies, random.Random(1), homes_per_body=60, exact=True)
    for body in bodies:
        homes = SafetyNetHome.objects.filter(local_government=body)
        assert homes.count() == 60
        assert not homes.filter(is_fictional=False).exists()
        assert not homes.exclude(provider__local_government=body).exists()
        assert all("架空" in name for name in homes.values_list("name", flat=True))
    assert not HousingProvider.objects.filter(is_fictional=False).exists()
    assert search_homes(bodies[0], HomeCriteria(vacant_only=True)).exists()
