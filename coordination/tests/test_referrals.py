"""Referrals: creation's checks, every allowed transition, refused ones, the history, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coordination.models import Consent, FieldGroup, ReferralReason, ReferralStatus
from coordination.referrals import services as referrals
from coordination.tests.factories import ReferralFactory, member, partner, share
from core.fields.choice_masks import to_mask
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory
from directory.tests.factories import ServiceFactory

S = ReferralStatus
BASIC = to_mask(FieldGroup, ["basic"])


def extras(to_status):
    if to_status in (S.REJECTED, S.FAILED):
        return {"reason": ReferralReason.NO_CAPACITY}
    if to_status == S.COMPLETED:
        return {"outcome": "successful"}
    return {}


def test_create_makes_a_draft_with_its_history_and_audit(world):
    service = ServiceFactory(local_government=world.body, organization__local_government=world.body)
    referral = referrals.referral_create(
        actor=world.lead_user,
        case=world.case,
        to_organization=world.other,
        groups=["basic", "contact"],
        service=service,
    )
    assert referral.status == S.DRAFT
    assert referral.from_organization == world.lead
    assert [(e.from_status, e.to_status) for e in referral.events.all()] == [("", "draft")]
    assert_audited(
        action="coordination.referral.groups",
        actor=world.lead_user,
        obj=referral,
        changes={
            "to_organization": str(world.other),
            "groups": ["basic", "contact"],
            "purpose_given": False,
        },
    )


def test_the_groups_sent_must_be_consented_for_the_receiver(world):
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user, case=world.case, to_organization=world.other, groups=["health"]
        )
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user,
            case=world.case,
            to_organization=partner(world.body),
            groups=["basic"],
        )
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user, case=world.case, to_organization=world.other, groups=[]
        )


def test_the_legal_group_needs_a_purpose(world):
    share(world.consent, third := partner(world.body), "basic", "legal")
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user,
            case=world.case,
            to_organization=third,
            groups=["basic", "legal"],
            purpose="  ",
        )
    referral = referrals.referral_create(
        actor=world.lead_user,
        case=world.case,
        to_organization=third,
        groups=["basic", "legal"],
        purpose="保護観察の条件に合う住まい探し（架空）",
    )
    assert referral.purpose


def test_the_sender_sends_only_what_it_sees(world):
    volunteer = member(world.lead, Role.VOLUNTEER)
    share(world.consent, third := partner(world.body), "basic", "legal")
    with pytest.raises(PermissionDenied):
        referrals.referral_create(
            actor=volunteer,
            case=world.case,
            to_organization=third,
            groups=["legal"],
            purpose="x",
        )


def test_outside_the_team_or_to_itself_no_referral(world):
    stranger = member(partner(world.body))
    with pytest.raises(PermissionDenied):
        referrals.referral_create(
            actor=stranger, case=world.case, to_organization=world.other, groups=["basic"]
        )
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user, case=world.case, to_organization=world.lead, groups=["basic"]
        )


def test_a_service_of_another_body_is_refused(world):
    service = ServiceFactory(organization__local_government=LocalGovernmentFactory())
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user,
            case=world.case,
            to_organization=world.other,
            groups=["basic"],
            service=service,
        )


@pytest.mark.parametrize(("move", "side"), sorted(referrals.TRANSITIONS.items()))
def test_every_allowed_transition(world, move, side):
    from_status, to_status = move
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=from_status)
    actor = world.lead_user if side == referrals.SENDER else world.other_user
    moved = referrals.referral_transition(
        actor=actor, referral=referral, to_status=to_status, note="架空のメモ", **extras(to_status)
    )
    assert moved.status == to_status
    event = moved.events.get()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        from_status,
        to_status,
        actor,
        "架空のメモ",
    )
    assert_audited(
        action="coordination.referral.status",
        actor=actor,
        obj=referral,
        changes_include={"status": {"before": from_status, "after": to_status}},
    )


@pytest.mark.parametrize(("move", "side"), sorted(referrals.TRANSITIONS.items()))
def test_the_other_side_may_not_make_it(world, move, side):
    from_status, to_status = move
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=from_status)
    actor = world.other_user if side == referrals.SENDER else world.lead_user
    with pytest.raises(PermissionDenied):
        referrals.referral_transition(
            actor=actor, referral=referral, to_status=to_status, **extras(to_status)
        )
    referral.refresh_from_db()
    assert referral.status == from_status
    assert not referral.events.exists()


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (S.DRAFT, S.ACCEPTED),
        (S.DRAFT, S.COMPLETED),
        (S.REQUESTED, S.COMPLETED),
        (S.REQUESTED, S.IN_PROGRESS),
        (S.REJECTED, S.ACCEPTED),
        (S.COMPLETED, S.IN_PROGRESS),
        (S.CANCELLED, S.REQUESTED),
        (S.FAILED, S.IN_PROGRESS),
        (S.ENTERED_IN_ERROR, S.DRAFT),
        (S.ACCEPTED, S.REQUESTED),
    ],
)
def test_a_transition_not_in_the_table_is_refused_to_both_sides(world, from_status, to_status):
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=from_status)
    for actor in (world.lead_user, world.other_user):
        with pytest.raises(PermissionDenied):
            referrals.referral_transition(
                actor=actor, referral=referral, to_status=to_status, **extras(to_status)
            )


def test_the_sender_cannot_accept_its_own_referral(world):
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=S.REQUESTED)
    with pytest.raises(PermissionDenied):
        referrals.referral_transition(
            actor=world.lead_user, referral=referral, to_status=S.ACCEPTED
        )
    to_itself = ReferralFactory(case=world.case, to_organization=world.lead, status=S.REQUESTED)
    with pytest.raises(PermissionDenied):
        referrals.referral_transition(
            actor=world.lead_user, referral=to_itself, to_status=S.ACCEPTED
        )


def test_an_organization_outside_the_referral_cannot_act(world):
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=S.REQUESTED)
    for actor in (member(partner(world.body)), member(partner(LocalGovernmentFactory()))):
        with pytest.raises(PermissionDenied):
            referrals.referral_transition(actor=actor, referral=referral, to_status=S.ACCEPTED)


def test_the_receiver_cannot_act_without_a_basis(world):
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=S.REQUESTED)
    Consent.objects.filter(pk=world.consent.pk).update(withdrawn_at=timezone.now())
    with pytest.raises(PermissionDenied):
        referrals.referral_transition(
            actor=world.other_user, referral=referral, to_status=S.ACCEPTED
        )


def test_the_receiver_cannot_act_when_the_groups_sent_are_no_longer_covered(world):
    health = to_mask(FieldGroup, ["basic", "health"])
    referral = ReferralFactory(
        case=world.case, to_organization=world.other, status=S.REQUESTED, groups=health
    )
    with pytest.raises(PermissionDenied):
        referrals.referral_transition(
            actor=world.other_user, referral=referral, to_status=S.ACCEPTED
        )


def test_a_draft_is_not_sent_without_a_basis_covering_the_receiver(world):
    referral = ReferralFactory(case=world.case, to_organization=world.other)
    Consent.objects.filter(pk=world.consent.pk).update(withdrawn_at=timezone.now())
    with pytest.raises(ValidationError):
        referrals.referral_send(actor=world.lead_user, referral=referral)
    referral.refresh_from_db()
    assert referral.status == S.DRAFT


def test_send_moves_a_draft_to_requested(world):
    referral = ReferralFactory(case=world.case, to_organization=world.other)
    assert referrals.referral_send(actor=world.lead_user, referral=referral).status == S.REQUESTED


@pytest.mark.parametrize(
    ("from_status", "to_status", "given"),
    [
        (S.REQUESTED, S.REJECTED, {}),
        (S.REQUESTED, S.REJECTED, {"reason": "made_up"}),
        (S.IN_PROGRESS, S.FAILED, {}),
        (S.IN_PROGRESS, S.COMPLETED, {}),
        (S.IN_PROGRESS, S.COMPLETED, {"outcome": "unsuccessful"}),
    ],
)
def test_a_rejection_failure_or_completion_needs_its_reason_or_outcome(
    world, from_status, to_status, given
):
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=from_status)
    with pytest.raises(ValidationError):
        referrals.referral_transition(
            actor=world.other_user, referral=referral, to_status=to_status, **given
        )
    referral.refresh_from_db()
    assert referral.status == from_status


def test_an_unsuccessful_completion_with_its_reason(world):
    referral = ReferralFactory(case=world.case, to_organization=world.other, status=S.IN_PROGRESS)
    done = referrals.referral_transition(
        actor=world.other_user,
        referral=referral,
        to_status=S.COMPLETED,
        outcome="unsuccessful",
        reason=ReferralReason.PERSON_DECLINED,
    )
    assert (done.outcome, done.reason) == ("unsuccessful", "person_declined")


def test_the_history_keeps_every_change_in_order(world):
    referral = referrals.referral_create(
        actor=world.lead_user, case=world.case, to_organization=world.other, groups=["basic"]
    )
    referrals.referral_send(actor=world.lead_user, referral=referral)
    for status in (S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD, S.IN_PROGRESS):
        referrals.referral_transition(actor=world.other_user, referral=referral, to_status=status)
    referrals.referral_transition(
        actor=world.other_user, referral=referral, to_status=S.COMPLETED, outcome="successful"
    )
    assert [e.to_status for e in referral.events.all()] == [
        "draft",
        "requested",
        "accepted",
        "in-progress",
        "on-hold",
        "in-progress",
        "completed",
    ]


def test_a_closed_case_sends_no_new_referral(world):
    world.case.status = "closed"
    world.case.save()
    with pytest.raises(ValidationError):
        referrals.referral_create(
            actor=world.lead_user, case=world.case, to_organization=world.other, groups=["basic"]
        )
