"""Access-matrix rows of the second factor's URLs (accounts/mfa/). To be merged into
accounts/tests/access_rows.py (the matrix loads only that module)."""

from core.roles import Role
from core.testing.matrix import (
    ALL_STAFF,
    ANON,
    DENIED,
    LOGIN,
    REDIRECT,
    Row,
    everyone,
    staff_only,
)


def _volunteer(city):
    return {"pk": city.users[Role.VOLUNTEER].pk}


ROWS = {
    # new recovery codes: re-authentication first
    "accounts:mfa_recovery_codes": staff_only(*ALL_STAFF, ok=REDIRECT),
    "accounts:mfa_guide": staff_only(*ALL_STAFF),
    # registering a passkey needs a verified session or an enrolment grant (403 without)
    "accounts:passkey_register_begin": Row(
        {ANON: LOGIN, **{role: DENIED for role in Role.values}}, method="post"
    ),
    "accounts:passkey_register_complete": Row(
        {ANON: LOGIN, **{role: DENIED for role in Role.values}}, method="post"
    ),
    # a passkey answers the second step of a sign-in (or of a re-authentication) under way:
    # with none under way, 403 for everyone
    "accounts:passkey_auth_begin": everyone(DENIED, method="post"),
    "accounts:passkey_auth_complete": everyone(DENIED, method="post"),
    "accounts:passkey_i18n": everyone(),
    # the secretariat's page for one user's second factor (another body's user: 404,
    # accounts/tests/mfa/test_staff.py)
    "staff:user_mfa": staff_only(Role.SECRETARIAT, Role.SYSTEM_ADMIN, kwargs=_volunteer),
}
