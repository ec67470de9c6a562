"""Access-matrix rows of support coordination: referrals (merged in access_rows.py)."""

from coordination.models import FieldGroup, NeedArea
from coordination.models import ReferralStatus as S
from coordination.tests.access_rows_common import case_row, world_kwargs
from coordination.tests.factories_referrals import matrix_referral_kwargs, world_referral_kwargs
from core.roles import Role
from core.testing.matrix import (
    ANON,
    DENIED,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Row,
    page_form,
    staff_only,
)

CASE_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER)


def _new_referral(city) -> dict:
    """A valid new referral of the matrix's case for the lead (to the department's
    organization, basic group); another team member gets the form again (it cannot refer to
    itself, or the basic group is all it may choose)."""
    return {
        "to_organization": str(city.users[Role.DEPARTMENT].organization.pk),
        "area": NeedArea.HOUSING,
        "groups": [FieldGroup.BASIC],
        "action": "save",
    }


def referral_row(ok=OK, **extra) -> Row:
    """A page of one referral: its sender (the partner, lead) and its receiver (the
    department) open it; the volunteer (in the case team, not a side), the secretariat and a
    housing provider (it opens only housing referrals to its own organization) get 404; the
    other roles that never see a case 403."""
    expect = {
        ANON: LOGIN,
        Role.SECRETARIAT: NOT_FOUND,
        Role.DEPARTMENT: ok,
        Role.PARTNER: ok,
        Role.VOLUNTEER: NOT_FOUND,
        Role.EMPLOYER: DENIED,
        Role.HOUSING_PROVIDER: NOT_FOUND,
        Role.SYSTEM_ADMIN: DENIED,
    }
    return Row(expect, kwargs=matrix_referral_kwargs, **extra)


_transition = referral_row(REDIRECT, method="post", data={"to_status": S.CANCELLED})
# the receiver may not cancel: the page again with the message
_transition.expect[Role.DEPARTMENT] = 400

ROWS = {
    "referrals:for_case": case_row(kwargs=world_kwargs),
    "referrals:create": case_row(
        kwargs=world_kwargs, post=page_form(_new_referral), post_expect={Role.PARTNER: REDIRECT}
    ),
    "referrals:detail": referral_row(post=None),
    "referrals:transition": _transition,
    # a housing provider receives housing referrals (coordination.housing)
    "referrals:inbox": staff_only(*CASE_ROLES, Role.HOUSING_PROVIDER),
    "referrals:outbox": staff_only(*CASE_ROLES),
    "referrals:dashboard": staff_only(*CASE_ROLES),
    "referrals:reasons": staff_only(
        Role.SECRETARIAT,
        post=page_form(succeeds=True, label="空きを待っている（架空）", code="waiting-list"),
    ),
}
CASE_PAGES = {
    "referrals:for_case": lambda world: {"pk": world.case.pk},
    "referrals:detail": world_referral_kwargs,
}
