"""The support pages read a constant number of queries, whatever the number of records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coordination.models import Need, NeedArea
from coordination.tests.factories_support import (
    AssessmentFactory,
    ConferenceFactory,
    GoalFactory,
    OutcomeFactory,
    PlanItemFactory,
)

pytestmark = pytest.mark.django_db


def add_records(world, count):
    for _ in range(count):
        goal = GoalFactory(case=world.case)
        PlanItemFactory(case=world.case, goal=goal, owner_organization=world.other)
        PlanItemFactory(case=world.case, conference=ConferenceFactory(case=world.case))
        assessment = AssessmentFactory(case=world.case)
        Need.objects.bulk_create(
            Need(assessment=assessment, area=area, level=1) for area in NeedArea.values
        )
        OutcomeFactory(case=world.case)
    for conference in world.case.conferences.all():
        conference.organizations.add(world.lead, world.other)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["support:needs", "support:plan", "support:conferences", "support:outcomes"]
)
def test_the_page_reads_a_constant_number_of_queries(client, world, name):
    client.force_login(world.lead_user)
    url = reverse(name, kwargs={"pk": world.case.pk})
    add_records(world, 1)
    client.get(url)  # the first request of a session reads more (the session, the user)
    few = count(client, url)
    add_records(world, 6)
    assert count(client, url) == few
