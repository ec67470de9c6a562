"""The HSDS tests' directory fixture."""

import datetime

import pytest

from directory.models import Location, Organization, Service
from directory.tests.factories import PhoneFactory, ScheduleFactory, ServiceFactory
from directory.tests.package_data import load_city_directory


@pytest.fixture
def directory(city, tmp_path):
    """The fictional package loaded into `city`, plus records only the back office gives
    (coordinates, an inactive service, a draft, an extension, a dated schedule)."""
    load_city_directory(city, tmp_path / "package")
    center = Organization.objects.get(name="テスト住まい支援センター（架空）")
    place = Location.objects.get(organization=center)
    Location.objects.filter(pk=place.pk).update(latitude="32.803100", longitude="130.707900")
    Service.objects.filter(name="住まいの相談（架空）").update(
        last_verified_on=datetime.date(2024, 4, 1), url="https://example.org/housing"
    )
    resting = ServiceFactory(organization=center, name="休止中の相談（架空）", status="inactive")
    ServiceFactory(organization=center, name="作成中の相談（架空）", review_status="draft")
    PhoneFactory(local_government=city.lg, location=place, number="096-000-0009", extension="12")
    ScheduleFactory(
        local_government=city.lg,
        location=place,
        byday="SA",
        opens_at=datetime.time(10, 0),
        closes_at=datetime.time(12, 0),
        valid_from=datetime.date(2024, 4, 1),
        valid_to=datetime.date(2025, 3, 31),
    )
    return resting
