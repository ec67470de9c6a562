"""The magazine tests' people: the secretariat and two fictional employers."""

import pytest

from core.roles import Role
from employment.tests.factories import EmployerFactory


@pytest.fixture
def secretariat(city):
    return city.users[Role.SECRETARIAT]


@pytest.fixture
def employer(city):
    return EmployerFactory(local_government=city.lg, name="架空建設株式会社（架空）")


@pytest.fixture
def hidden_employer(city):
    """An employer who keeps its company off the public job board."""
    return EmployerFactory(
        local_government=city.lg, name="非公開運送株式会社（架空）", is_public=False
    )
