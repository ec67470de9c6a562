"""The case team and the field groups each role sees (coordination.access)."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Organization
from coordination import access
from coordination.models import Case, Consent, ConsentOverride, FieldGroup
from coordination.tests.factories import CaseFactory, ConsentFactory, member, partner, share
from core.fields.choice_masks import to_mask
from core.roles import Role
from core.tests.factories import LocalGovernmentFactory

ALL = list(FieldGroup.values)
SHARED = ["basic", "contact", "plan"]


def test_the_lead_sees_every_group_and_the_covered_partner_what_was_consented(world):
    assert access.visible_groups(world.lead_user, world.case) == ALL
    assert access.visible_groups(world.other_user, world.case) == SHARED
    assert access.case_team(world.case) == {
        world.lead.pk: access.ALL_GROUPS,
        world.other.pk: to_mask(FieldGroup, SHARED),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.SECRETARIAT, ALL),
        (Role.DEPARTMENT, ALL),
        (Role.PARTNER, ALL),
        (Role.VOLUNTEER, SHARED),
        (Role.EMPLOYER, []),
        (Role.HOUSING_PROVIDER, []),
        (Role.SYSTEM_ADMIN, []),
    ],
)
def test_the_role_narrows_what_the_organization_may_see(world, role, expected):
    share(world.consent, partner(world.body), *ALL)  # another body, everything shared
    scope = world.consent.scopes.get(organization=world.other)
    scope.groups = access.ALL_GROUPS
    scope.save()
    user = member(world.other, role)
    assert access.visible_groups(user, world.case) == expected
    assert access.can_read_case(user, world.case) is bool(expected)


def test_an_organization_outside_the_team_sees_nothing(world):
    stranger = member(partner(world.body), Role.PARTNER)
    assert access.visible_groups(stranger, world.case) == []
    assert not access.can_read_case(stranger, world.case)


def test_the_same_organization_kind_of_another_body_sees_nothing(world):
    outsider = member(partner(LocalGovernmentFactory()), Role.PARTNER)
    assert not access.can_read_case(outsider, world.case)


def test_a_user_of_the_lead_from_another_body_is_refused(world):
    user = member(world.lead, Role.PARTNER)
    user.organization = partner(LocalGovernmentFactory())
    assert not access.can_read_case(user, world.case)


def test_anonymous_and_no_organization_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert access.visible_groups(AnonymousUser(), world.case) == []
    admin = member(world.lead, Role.SYSTEM_ADMIN)
    admin.organization = None
    assert access.visible_groups(admin, world.case) == []


def test_withdrawal_takes_effect_on_the_next_call(world):
    assert access.can_read_case(world.other_user, world.case)
    Consent.objects.filter(pk=world.consent.pk).update(withdrawn_at=timezone.now())
    assert not access.can_read_case(world.other_user, world.case)
    assert access.visible_groups(world.lead_user, world.case) == ALL  # the lead keeps it


def test_a_withdrawal_dated_later_does_not_yet_apply(world):
    later = timezone.now() + datetime.timedelta(hours=1)
    Consent.objects.filter(pk=world.consent.pk).update(withdrawn_at=later)
    assert access.can_read_case(world.other_user, world.case)
    assert not access.can_read_case(world.other_user, world.case, now=later)


def test_a_consent_covers_only_inside_its_window(world):
    consent = world.consent
    after_end = timezone.now() + datetime.timedelta(days=400)
    before_start = timezone.now() - datetime.timedelta(days=31)
    last_day = timezone.make_aware(
        datetime.datetime.combine(consent.valid_until, datetime.time(23, 0))
    )
    assert access.can_read_case(world.other_user, world.case, now=last_day)
    assert not access.can_read_case(world.other_user, world.case, now=after_end)
    assert not access.can_read_case(world.other_user, world.case, now=before_start)


def test_expiry_today_is_the_last_day(world):
    today = timezone.localdate()
    Consent.objects.filter(pk=world.consent.pk).update(
        valid_until=today - datetime.timedelta(days=1)
    )
    assert not access.can_read_case(world.other_user, world.case)


def test_the_groups_of_several_bases_add_up(world):
    meeting = ConsentFactory(
        case=world.case,
        basis=Consent.Basis.SUPPORT_MEETING,
        basis_note="2026-12-01 支援会議（架空）",
    )
    share(meeting, world.other, FieldGroup.HEALTH)
    assert access.visible_groups(world.other_user, world.case) == [
        "basic",
        "contact",
        "health",
        "plan",
    ]


def test_a_partner_of_another_case_sees_nothing_of_this_one(world):
    other_case = CaseFactory(person__local_government=world.body, lead_organization=world.other)
    assert access.can_read_case(world.other_user, other_case)
    assert access.visible_groups(world.lead_user, other_case) == []


def test_is_lead_needs_an_intake_role(world):
    assert access.is_lead(world.lead_user, world.case)
    assert not access.is_lead(member(world.lead, Role.VOLUNTEER), world.case)
    assert not access.is_lead(world.other_user, world.case)
    employer = partner(world.body, Organization.Kind.EMPLOYER)
    assert not access.is_lead(member(employer, Role.EMPLOYER), world.case)


def test_the_database_filter_agrees_with_the_case_team(world):
    """team_cases_q (the caseload lists) and case_team (every page) say the same, through a
    consent in force, its withdrawal, an expiry, an unapproved 第69条 provision, an override."""

    def agree(organization):
        in_team = organization.pk in access.case_team(world.case)
        listed = Case.objects.filter(access.team_cases_q(organization.pk), pk=world.case.pk)
        assert listed.exists() == in_team
        return in_team

    assert agree(world.lead) and agree(world.other)
    third = partner(world.body, kind=Organization.Kind.CITY_DEPARTMENT)
    provision = ConsentFactory(case=world.case, basis=Consent.Basis.PUBLIC_BODY, basis_note="理由")
    share(provision, third, FieldGroup.BASIC)
    assert not agree(third)  # not approved yet
    provision.approved_by = member(world.other, Role.SECRETARIAT)
    provision.save()
    assert agree(third)
    world.consent.withdrawn_at = timezone.now()
    world.consent.save()
    assert not agree(world.other)
    override = ConsentOverride.objects.create(
        case=world.case,
        organization=world.other,
        groups=1,
        reason="生命の危険（架空）",
        requested_by=world.lead_user,
        status=ConsentOverride.Status.ACTIVE,
        approved_by=member(world.lead, Role.PARTNER),
        approved_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=72),
    )
    assert agree(world.other)
    override.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    override.save()
    assert not agree(world.other)
    provision.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    provision.save()
    assert not agree(third)
