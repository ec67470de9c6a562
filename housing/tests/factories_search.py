"""Factories of the search and public tests (all fictional, 架空); directory records come from
directory.tests.factories."""

import factory

from housing.models import LocalAcceptance, PublicHousingRule


class LocalAcceptanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAcceptance

    label = factory.Sequence(lambda n: f"市が加えた対象{n}（架空）")
    bit = 24


class PublicHousingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicHousingRule

    title = factory.Sequence(lambda n: f"優先入居{n}（架空）")
    body = "高齢者世帯などは抽せんで優遇されます（架空）。"
    order = factory.Sequence(lambda n: n + 1)
