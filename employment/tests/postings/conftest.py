"""Fixtures of the job-posting tests."""

import pytest

from core.roles import Role
from employment.tests.postings.access_rows import own_employer
from employment.tests.postings.helpers import (
    KUMAMOTO_WAGES,
)


@pytest.fixture
def employer(city):
    return own_employer(city)


@pytest.fixture
def employer_user(city, employer):
    return city.users[Role.EMPLOYER]


@pytest.fixture
def secretariat(city):
    return city.users[Role.SECRETARIAT]


@pytest.fixture
def kumamoto_city(city, settings):
    """The test city under Kumamoto's prefecture code, with Kumamoto's minimum wages."""
    city.lg.code = "431001"
    city.lg.save()
    settings.TSUNAGU_MINIMUM_WAGES = KUMAMOTO_WAGES
    return city
