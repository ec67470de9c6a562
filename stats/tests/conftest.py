"""Fixtures of the statistics tests: Kumamoto's statistics loaded from its package, and a
few fictional series for the small city."""

import pytest

from conftest import KUMAMOTO_PACKAGE


@pytest.fixture(scope="session")
def kumamoto_statistics_package():
    from stats.package import read_statistics_package

    return read_statistics_package(KUMAMOTO_PACKAGE)


@pytest.fixture
def kumamoto_stats(kumamoto, kumamoto_statistics_package):
    """Kumamoto's plan and its statistics (60 series, 140 values)."""
    from stats.services import statistics_load_package

    statistics_load_package(
        local_government=kumamoto.local_government, package=kumamoto_statistics_package
    )
    return kumamoto.local_government


@pytest.fixture
def city_series(city):
    from stats.tests.factories import make_city_series

    return make_city_series(city)
