"""Fixtures of the events tests."""

import pytest

from employment.tests.events.helpers import event_with, seeker
from employment.tests.factories import (
    EmployerFactory,
)


@pytest.fixture
def fair(city):
    """An information session with two companies and two registered seekers."""
    a = EmployerFactory(local_government=city.lg, name="Ａ建設（架空）")
    b = EmployerFactory(local_government=city.lg, name="Ｂ運送（架空）")
    s1, s2 = seeker(city, "S-1"), seeker(city, "S-2")
    event = event_with(city, employers=[a, b], seekers=[s1, s2])
    return event, a, b, s1, s2
