"""Consents and their bases (give, withdraw), and the logged read of a case."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Organization
from coordination import access, services
from coordination.models import Consent, FieldGroup, ReferralStatus
from coordination.tests.factories import ReferralFactory, member, partner
from core import audit
from core.fields.choice_masks import to_mask
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory


def values(**overrides):
    today = timezone.localdate()
    return {
        "purpose": "住まいの支援のため（架空）",
        "given_on": today,
        "form": Consent.Form.ORAL,
        "valid_from": today,
        "valid_until": today + datetime.timedelta(days=180),
    } | overrides


def test_the_lead_records_a_consent_and_the_organization_joins_the_team(world):
    third = partner(world.body)
    consent = services.consent_give(
        actor=world.lead_user,
        case=world.case,
        values=values(),
        scopes={third: [FieldGroup.BASIC, FieldGroup.HEALTH]},
    )
    assert consent.taken_by == world.lead_user
    assert access.visible_groups(member(third), world.case) == ["basic", "health"]
    assert_audited(
        action="coordination.consent.give",
        actor=world.lead_user,
        obj=consent,
        local_government=world.body,
        changes_include={"basis": "consent", "scopes": {str(third): ["basic", "health"]}},
    )


def test_only_the_lead_records_a_consent(world):
    with pytest.raises(PermissionDenied):
        services.consent_give(
            actor=world.other_user,
            case=world.case,
            values=values(),
            scopes={partner(world.body): ["basic"]},
        )


@pytest.mark.parametrize(
    "bad",
    [
        lambda w: ({}, {}),
        lambda w: ({}, {partner(w.body): []}),
        lambda w: ({}, {partner(LocalGovernmentFactory()): ["basic"]}),
        # a housing provider may be named by a consent (housing referrals), never by a
        # provision to a public body
        lambda w: (
            {"basis": Consent.Basis.PUBLIC_BODY, "basis_note": "相当の理由（架空）"},
            {partner(w.body, Organization.Kind.HOUSING_PROVIDER): ["basic"]},
        ),
        # an employer only for an application: 基本 and 連絡先, by the person's consent
        lambda w: ({}, {partner(w.body, Organization.Kind.EMPLOYER): ["basic", "legal"]}),
        lambda w: ({}, {partner(w.body, Organization.Kind.EMPLOYER): ["health"]}),
        lambda w: (
            {"basis": Consent.Basis.SUPPORT_MEETING, "basis_note": "会議（架空）"},
            {partner(w.body, Organization.Kind.EMPLOYER): ["basic"]},
        ),
        lambda w: ({}, {w.lead: ["basic"]}),
        lambda w: (
            {"valid_until": timezone.localdate() - datetime.timedelta(days=1)},
            {partner(w.body): ["basic"]},
        ),
        lambda w: ({"basis": Consent.Basis.SUPPORT_MEETING}, {partner(w.body): ["basic"]}),
        lambda w: (
            {"basis": Consent.Basis.PUBLIC_BODY, "basis_note": "相当の理由（架空）"},
            {partner(w.body): ["basic"]},
        ),
    ],
)
def test_a_bad_consent_is_refused_and_nothing_is_written(world, bad):
    overrides, scopes = bad(world)
    with pytest.raises(ValidationError):
        services.consent_give(
            actor=world.lead_user, case=world.case, values=values(**overrides), scopes=scopes
        )
    assert Consent.objects.count() == 1
    assert not AuditEntry.objects.filter(action="coordination.consent.give").exists()


def test_a_provision_to_a_public_body_goes_to_a_department_and_waits_for_the_secretariat(world):
    """Recorded unapproved (not in force); an approver named at creation must be the body's
    secretariat (coordination.consents.services.consent_approve approves afterwards)."""
    department = partner(world.body, Organization.Kind.CITY_DEPARTMENT)
    secretariat = member(partner(world.body), Role.SECRETARIAT)
    base = values(basis=Consent.Basis.PUBLIC_BODY, basis_note="相当の理由（架空）")
    with pytest.raises(ValidationError):
        services.consent_give(
            actor=world.lead_user,
            case=world.case,
            values=base | {"approved_by": world.other_user},
            scopes={department: ["basic"]},
        )
    with pytest.raises(ValidationError):
        services.consent_give(
            actor=world.lead_user,
            case=world.case,
            values=base,
            scopes={world.other: ["basic"]},
        )
    consent = services.consent_give(
        actor=world.lead_user,
        case=world.case,
        values=base,
        scopes={department: ["basic"]},
    )
    assert consent.basis == Consent.Basis.PUBLIC_BODY
    assert consent.approved_by is None and not consent.is_in_force()
    assert department.pk not in access.case_team(world.case)
    approved = services.consent_give(
        actor=world.lead_user,
        case=world.case,
        values=base | {"approved_by": secretariat},
        scopes={department: ["basic"]},
    )
    assert approved.is_in_force()


def test_withdrawal_is_instant_and_cancels_the_open_referrals_to_those_it_covered(world):
    groups = to_mask(FieldGroup, ["basic"])
    open_one = ReferralFactory(
        case=world.case, to_organization=world.other, status=ReferralStatus.ACCEPTED
    )
    done = ReferralFactory(
        case=world.case, to_organization=world.other, status=ReferralStatus.COMPLETED
    )
    elsewhere = partner(world.body)
    kept_consent = services.consent_give(
        actor=world.lead_user, case=world.case, values=values(), scopes={elsewhere: ["basic"]}
    )
    kept = ReferralFactory(case=world.case, to_organization=elsewhere, groups=groups)
    now = timezone.now()
    services.consent_withdraw(
        actor=world.lead_user, consent=world.consent, note="本人の申し出（架空）", now=now
    )
    assert not access.can_read_case(world.other_user, world.case)
    open_one.refresh_from_db()
    done.refresh_from_db()
    kept.refresh_from_db()
    assert open_one.status == ReferralStatus.CANCELLED
    assert open_one.reason == "consent_withdrawn"
    assert done.status == ReferralStatus.COMPLETED
    assert kept.status == ReferralStatus.DRAFT
    event = open_one.events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        "accepted",
        "cancelled",
        world.lead_user,
    )
    assert_audited(
        action="coordination.consent.withdraw",
        actor=world.lead_user,
        obj=world.consent,
        local_government=world.body,
        changes_include={"referrals_cancelled": [open_one.pk], "organizations": [str(world.other)]},
    )
    assert_audited(
        action="coordination.referral.status",
        actor=world.lead_user,
        obj=open_one,
        changes={
            "status": {"before": "accepted", "after": "cancelled"},
            "reason": {"before": "", "after": "consent_withdrawn"},
            "note_given": True,
        },
    )
    assert kept_consent.is_in_force()


def test_withdrawal_keeps_a_referral_another_basis_still_covers(world):
    services.consent_give(
        actor=world.lead_user, case=world.case, values=values(), scopes={world.other: ["basic"]}
    )
    referral = ReferralFactory(
        case=world.case, to_organization=world.other, status=ReferralStatus.REQUESTED
    )
    services.consent_withdraw(actor=world.lead_user, consent=world.consent)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REQUESTED
    assert access.visible_groups(world.other_user, world.case) == ["basic"]


def test_only_the_lead_withdraws_and_only_once(world):
    with pytest.raises(PermissionDenied):
        services.consent_withdraw(actor=world.other_user, consent=world.consent)
    services.consent_withdraw(actor=world.lead_user, consent=world.consent)
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=world.lead_user, consent=world.consent)


def test_case_read_returns_the_groups_asked_and_logs_them(world):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10")
    shown = services.case_read(
        actor=world.other_user,
        case=world.case,
        groups=["basic", "contact"],
        purpose="case_page",
        reason="面談の準備",
        request=request,
    )
    assert shown["basic"]["name"] == world.case.person.name
    assert shown["contact"] == {"contact": world.case.person.contact}
    assert set(shown) == {"basic", "contact"}
    assert_audited(
        action=audit.SENSITIVE_READ,
        actor=world.other_user,
        obj=world.case,
        changes={
            "kind": "support_case",
            "fields": ["basic", "contact"],
            "purpose": "case_page",
            "reason": "面談の準備",
            "ip": "192.0.2.10",
        },
    )


@pytest.mark.parametrize("groups", [["legal"], ["basic", "health"], []])
def test_case_read_refuses_a_group_not_covered_and_logs_nothing(world, groups):
    with pytest.raises(PermissionDenied):
        services.case_read(actor=world.other_user, case=world.case, groups=groups, purpose="x")
    assert not AuditEntry.objects.filter(action=audit.SENSITIVE_READ).exists()


def test_case_read_is_refused_after_withdrawal(world):
    services.consent_withdraw(actor=world.lead_user, consent=world.consent)
    with pytest.raises(PermissionDenied):
        services.case_read(actor=world.other_user, case=world.case, groups=["basic"], purpose="x")


def test_a_volunteer_of_the_lead_never_reads_the_legal_group(world):
    volunteer = member(world.lead, Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        services.case_read(actor=volunteer, case=world.case, groups=["legal"], purpose="x")
    assert services.case_read(actor=volunteer, case=world.case, groups=["plan"], purpose="x")


def test_the_lead_closes_a_case_with_a_reason_once(world):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.case_close(actor=world.other_user, case=world.case, reason="moved")
    with pytest.raises(ValidationError):
        services.case_close(actor=world.lead_user, case=world.case, reason="made_up")
    closed = services.case_close(
        actor=world.lead_user, case=world.case, reason="goal_reached", today=today
    )
    assert (closed.status, closed.close_reason, closed.closed_on) == (
        "closed",
        "goal_reached",
        today,
    )
    assert_audited(
        action="coordination.case.close",
        actor=world.lead_user,
        obj=closed,
        changes={
            "status": {"before": "open", "after": "closed"},
            "close_reason": {"before": "", "after": "goal_reached"},
            "closed_on": {"before": None, "after": today.isoformat()},
        },
    )
    with pytest.raises(ValidationError):
        services.case_close(actor=world.lead_user, case=world.case, reason="moved")
