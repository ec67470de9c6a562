"""Record scope (issue 15, "Who sees what"): for every GET page of one case
(access_rows.CASE_PAGES, merged from all parts), on the access matrix's case:

- the department user, covered by consent, opens it (200) and the opening is a sensitive-read
  audit entry on the case;
- the same user once the consent is withdrawn: 404;
- the same user with the consent expired (valid until yesterday): 404;
- the same role from another organization of the city (city_outsiders): 404;
- the same user once its basis covers no field group (the scope kept, its groups emptied): 404.

Each case is asserted, not sampled. The narrower case "a group the page needs is not covered"
(the volunteer on a reveal of the legal group) is asserted below the loop."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coordination.models import ConsentScope, FieldGroup
from coordination.tests.access_rows import CASE_PAGES
from coordination.tests.factories import matrix_world
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role

PAGES = sorted(CASE_PAGES)


def _reads(case):
    return AuditEntry.objects.filter(
        action=AuditEntry.SENSITIVE_READ,
        object_type="coordination.case",
        object_id=str(case.pk),
    )


@pytest.fixture
def world(city):
    return matrix_world(city)


def _get(client, user, name, world):
    client.force_login(user)
    return client.get(reverse(name, kwargs=CASE_PAGES[name](world)))


def test_every_case_page_is_listed():
    assert "cases:detail" in PAGES
    assert "cases:reveal" in PAGES


@pytest.mark.parametrize("name", PAGES)
def test_the_covered_department_opens_it_and_the_read_is_logged(client, city, world, name):
    response = _get(client, city.users[Role.DEPARTMENT], name, world)
    assert response.status_code == 200
    entry = _reads(world.case).latest("pk")
    assert entry.actor_id == city.users[Role.DEPARTMENT].pk
    assert entry.changes["kind"] == "support_case"


@pytest.mark.parametrize("name", PAGES)
def test_withdrawn_consent_is_404(client, city, world, name):
    world.consent.withdrawn_at = timezone.now()
    world.consent.save(update_fields=["withdrawn_at"])
    assert _get(client, city.users[Role.DEPARTMENT], name, world).status_code == 404
    assert not _reads(world.case).exists()


@pytest.mark.parametrize("name", PAGES)
def test_expired_consent_is_404(client, city, world, name):
    world.consent.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    world.consent.save(update_fields=["valid_until"])
    assert _get(client, city.users[Role.DEPARTMENT], name, world).status_code == 404
    assert not _reads(world.case).exists()


@pytest.mark.parametrize("name", PAGES)
def test_same_role_of_another_organization_is_404(client, city, city_outsiders, world, name):
    assert _get(client, city_outsiders[Role.DEPARTMENT], name, world).status_code == 404
    assert not _reads(world.case).exists()


@pytest.mark.parametrize("name", PAGES)
def test_a_basis_that_covers_no_group_is_404(client, city, world, name):
    ConsentScope.objects.filter(
        consent=world.consent, organization=city.users[Role.DEPARTMENT].organization
    ).update(groups=0)
    assert _get(client, city.users[Role.DEPARTMENT], name, world).status_code == 404
    assert not _reads(world.case).exists()


def test_a_group_the_page_needs_is_not_covered(client, city, world):
    """The volunteer's basis (basic, contact, plan) and role never cover the legal group."""
    volunteer = city.users[Role.VOLUNTEER]
    client.force_login(volunteer)
    url = reverse("cases:reveal", kwargs={"pk": world.case.pk})
    assert client.get(url, {"group": "legal"}).status_code == 404
    assert client.post(url, {"group": "legal", "reason": "確認のため"}).status_code == 404
    assert client.get(url, {"group": "contact"}).status_code == 200
    department = city.users[Role.DEPARTMENT]
    ConsentScope.objects.filter(consent=world.consent, organization=department.organization).update(
        groups=to_mask(FieldGroup, [FieldGroup.BASIC])
    )
    client.force_login(department)
    assert client.get(url, {"group": "health"}).status_code == 404
    assert not _reads(world.case).filter(actor_id=department.pk).exists()
