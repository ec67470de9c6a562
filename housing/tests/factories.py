"""Factories for housing tests, shared by its parts (each part keeps its own extras in
factories_<part>.py). Everything they make is fictional (架空)."""

from decimal import Decimal

import factory

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from core.fields.choice_masks import to_mask
from core.tests.factories import LocalGovernmentFactory
from housing.models import Acceptance, HousingProvider, PublicHousingRound, SafetyNetHome


class HousingProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingProvider

    local_government = factory.SubFactory(LocalGovernmentFactory)
    organization = factory.SubFactory(
        OrganizationFactory,
        local_government=factory.SelfAttribute("..local_government"),
        kind=Organization.Kind.HOUSING_PROVIDER,
        name=factory.Sequence(lambda n: f"架空居住支援法人{n}"),
    )
    kind = HousingProvider.Kind.SUPPORT_CORPORATION
    is_fictional = True


class SafetyNetHomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyNetHome

    provider = factory.SubFactory(HousingProviderFactory)
    local_government = factory.SelfAttribute("provider.local_government")
    registration_number = factory.Sequence(lambda n: f"架空-{n + 1:06d}")
    name = factory.Sequence(lambda n: f"架空ハイツ{n}")
    address = "熊本市中央区架空町1-1（架空）"
    ward = "中央区"
    rent = 40000
    common_fee = 3000
    deposit = 40000
    floor_area = Decimal("25.00")
    layout = "1K"
    units = 4
    vacancies = 1
    accepts = factory.LazyFunction(
        lambda: to_mask(Acceptance, [Acceptance.ELDERLY, Acceptance.PROBATION])
    )
    contact = "096-000-0000（架空）"
    is_public = True
    is_fictional = True


class PublicHousingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicHousingRound

    local_government = factory.SubFactory(LocalGovernmentFactory)
    kind = PublicHousingRound.Kind.REGULAR
    title = factory.Sequence(lambda n: f"市営住宅 定期募集（架空）{n}")
    application_from = factory.Faker("date_this_year")
    is_published = True
