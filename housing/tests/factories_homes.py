"""Factories and helpers of the homes part's tests (the shared ones are in factories.py).
Everything they make is fictional (架空)."""

from decimal import Decimal

import factory

from core.roles import Role
from housing.models import HousingProvider, HousingRules, LocalAcceptance
from housing.tests.factories import HousingProviderFactory


class LocalAcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAcceptance

    label = factory.Sequence(lambda n: f"市が加える区分{n}（架空）")
    bit = factory.Sequence(lambda n: 24 + n % 7)


class HousingRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingRules

    min_floor_area = Decimal("18")
    note = "架空市賃貸住宅供給促進計画（架空）"


def provider_of_city(city) -> HousingProvider:
    """The provider profile of the city's housing-provider account."""
    organization = city.users[Role.HOUSING_PROVIDER].organization
    provider = HousingProvider.objects.filter(organization=organization).first()
    return provider or HousingProviderFactory(local_government=city.lg, organization=organization)


def home_values(**changes) -> dict:
    """A complete home that meets the national standards, as the services take it."""
    values = {
        "registration_number": "",
        "name": "架空コーポ（テスト）",
        "address": "テスト市中央区架空町3-3（架空）",
        "ward": "中央区",
        "rent": 42000,
        "common_fee": 2000,
        "deposit": 0,
        "floor_area": Decimal("26.50"),
        "layout": "1DK",
        "units": 6,
        "vacancies": 2,
        "earthquake_resistant": True,
        "accepts": 0,
        "is_public": True,
    }
    values.update(changes)
    return values


def home_post(**changes) -> dict:
    """The home form as a browser posts it (checkboxes: present when ticked)."""
    data = {
        "name": "架空コーポ（フォーム）",
        "address": "テスト市中央区架空町4-4（架空）",
        "ward": "",
        "rent": "42000",
        "common_fee": "2000",
        "deposit": "0",
        "floor_area": "26.5",
        "layout": "1DK",
        "units": "6",
        "vacancies": "2",
        "earthquake_resistant": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
