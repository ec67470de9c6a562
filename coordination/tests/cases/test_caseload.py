"""The caseload: the cases of the user's team only, case numbers without names, filters, sort,
the empty state, and a query count that does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coordination.models import Case, FieldGroup
from coordination.tests.factories import CaseFactory, ConsentFactory, PersonFactory, member, share
from core.models import AuditEntry
from core.roles import Role

URL = reverse("cases:index")


def _cases(world, count):
    for _ in range(count):
        case = CaseFactory(
            person=PersonFactory(local_government=world.body), lead_organization=world.lead
        )
        share(ConsentFactory(case=case), world.other, FieldGroup.BASIC)


def test_the_lead_sees_its_case_by_number_and_never_the_name(client, world):
    client.force_login(world.lead_user)
    response = client.get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert world.case.person.case_number in content
    assert world.case.person.name not in content
    assert not AuditEntry.objects.filter(action="read.sensitive").exists()


def test_a_covered_organization_sees_it_and_another_does_not(client, world):
    client.force_login(world.other_user)
    assert world.case.person.case_number in client.get(URL).content.decode()
    stranger = member(
        CaseFactory(person=PersonFactory(local_government=world.body)).lead_organization
    )
    client.force_login(stranger)
    assert world.case.person.case_number not in client.get(URL).content.decode()


def test_a_withdrawn_consent_drops_the_case_from_the_list(client, world):
    world.consent.withdrawn_at = timezone.now()
    world.consent.save()
    client.force_login(world.other_user)
    assert world.case.person.case_number not in client.get(URL).content.decode()


def test_filters_status_lead_and_number(client, world):
    other_led = CaseFactory(
        person=PersonFactory(local_government=world.body), lead_organization=world.other
    )
    closed = CaseFactory(
        person=PersonFactory(local_government=world.body),
        lead_organization=world.other,
        status=Case.Status.CLOSED,
    )
    client.force_login(world.other_user)
    content = client.get(URL, {"lead_only": "on"}).content.decode()
    assert other_led.person.case_number in content
    assert world.case.person.case_number not in content
    content = client.get(URL, {"status": "closed"}).content.decode()
    assert closed.person.case_number in content
    assert other_led.person.case_number not in content
    number = world.case.person.case_number
    content = client.get(URL, {"number": number}).content.decode()
    assert number in content and other_led.person.case_number not in content


def test_sort_by_case_number(client, world):
    _cases(world, 2)
    client.force_login(world.lead_user)
    content = client.get(URL, {"sort": "number"}).content.decode()
    numbers = sorted(
        Case.objects.filter(lead_organization=world.lead).values_list(
            "person__case_number", flat=True
        )
    )
    positions = [content.index(number) for number in numbers]
    assert positions == sorted(positions)


def test_empty_state_says_to_register(client, db):
    user = member(CaseFactory().lead_organization)  # a partner whose body has one other case
    Case.objects.all().delete()
    client.force_login(user)
    content = client.get(URL).content.decode()
    assert "支援対象者を登録する" in content
    assert reverse("cases:create") in content


@pytest.mark.parametrize("count", [1, 30])
def test_the_query_count_does_not_grow(client, world, count):
    _cases(world, count)
    client.force_login(world.other_user)
    client.get(URL)  # warm the session and the caches
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _cases(world, 20)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)


@pytest.mark.parametrize(
    "role, shown",
    [
        (Role.SECRETARIAT, True),
        (Role.DEPARTMENT, True),
        (Role.PARTNER, True),
        (Role.VOLUNTEER, True),
        (Role.EMPLOYER, False),
        (Role.HOUSING_PROVIDER, False),
    ],
)
def test_the_staff_navigation_links_the_caseload(client, city, role, shown):
    client.force_login(city.users[role])
    response = client.get(reverse("staff:home"))
    assert response.context["perms_support"] is shown
    assert (f'href="{URL}"' in response.content.decode()) is shown


def test_sortable_headers_say_which_column_sorts(client, world):
    client.force_login(world.lead_user)
    content = client.get(URL, {"sort": "number"}).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "sort=-number" in content
