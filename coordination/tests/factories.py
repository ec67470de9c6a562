"""Factories for support-coordination tests. Everything they make is fictional (架空)."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory, UserFactory
from coordination.models import Case, Consent, ConsentScope, FieldGroup, Person, Referral
from core.fields.choice_masks import to_mask
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    local_government = factory.SubFactory(LocalGovernmentFactory)
    case_number = factory.Sequence(lambda n: f"C-2026-{n + 1:05d}")
    name = factory.Sequence(lambda n: f"架空 太郎{n}")
    name_kana = factory.Sequence(lambda n: f"カクウ タロウ{n}")
    birth_date = datetime.date(1980, 4, 1)
    contact = "090-0000-0000（架空）"
    ward = "中央区"
    legal_status = "probation"
    offence_details = "架空の犯歴の詳細"
    health_notes = "架空の健康メモ"
    is_fictional = True


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    local_government = factory.SelfAttribute("person.local_government")
    lead_organization = factory.SubFactory(
        OrganizationFactory, local_government=factory.SelfAttribute("..local_government")
    )
    opened_on = factory.LazyFunction(timezone.localdate)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    purpose = "就労と住まいの支援のため（架空）"
    given_on = factory.LazyFunction(timezone.localdate)
    form = Consent.Form.WRITTEN
    taken_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..case.lead_organization")
    )
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=335))


def share(consent: Consent, organization: Organization, *groups: str) -> ConsentScope:
    return ConsentScope.objects.create(
        consent=consent, organization=organization, groups=to_mask(FieldGroup, groups)
    )


def member(organization: Organization, role: str = Role.PARTNER, **kwargs):
    """A user of `organization` in `role`."""
    return UserFactory(organization=organization, role=role, **kwargs)


def partner(local_government, kind=Organization.Kind.PARTNER) -> Organization:
    return OrganizationFactory(local_government=local_government, kind=kind)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    local_government = factory.SelfAttribute("case.local_government")
    from_organization = factory.SelfAttribute("case.lead_organization")
    to_organization = factory.SubFactory(
        OrganizationFactory, local_government=factory.SelfAttribute("..local_government")
    )
    groups = to_mask(FieldGroup, [FieldGroup.BASIC])


def matrix_world(city):
    """The access matrix's case (core/tests/test_access_matrix.py): led by the city's partner
    organization (支援団体（架空）), shared by consent with the department user's organization
    (every group) and the volunteer's (基本, 連絡先, 支援計画). The secretariat's organization is
    not in the team (404); employers, housing providers and the system admin never open a case
    (403)."""
    from types import SimpleNamespace

    case = CaseFactory(
        person=PersonFactory(local_government=city.lg),
        lead_organization=city.users[Role.PARTNER].organization,
    )
    consent = ConsentFactory(case=case, taken_by=city.users[Role.PARTNER])
    share(consent, city.users[Role.DEPARTMENT].organization, *FieldGroup.values)
    share(
        consent,
        city.users[Role.VOLUNTEER].organization,
        FieldGroup.BASIC,
        FieldGroup.CONTACT,
        FieldGroup.PLAN,
    )
    return SimpleNamespace(case=case, consent=consent)
