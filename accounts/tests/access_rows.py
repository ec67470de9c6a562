"""Access-matrix rows of accounts' account and organization screens (accounts/people) and of
the password-set page (core/tests/test_access_matrix.py merges them).

The secretariat and the system admin manage accounts and organizations; everyone else is
refused. Another body's account or organization is a 404 for the secretariat
(accounts/tests/people/test_views.py). Views that give a role or export personal data ask for
re-authentication first, so a signed-in manager who has not re-authenticated is redirected
(to accounts:reauth). The password-set page is public: its link is the credential; the
password-change page is every signed-in user's own."""

import itertools

from accounts.tests.factories import OrganizationFactory, UserFactory
from core.roles import Role
from core.testing.matrix import ALL_STAFF, REDIRECT, everyone, staff_only

MANAGERS = (Role.SECRETARIAT, Role.SYSTEM_ADMIN)
_names = itertools.count(1)


def _target(city, **extra) -> dict:
    """A partner's account in the city, for the rows that take an account."""
    user = UserFactory(
        role=Role.PARTNER,
        organization=city.users[Role.PARTNER].organization,
        email=f"target{next(_names)}@example.jp",
        **extra,
    )
    return {"pk": user.pk}


def _inactive_target(city) -> dict:
    return _target(city, is_active=False)


def _invited_target(city) -> dict:
    kwargs = _target(city)
    from accounts.models import User

    user = User.objects.get(pk=kwargs["pk"])
    user.set_unusable_password()
    user.save()
    return kwargs


def _organization(city) -> dict:
    organization = OrganizationFactory(local_government=city.lg, name="行列の団体（架空）")
    return {"pk": organization.pk}


def _new_organization(city) -> dict:
    """A valid new organization (another name for each role that posts it)."""
    return {
        "name": f"新しい団体{next(_names)}（架空）",
        "kind": "partner",
        "local_government": city.lg.pk,  # asked of a system admin only
    }


def _edited_organization(city) -> dict:
    return {"name": f"名前を変えた団体{next(_names)}（架空）", "kind": "partner"}


def _invitation_data(city) -> dict:
    return {
        "email": f"row{next(_names)}@example.jp",
        "display_name": "行列 花子（架空）",
        "role": Role.PARTNER,
        "organization": city.users[Role.PARTNER].organization.pk,
    }


def _edit_data(city) -> dict:
    return {
        "display_name": "変更 太郎（架空）",
        "role": Role.VOLUNTEER,
        "organization": city.users[Role.VOLUNTEER].organization.pk,
    }


def _invitation_link(city) -> dict:
    from accounts.people.invitations import invitation_issue

    user = UserFactory(
        role=Role.PARTNER,
        organization=city.users[Role.PARTNER].organization,
        email="invited-row@example.jp",
    )
    return {"token": invitation_issue(actor=None, user=user)}


ROWS = {
    # every signed-in user changes their own password (the current one re-authenticates)
    "accounts:password_change": staff_only(*ALL_STAFF),
    # the password-set page of an invitation link: the token moves into the session
    "accounts:set_password": everyone(REDIRECT, kwargs=_invitation_link),
    # the account screens
    "people:index": staff_only(*MANAGERS),
    "people:export_csv": staff_only(*MANAGERS, ok=REDIRECT),  # re-authentication first
    # the form views give a role: a manager who has not re-authenticated is redirected to do
    # it, and nothing is written
    "people:invite": staff_only(*MANAGERS, ok=REDIRECT, method="post", data=_invitation_data),
    "people:detail": staff_only(*MANAGERS, kwargs=_target),
    "people:edit": staff_only(
        *MANAGERS, ok=REDIRECT, kwargs=_target, method="post", data=_edit_data
    ),
    "people:deactivate": staff_only(*MANAGERS, ok=REDIRECT, kwargs=_target, method="post"),
    "people:reactivate": staff_only(*MANAGERS, ok=REDIRECT, kwargs=_inactive_target, method="post"),
    "people:resend": staff_only(*MANAGERS, ok=REDIRECT, kwargs=_invited_target, method="post"),
    # the organization screens
    "people:organizations": staff_only(*MANAGERS),
    "people:organization_detail": staff_only(*MANAGERS, kwargs=_organization),
    "people:organization_create": staff_only(
        *MANAGERS, ok=REDIRECT, method="post", data=_new_organization
    ),
    "people:organization_edit": staff_only(
        *MANAGERS, ok=REDIRECT, kwargs=_organization, method="post", data=_edited_organization
    ),
}


# The second factor's rows (accounts/mfa/) live beside these.
from accounts.tests.access_rows_mfa import ROWS as MFA_ROWS  # noqa: E402

ROWS = {**ROWS, **MFA_ROWS}
