"""Access-matrix rows of the second factor's URLs (accounts/mfa/). To be merged into
accounts/tests/access_rows.py (the matrix loads only that module)."""

from core.roles import Role
from core.testing.matrix import (
    ALL_STAFF,
    ANON,
    DENIED,
    LOGIN,
    OK,
    REDIRECT,
    Row,
    everyone,
    staff_only,
)

BAD_REQUEST = 400


def _volunteer(city):
    return {"pk": city.users[Role.VOLUNTEER].pk}


def _passkey(city):
    from accounts.tests.mfa.helpers import make_passkey

    return {"pk": make_passkey(city.users[Role.VOLUNTEER]).pk}


ROWS = {
    # new recovery codes: re-authentication first
    "accounts:mfa_recovery_codes": staff_only(*ALL_STAFF, ok=REDIRECT),
    "accounts:mfa_guide": staff_only(*ALL_STAFF),
    # removing one's own passkey: re-authentication first (another's: 404,
    # accounts/tests/mfa/test_enrolment.py)
    "accounts:mfa_passkey_remove": staff_only(*ALL_STAFF, ok=REDIRECT, kwargs=_passkey),
    # registering a passkey needs a verified session or an enrolment grant (403 without)
    "accounts:passkey_register_begin": Row(
        {ANON: LOGIN, **{role: DENIED for role in Role.values}}, method="post"
    ),
    "accounts:passkey_register_complete": Row(
        {ANON: LOGIN, **{role: DENIED for role in Role.values}}, method="post"
    ),
    # a passkey answers the second step of a sign-in under way, confirms a signed-in session
    # that has not given its second factor (the matrix's sessions have not), or completes a
    # re-authentication: anonymous with no sign-in under way, 403; signed in, the options
    # (200), and a completion with no ceremony begun is a bad request (400)
    "accounts:passkey_auth_begin": Row(
        {ANON: DENIED, **{role: OK for role in Role.values}}, method="post"
    ),
    "accounts:passkey_auth_complete": Row(
        {ANON: DENIED, **{role: BAD_REQUEST for role in Role.values}}, method="post"
    ),
    "accounts:passkey_i18n": everyone(),
    # the secretariat's page for one user's second factor (another body's user: 404,
    # accounts/tests/mfa/test_staff.py)
    "staff:user_mfa": staff_only(Role.SECRETARIAT, Role.SYSTEM_ADMIN, kwargs=_volunteer),
}
