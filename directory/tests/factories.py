"""Factories for directory tests (all fictional: 架空)."""

import factory

from directory.models import (
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy
        django_get_or_create = ("local_government", "kind")

    kind = Taxonomy.Kind.NEED
    name = factory.LazyAttribute(lambda o: Taxonomy.Kind(o.kind).label)


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    local_government = factory.SelfAttribute("taxonomy.local_government")
    code = factory.Sequence(lambda n: f"term{n}")
    name = factory.Sequence(lambda n: f"困りごと{n}（架空）")
    description = factory.LazyAttribute(lambda o: f"{o.name}の相談")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"支援団体{n}（架空）")
    description = factory.LazyAttribute(lambda o: f"{o.name}は相談を受ける団体です。")
    category = Organization.Category.PARTNER
    is_fictional = True


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organization = factory.SubFactory(OrganizationFactory)
    local_government = factory.SelfAttribute("organization.local_government")
    name = factory.LazyAttribute(lambda o: o.organization.name)
    ward = "中央区"
    is_fictional = True


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    location = factory.SubFactory(LocationFactory)
    local_government = factory.SelfAttribute("location.local_government")
    address_1 = "架空町1丁目1-1"
    city = "テスト市"
    region = "中央区"
    state_province = "架空県"
    postal_code = "999-0001"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    local_government = factory.SelfAttribute("organization.local_government")
    name = factory.Sequence(lambda n: f"相談窓口{n}（架空）")
    description = "住まいの相談に応じます。"
    is_fictional = True

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        if create and extracted:
            self.terms.set(extracted)


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)
    local_government = factory.SelfAttribute("service.local_government")


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    number = "000-000-0000"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    byday = "MO,TU,WE,TH,FR"
