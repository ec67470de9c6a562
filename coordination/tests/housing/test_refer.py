"""Sending a housing referral (case_housing:refer) through the referral services: to the
home's provider, 住居, only with a basis that covers the provider; the consent page adds a
provider when linked from here."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Organization
from coordination.models import Consent, ConsentScope, FieldGroup, NeedArea, Referral
from coordination.models import ReferralStatus as S
from coordination.referrals import services as referrals
from coordination.tests.factories import CaseFactory, member
from coordination.tests.factories_housing import covered_home, home_of
from core.fields.choice_masks import from_mask
from core.models import AuditEntry
from core.roles import Role


def _url(world, home):
    return reverse("case_housing:refer", kwargs={"pk": world.case.pk, "home": home.pk})


def test_a_provider_outside_the_consent_gets_a_link_to_the_consent_not_a_referral(client, world):
    home = home_of(world.body)
    client.force_login(world.lead_user)
    response = client.get(_url(world, home))
    html = response.content.decode()
    consent_link = reverse("consents:create", kwargs={"pk": world.case.pk})
    assert f"{consent_link}?provider={home.provider.organization.pk}" in html
    assert 'name="groups"' not in html
    response = client.post(_url(world, home), {"groups": ["basic"], "action": "send"})
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_a_member_who_does_not_lead_is_told_to_ask_the_lead(client, world):
    home = home_of(world.body)
    client.force_login(world.other_user)
    html = client.get(_url(world, home)).content.decode()
    assert "主担当の組織に相談してください" in html
    assert "?provider=" not in html


def test_the_consent_form_adds_the_linked_provider_and_the_consent_covers_it(client, world):
    home = home_of(world.body)
    provider = home.provider.organization
    elsewhere = home_of(world.body)  # another provider of the body, not linked
    client.force_login(world.lead_user)
    url = reverse("consents:create", kwargs={"pk": world.case.pk})
    html = client.get(url, {"provider": provider.pk}).content.decode()
    assert provider.name in html
    assert elsewhere.provider.organization.name not in html
    assert provider.name not in client.get(url).content.decode()
    # a partner organization's id is not a housing provider: nothing more offered
    assert client.get(url, {"provider": world.other.pk}).status_code == 200
    form = client.get(url, {"provider": provider.pk}).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in ("basis", "form", "given_on", "valid_from", "valid_until")
    }
    data |= {"purpose": "住まいの確保のため（架空）", form.scope_name(provider): ["basic"]}
    response = client.post(f"{url}?provider={provider.pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    scope = ConsentScope.objects.get(organization=provider)
    assert from_mask(FieldGroup, scope.groups) == ["basic"]
    assert scope.consent.basis == Consent.Basis.CONSENT


def test_the_lead_sends_a_housing_referral_to_the_provider(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    home = covered_home(world, FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.LEGAL)
    member(home.provider.organization, Role.HOUSING_PROVIDER, email="provider@example.invalid")
    client.force_login(world.lead_user)
    page = client.get(_url(world, home))
    assert page.context["form"]["groups"].value() == [FieldGroup.BASIC]  # never legal by default
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(world, home),
            {"groups": ["basic", "contact"], "note": "4月入居希望", "action": "send"},
        )
    referral = Referral.objects.get()
    assert response.url == reverse("referrals:detail", kwargs={"pk": referral.pk})
    assert referral.home == home
    assert referral.to_organization == home.provider.organization
    assert referral.area == NeedArea.HOUSING
    assert referral.status == S.REQUESTED
    assert from_mask(FieldGroup, referral.groups) == ["basic", "contact"]
    entry = AuditEntry.objects.get(action="coordination.referral.groups")
    assert entry.changes["home"] == home.pk
    assert [message.to for message in mailoutbox] == [["provider@example.invalid"]]


def test_legal_needs_a_purpose_and_only_covered_groups_go(client, world):
    home = covered_home(world, FieldGroup.BASIC, FieldGroup.LEGAL)
    client.force_login(world.lead_user)
    response = client.post(_url(world, home), {"groups": ["basic", "legal"], "action": "send"})
    assert response.status_code == 400
    response = client.post(_url(world, home), {"groups": ["contact"], "action": "send"})
    assert response.status_code == 400  # contact: not covered, not offered
    assert not Referral.objects.exists()


def test_a_closed_case_refers_nobody(client, world):
    home = covered_home(world)
    world.case.status = world.case.Status.CLOSED
    world.case.save()
    client.force_login(world.lead_user)
    assert client.post(_url(world, home), {"groups": ["basic"]}).status_code == 400
    assert not Referral.objects.exists()


def test_an_unlisted_home_or_another_bodys_is_404(client, world):
    client.force_login(world.lead_user)
    assert client.get(_url(world, home_of(world.body, is_active=False))).status_code == 404
    other_body = CaseFactory().local_government
    assert client.get(_url(world, home_of(other_body))).status_code == 404


# --- the service's rules ----------------------------------------------------------------------


def _create(world, **kwargs):
    return referrals.referral_create(
        actor=world.lead_user, case=world.case, groups=["basic"], **kwargs
    )


def test_a_housing_provider_receives_only_about_a_home(world):
    home = covered_home(world)
    with pytest.raises(ValidationError):
        _create(world, to_organization=home.provider.organization)


def test_the_home_must_be_the_receivers(world):
    home, other = covered_home(world), covered_home(world)
    with pytest.raises(ValidationError):
        _create(world, to_organization=other.provider.organization, home=home)
    with pytest.raises(ValidationError):
        _create(world, to_organization=home.provider.organization, home=home, area="work")
    referral = _create(world, to_organization=home.provider.organization, home=home)
    assert referral.area == NeedArea.HOUSING


def test_the_generic_form_still_offers_no_housing_provider(client, world):
    home = covered_home(world)
    client.force_login(world.lead_user)
    response = client.get(reverse("referrals:create", kwargs={"pk": world.case.pk}))
    organizations = response.context["form"].fields["to_organization"].queryset
    assert home.provider.organization not in organizations
    assert not organizations.filter(kind=Organization.Kind.HOUSING_PROVIDER).exists()
