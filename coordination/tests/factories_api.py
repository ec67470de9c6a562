"""Factories for the API tests: a referral in a given state with its history. All fictional."""

from coordination.models import FieldGroup, ReferralEvent, ReferralStatus
from coordination.tests.factories import ReferralFactory
from core.fields.choice_masks import to_mask


def sent_referral(world, *groups, status=ReferralStatus.REQUESTED, **values):
    """A referral of world's case from the lead to `world.other`, sending `groups` (basic by
    default), in `status`, with the history draft → requested (→ status)."""
    referral = ReferralFactory(
        case=world.case,
        from_organization=world.lead,
        to_organization=world.other,
        groups=to_mask(FieldGroup, groups or [FieldGroup.BASIC]),
        status=status,
        created_by=world.lead_user,
        **values,
    )
    ReferralEvent.objects.create(referral=referral, to_status=ReferralStatus.DRAFT)
    ReferralEvent.objects.create(
        referral=referral, from_status=ReferralStatus.DRAFT, to_status=ReferralStatus.REQUESTED
    )
    if status not in (ReferralStatus.DRAFT, ReferralStatus.REQUESTED):
        ReferralEvent.objects.create(
            referral=referral,
            from_status=ReferralStatus.REQUESTED,
            to_status=status,
            note="受け入れました（架空）",
        )
    return referral
