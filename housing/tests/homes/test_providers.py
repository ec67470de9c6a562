"""Providers, the body's own accepted attributes and its registration standards."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Organization
from accounts.tests.factories import OrganizationFactory
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from directory.tests.factories import AddressFactory, LocationFactory, PhoneFactory
from directory.tests.factories import OrganizationFactory as DirectoryOrganizationFactory
from housing.homes import services
from housing.models import HousingProvider, HousingRules, LocalAcceptance, ProviderService
from housing.tests.factories import HousingProviderFactory, SafetyNetHomeFactory
from housing.tests.factories_homes import LocalAcceptanceFactory, provider_of_city

pytestmark = pytest.mark.django_db


def sign_in(client, city, role):
    client.force_login(city.users[role])
    return client


def test_the_list_counts_each_providers_homes(client, city):
    provider = provider_of_city(city)
    SafetyNetHomeFactory(provider=provider)
    SafetyNetHomeFactory(provider=provider, is_active=False)
    text = sign_in(client, city, Role.SECRETARIAT).get(reverse("housing:providers"))
    assert "居住支援法人（架空）" in text.content.decode()
    assert "1 / 2" in text.content.decode()


def test_the_list_names_organizations_waiting_for_a_profile(client, city):
    text = sign_in(client, city, Role.SECRETARIAT).get(reverse("housing:providers"))
    assert "まだ事業者として登録されていません" in text.content.decode()


def test_the_secretariat_registers_an_existing_organization(client, city):
    organization = city.users[Role.HOUSING_PROVIDER].organization
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:provider_create"),
        {
            "organization": organization.pk,
            "kind": "support_corporation",
            "designation_number": "架空第1号",
            "services": ["rent_guarantee", "watching_over"],
        },
    )
    provider = HousingProvider.objects.get()
    assert response.url == reverse("housing:provider_detail", args=[provider.pk])
    assert provider.organization == organization
    assert provider.services == to_mask(
        ProviderService, [ProviderService.RENT_GUARANTEE, ProviderService.WATCHING_OVER]
    )
    assert_audited(
        action="housing.provider.create",
        actor=city.users[Role.SECRETARIAT],
        obj=provider,
        changes_include={
            "organization": {"before": None, "after": str(organization)},
            "designation_number": {"before": None, "after": "架空第1号"},
            "services": {"before": None, "after": provider.services},
        },
    )


def test_the_secretariat_registers_a_new_organization_through_the_accounts_service(city):
    provider = services.provider_create(
        actor=city.users[Role.SECRETARIAT],
        local_government=city.lg,
        organization_name="架空不動産管理（架空）",
        values={"kind": HousingProvider.Kind.MANAGEMENT_COMPANY},
    )
    assert provider.organization.kind == Organization.Kind.HOUSING_PROVIDER
    assert provider.organization.local_government == city.lg
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"organization.create", "housing.provider.create"} <= actions


def test_an_organization_of_another_kind_is_not_a_provider(city):
    partner = city.users[Role.PARTNER].organization
    with pytest.raises(ValidationError):
        services.provider_create(
            actor=city.users[Role.SECRETARIAT],
            local_government=city.lg,
            organization=partner,
            values={"kind": HousingProvider.Kind.LANDLORD},
        )


def test_the_form_asks_for_an_organization(client, city):
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:provider_create"), {"kind": "landlord"}
    )
    assert "組織を選ぶか、新しい組織の名前を書いてください。" in response.content.decode()
    assert not HousingProvider.objects.exists()


def test_a_provider_edits_its_own_profile_and_shows_its_directory_phone(client, city):
    provider = provider_of_city(city)
    entry = DirectoryOrganizationFactory(local_government=city.lg, name="居住支援（架空）窓口")
    PhoneFactory(local_government=city.lg, organization=entry, number="096-111-2222")
    location = LocationFactory(organization=entry)
    AddressFactory(location=location, address_1="架空町9-9")
    response = sign_in(client, city, Role.HOUSING_PROVIDER).post(
        reverse("housing:own_provider"),
        {
            "kind": "support_corporation",
            "services": ["tenancy_consultation"],
            "areas": "中央区、東区",
            "directory_organization": entry.pk,
        },
    )
    assert response.url == reverse("housing:own_provider")
    provider.refresh_from_db()
    assert provider.areas == ["中央区", "東区"]
    assert provider.directory_organization == entry
    text = client.get(reverse("housing:own_provider")).content.decode()
    assert "096-111-2222" in text and "架空町9-9" in text
    assert AuditEntry.objects.get(action="housing.provider.update").changes["areas"]["after"] == [
        "中央区",
        "東区",
    ]


def test_a_provider_cannot_link_another_bodys_directory_entry(city):
    provider = provider_of_city(city)
    elsewhere = DirectoryOrganizationFactory(local_government=LocalGovernmentFactory())
    with pytest.raises(ValidationError):
        services.provider_update(
            actor=city.users[Role.HOUSING_PROVIDER],
            provider=provider,
            values={"directory_organization": elsewhere},
        )


def test_a_provider_cannot_edit_another_provider(city):
    provider_of_city(city)
    other = HousingProviderFactory(local_government=city.lg)
    with pytest.raises(services.PermissionDenied):
        services.provider_update(
            actor=city.users[Role.HOUSING_PROVIDER], provider=other, values={"note": "x"}
        )


def test_another_bodys_provider_is_404(client, city):
    other = HousingProviderFactory()
    response = sign_in(client, city, Role.SECRETARIAT).get(
        reverse("housing:provider_detail", args=[other.pk])
    )
    assert response.status_code == 404


# --- the body's own accepted attributes -----------------------------------------------------------


def test_added_attributes_take_the_next_free_bit(client, city):
    sign_in(client, city, Role.SECRETARIAT)
    client.post(reverse("housing:acceptances"), {"label": "刑務所出所者（架空）"})
    client.post(reverse("housing:acceptances"), {"label": "少年院出院者（架空）"})
    assert list(LocalAcceptance.objects.order_by("bit").values_list("bit", flat=True)) == [24, 25]
    for label, bit in (("刑務所出所者（架空）", 24), ("少年院出院者（架空）", 25)):
        assert_audited(
            action="housing.acceptance.create",
            actor=city.users[Role.SECRETARIAT],
            obj=LocalAcceptance.objects.get(bit=bit),
            changes={
                "label": {"before": None, "after": label},
                "bit": {"before": None, "after": bit},
            },
        )


def test_no_more_than_seven_attributes(city):
    for number in range(7):
        LocalAcceptanceFactory(local_government=city.lg, bit=24 + number)
    with pytest.raises(ValidationError) as problem:
        services.local_acceptance_create(
            actor=city.users[Role.SECRETARIAT], local_government=city.lg, label="8つめ（架空）"
        )
    assert "7個まで" in problem.value.message_dict["label"][0]


def test_renaming_keeps_the_bit(client, city):
    item = LocalAcceptanceFactory(local_government=city.lg, bit=26, label="旧名（架空）")
    sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:acceptance_edit", args=[item.pk]), {"label": "新名（架空）"}
    )
    item.refresh_from_db()
    assert (item.label, item.bit) == ("新名（架空）", 26)


def test_a_label_twice_is_refused(client, city):
    LocalAcceptanceFactory(local_government=city.lg, label="同じ（架空）", bit=24)
    response = sign_in(client, city, Role.SECRETARIAT).post(
        reverse("housing:acceptances"), {"label": "同じ（架空）"}
    )
    assert "同じ名称の項目がすでにあります。" in response.content.decode()


# --- the registration standards -------------------------------------------------------------------


def test_a_floor_area_other_than_the_national_needs_its_basis(client, city):
    sign_in(client, city, Role.SECRETARIAT)
    response = client.post(reverse("housing:rules"), {"min_floor_area": "18", "note": ""})
    assert "根拠を書いてください" in response.content.decode()
    assert not HousingRules.objects.exists()
    client.post(
        reverse("housing:rules"), {"min_floor_area": "18", "note": "架空市供給促進計画（架空）"}
    )
    rules = HousingRules.objects.get(local_government=city.lg)
    assert rules.min_floor_area == Decimal("18")
    assert_audited(
        action="housing.rules.set",
        actor=city.users[Role.SECRETARIAT],
        obj=rules,
        changes={
            "min_floor_area": {"before": None, "after": "18"},
            "note": {"before": None, "after": "架空市供給促進計画（架空）"},
        },
    )


def test_an_organization_of_the_city_without_profile_is_offered(client, city):
    OrganizationFactory(
        local_government=city.lg, kind=Organization.Kind.HOUSING_PROVIDER, name="候補（架空）"
    )
    text = sign_in(client, city, Role.SECRETARIAT).get(reverse("housing:provider_create"))
    assert "候補（架空）" in text.content.decode()
