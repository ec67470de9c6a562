"""The synthetic directory (manage.py seed_synthetic): shaped like a real one, all fictional,
and already searchable."""

import random

import pytest
from django.db import connection

from core import synthetic
from core.models import LocalGovernment
from directory.models import Phone, Schedule, Service, Taxonomy, TaxonomyTerm
from directory.search.fulltext import search_services, service_search_text
from directory.synthetic import seed_directory, taxonomy_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    LocalGovernment.objects.bulk_create(synthetic.synthetic_local_governments(3))
    saved = list(LocalGovernment.objects.filter(is_synthetic=True).order_by("code"))
    seed_directory(saved, random.Random(20261128))
    return saved


def test_the_seeder_is_registered():
    assert "directory" in [name for name, _ in synthetic.seeders()]


def test_each_body_gets_about_57_services_marked_fictional(bodies):
    for lg in bodies:
        services = Service.objects.filter(local_government=lg)
        assert 54 <= services.count() <= 61
        assert not services.filter(is_fictional=False).exists()
        assert not services.exclude(name__contains="架空").exists()
        assert services.filter(review_status="published", status="active").count() > 40


def test_each_body_has_the_packages_needs_taxonomy(bodies):
    wanted = {kind: [row["code"] for row in rows] for kind, rows in taxonomy_terms().items()}
    assert set(wanted) == {"need", "audience", "situation"}
    for lg in bodies:
        assert Taxonomy.objects.filter(local_government=lg).count() == 3
        for kind, codes in wanted.items():
            terms = TaxonomyTerm.objects.filter(local_government=lg, taxonomy__kind=kind)
            assert list(terms.values_list("code", flat=True)) == codes
    housing = TaxonomyTerm.objects.filter(local_government=bodies[0], code="housing").get()
    assert housing.name == "住まい" and housing.services.exists()


def test_services_have_places_phones_and_hours_some_around_the_clock(bodies):
    services = Service.objects.filter(local_government=bodies[0])
    assert not services.filter(service_at_locations__isnull=True).exists()
    assert services.filter(terms__taxonomy__kind="need").distinct().count() == services.count()
    places = {sal.location for s in services for sal in s.service_at_locations.all()}
    assert {place.ward for place in places if place.location_type == "physical"} <= {
        "中央区",
        "東区",
        "西区",
        "南区",
        "北区",
    }
    assert all(place.addresses.count() <= 1 for place in places)
    phones = Phone.objects.filter(local_government=bodies[0])
    assert phones.exists() and all(p.number.startswith("000-") for p in phones)
    every_day = Schedule.objects.filter(is_24_hours=True, byday="MO,TU,WE,TH,FR,SA,SU")
    assert every_day.exists()
    assert all(s.service.is_24_hours for s in every_day)
    # an unconfirmed phone or schedule is absent, never invented
    assert Service.objects.filter(phones__isnull=True).exists()
    assert Service.objects.filter(schedules__isnull=True).exists()


def test_synthetic_services_are_indexed_for_search(bodies):
    lg = bodies[1]
    housing = search_services(lg, "すまい")
    assert housing
    assert all(s.local_government_id == lg.pk for s in housing)
    work = search_services(lg, "仕事", terms=["work"])
    assert work and all("work" in {t.code for t in s.terms.all()} for s in work)
    sample = Service.objects.filter(local_government=lg).first()
    assert sample.search_text == service_search_text(sample)  # as reindex_service would
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM directory_service_fts")
            assert cursor.fetchone()[0] == Service.objects.count()
