"""Factories of the referral tests. Everything they make is fictional (架空)."""

import datetime

from django.utils import timezone

from coordination.models import FieldGroup, Referral, ReferralEvent
from coordination.models import ReferralStatus as S
from coordination.tests.factories import ReferralFactory, matrix_world
from core.fields.choice_masks import to_mask
from core.roles import Role


def sent_referral(case, to_organization, *, groups=(FieldGroup.BASIC,), days_ago=0, **kwargs):
    """A referral of `case` from its lead to `to_organization`, sent `days_ago` days ago."""
    sent_at = timezone.now() - datetime.timedelta(days=days_ago)
    referral = ReferralFactory(
        case=case,
        to_organization=to_organization,
        groups=to_mask(FieldGroup, groups),
        status=kwargs.pop("status", S.REQUESTED),
        sent_at=sent_at,
        **kwargs,
    )
    ReferralEvent.objects.create(referral=referral, to_status=S.DRAFT, at=sent_at)
    ReferralEvent.objects.create(
        referral=referral, from_status=S.DRAFT, to_status=S.REQUESTED, at=sent_at
    )
    return referral


def matrix_referral(city) -> Referral:
    """A requested referral of the matrix's case (coordination.tests.factories.matrix_world)
    from its lead (the city's partner organization) to the department user's organization,
    which the world's consent covers for every group."""
    world = matrix_world(city)
    return sent_referral(
        world.case,
        city.users[Role.DEPARTMENT].organization,
        groups=FieldGroup.values,
        purpose="住まいと就労の調整（架空）",
    )


def matrix_referral_kwargs(city) -> dict:
    return {"pk": matrix_referral(city).pk}


def world_referral_kwargs(world) -> dict:
    """For the record-scope test (CASE_PAGES): a referral of the matrix world's case to the
    organization its consent covers for every group (the department user's)."""
    scope = max(world.consent.scopes.all(), key=lambda scope: scope.groups)
    return {
        "pk": sent_referral(world.case, scope.organization, groups=FieldGroup.values).pk,
    }
