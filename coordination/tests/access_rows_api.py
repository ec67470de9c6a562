"""Access-matrix rows of support coordination: the API at /api/v1/<lg>/support/ (merged in
access_rows.py). Staff of the case roles only: the anonymous get 403 (the API answers JSON, it
does not redirect to the login page), so do the roles that never see a case. A case is read
by its team; a referral by its sender and its receiver (the volunteer, in the team but neither,
gets 404)."""

from coordination.models import FieldGroup, ReferralStatus
from coordination.tests.access_rows_common import case_row
from core.fields.choice_masks import to_mask
from core.roles import Role
from core.testing.matrix import ANON, DENIED, NOT_FOUND, OK, Row


def _lists() -> Row:
    """A list of the user's organization: every case role gets one (the secretariat's, whose
    organization is in no team, is empty)."""
    expect = {role: DENIED for role in Role.values}
    expect.update({ANON: DENIED, **{role: OK for role in CASE_ROLES}})
    return Row(expect, kwargs="lg")


CASE_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER)


def _case(city) -> dict:
    from coordination.tests.factories import matrix_world

    return {"lg": city.lg.slug, "pk": matrix_world(city).case.pk}


def _referral(city) -> dict:
    """A referral of the matrix case from the lead partner to the department (requested)."""
    from coordination.tests.factories import ReferralFactory, matrix_world

    world = matrix_world(city)
    referral = ReferralFactory(
        case=world.case,
        to_organization=city.users[Role.DEPARTMENT].organization,
        groups=to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.CONTACT]),
        status=ReferralStatus.REQUESTED,
    )
    return {"lg": city.lg.slug, "pk": referral.pk}


def _case_detail() -> Row:
    row = case_row(kwargs=_case)
    row.expect[ANON] = DENIED
    return row


def _referral_detail() -> Row:
    row = case_row(kwargs=_referral)
    row.expect[ANON] = DENIED
    row.expect[Role.VOLUNTEER] = NOT_FOUND  # in the case team, but neither sender nor receiver
    return row


ROWS = {
    "support_api:case_list": _lists(),
    "support_api:case_detail": _case_detail(),
    "support_api:referral_list": _lists(),
    "support_api:referral_detail": _referral_detail(),
    "support_api:referral_fhir": _referral_detail(),
}
# The record-scope test tries the case's API page too (another organization, consent withdrawn
# or expired, a group not covered): the same 404s as the screens.
CASE_PAGES = {
    "support_api:case_detail": lambda world: {
        "lg": world.case.local_government.slug,
        "pk": world.case.pk,
    },
}
