"""A housing provider receives housing referrals to its own organization (inbox, the referral's
page, its answers); completing one with success records 住まいの確保 on the case once, and the
home's vacancies stay as the provider keeps them."""

import pytest
from django.urls import reverse

from coordination.models import FieldGroup, Outcome, OutcomeKind, Referral
from coordination.models import ReferralStatus as S
from coordination.referrals import services as referrals
from coordination.services import READ_KIND, consent_withdraw
from coordination.tests.factories import member
from coordination.tests.factories_housing import covered_home
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited


@pytest.fixture
def housing(world):
    home = covered_home(world, FieldGroup.BASIC, FieldGroup.CONTACT)
    referral = referrals.referral_create(
        actor=world.lead_user,
        case=world.case,
        to_organization=home.provider.organization,
        home=home,
        groups=["basic", "contact"],
        purpose="入居の相談（架空）",
    )
    referrals.referral_send(actor=world.lead_user, referral=referral)
    provider_user = member(home.provider.organization, Role.HOUSING_PROVIDER)
    return home, referral, provider_user


def _detail(referral):
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


def _move(client, referral, **data):
    return client.post(reverse("referrals:transition", kwargs={"pk": referral.pk}), data)


def test_the_provider_finds_it_in_its_inbox_with_the_home(client, world, housing):
    home, referral, provider_user = housing
    other_home = covered_home(world)
    referrals.referral_create(  # a draft: the sender's alone
        actor=world.lead_user,
        case=world.case,
        to_organization=home.provider.organization,
        home=home,
        groups=["basic"],
    )
    referrals.referral_send(
        actor=world.lead_user,
        referral=referrals.referral_create(
            actor=world.lead_user,
            case=world.case,
            to_organization=other_home.provider.organization,
            home=other_home,
            groups=["basic"],
        ),
    )
    client.force_login(provider_user)
    response = client.get(reverse("referrals:inbox"))
    assert response.status_code == 200
    assert [row.pk for row in response.context["page"]] == [referral.pk]
    html = response.content.decode()
    assert home.name in html and other_home.name not in html
    assert reverse("referrals:outbox") not in html
    for name in ("referrals:outbox", "referrals:dashboard", "cases:index"):
        assert client.get(reverse(name)).status_code == 403


def test_the_provider_sees_the_referral_the_home_and_what_was_sent(client, world, housing):
    home, referral, provider_user = housing
    client.force_login(provider_user)
    response = client.get(_detail(referral))
    assert response.status_code == 200
    html = response.content.decode()
    person = world.case.person
    assert home.name in html and person.name in html and person.contact in html
    assert person.offence_details not in html  # not sent
    assert "空き戸数は自動では変わりません" in html
    assert reverse("cases:detail", kwargs={"pk": world.case.pk}) not in html  # no case page
    reads = AuditEntry.objects.filter(
        action=AuditEntry.SENSITIVE_READ, actor=provider_user, object_id=str(world.case.pk)
    )
    assert {entry.changes["purpose"] for entry in reads} == {"referral_page", "referral"}
    assert reads.get(changes__purpose="referral").changes["fields"] == ["basic", "contact"]
    assert all(entry.changes["kind"] == READ_KIND for entry in reads)
    assert client.get(reverse("cases:detail", kwargs={"pk": world.case.pk})).status_code == 403


def test_another_provider_gets_404(client, world, housing):
    _home, referral, _provider_user = housing
    stranger = member(covered_home(world).provider.organization, Role.HOUSING_PROVIDER)
    client.force_login(stranger)
    assert client.get(_detail(referral)).status_code == 404
    assert _move(client, referral, to_status=S.ACCEPTED).status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == S.REQUESTED


def test_accepted_and_completed_it_secures_a_home_once(client, world, housing):
    home, referral, provider_user = housing
    client.force_login(provider_user)
    assert _move(client, referral, to_status=S.ACCEPTED).status_code == 302
    response = _move(client, referral, to_status=S.COMPLETED, outcome="successful")
    assert response.status_code == 302
    [outcome] = Outcome.objects.filter(case=world.case)
    assert outcome.kind == OutcomeKind.HOME_SECURED and outcome.recorded_by == provider_user
    home.refresh_from_db()
    assert home.vacancies == 1  # the provider keeps its listing
    assert_audited(
        action="coordination.support.outcome.from_referral",
        actor=provider_user,
        obj=outcome,
        local_government=world.case.local_government_id,
        changes={"case": world.case.pk, "kind": OutcomeKind.HOME_SECURED, "referral": referral.pk},
    )
    # a second home secured the same day, through another referral: still one outcome
    second = covered_home(world)
    again = referrals.referral_create(
        actor=world.lead_user,
        case=world.case,
        to_organization=second.provider.organization,
        home=second,
        groups=["basic"],
    )
    referrals.referral_send(actor=world.lead_user, referral=again)
    second_user = member(second.provider.organization, Role.HOUSING_PROVIDER)
    for status, extra in ((S.ACCEPTED, {}), (S.COMPLETED, {"outcome": "successful"})):
        referrals.referral_transition(actor=second_user, referral=again, to_status=status, **extra)
    assert Outcome.objects.filter(case=world.case).count() == 1
    client.force_login(world.lead_user)
    html = client.get(reverse("support:outcomes", kwargs={"pk": world.case.pk})).content.decode()
    assert "住まいの確保" in html


def test_an_unsuccessful_completion_or_another_referral_records_nothing(world, housing):
    _home, referral, provider_user = housing
    referrals.referral_transition(actor=provider_user, referral=referral, to_status=S.ACCEPTED)
    referrals.referral_transition(
        actor=provider_user,
        referral=referral,
        to_status=S.COMPLETED,
        outcome="unsuccessful",
        reason="person_declined",
    )
    other_user = member(world.other, Role.PARTNER)
    plain = referrals.referral_create(
        actor=world.lead_user, case=world.case, to_organization=world.other, groups=["basic"]
    )
    referrals.referral_send(actor=world.lead_user, referral=plain)
    referrals.referral_transition(actor=other_user, referral=plain, to_status=S.ACCEPTED)
    referrals.referral_transition(
        actor=other_user, referral=plain, to_status=S.COMPLETED, outcome="successful"
    )
    assert not Outcome.objects.filter(case=world.case).exists()


def test_a_withdrawn_consent_cancels_it_and_closes_the_page(client, world, housing):
    _home, referral, provider_user = housing
    consent_withdraw(actor=world.lead_user, consent=world.consent)
    assert Referral.objects.get(pk=referral.pk).status == S.CANCELLED
    client.force_login(provider_user)
    assert client.get(_detail(referral)).status_code == 404


def test_the_provider_cannot_make_the_senders_moves(client, housing):
    _home, referral, provider_user = housing
    client.force_login(provider_user)
    assert _move(client, referral, to_status=S.CANCELLED).status_code == 400
    assert Referral.objects.get(pk=referral.pk).status == S.REQUESTED


def test_the_referral_read_kind_is_the_case_read_kind():
    assert referrals.READ_KIND == READ_KIND
