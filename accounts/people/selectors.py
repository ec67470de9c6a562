"""Reads for the account screens, permission-aware: the secretariat sees its own local
government's accounts and organizations, a system admin every body's. System admin accounts
are not on these screens (manage.py add_user). Anything outside is a 404."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from accounts.models import Organization, User
from core.access import has_role
from core.models import LocalGovernment
from core.roles import Role
from plans.models import Department

USER_SORTS = {
    "name": ("display_name", "username"),
    "-name": ("-display_name", "-username"),
    "username": ("username",),
    "-username": ("-username",),
    "organization": ("organization__name", "username"),
    "-organization": ("-organization__name", "username"),
    "role": ("role", "username"),
    "joined": ("-date_joined", "username"),
    "-joined": ("date_joined", "username"),
    "last_login": ("-last_login", "username"),
    "-last_login": ("last_login", "username"),
}
DEFAULT_USER_SORT = "organization"


def _is_admin(actor) -> bool:
    return has_role(actor, [Role.SYSTEM_ADMIN])


def bodies(actor):
    """The local governments whose accounts `actor` manages."""
    if _is_admin(actor):
        return LocalGovernment.objects.order_by("code")
    if has_role(actor, [Role.SECRETARIAT]) and actor.local_government_id:
        return LocalGovernment.objects.filter(pk=actor.local_government_id)
    return LocalGovernment.objects.none()


def manageable_users(actor):
    users = User.objects.filter(organization__isnull=False).exclude(role=Role.SYSTEM_ADMIN)
    if _is_admin(actor):
        return users
    if has_role(actor, [Role.SECRETARIAT]) and actor.local_government_id:
        return users.filter(organization__local_government_id=actor.local_government_id)
    return User.objects.none()


def user_for(actor, pk: int) -> User:
    return get_object_or_404(
        manageable_users(actor).select_related("organization__local_government"), pk=pk
    )


def user_list(
    users,
    *,
    q: str = "",
    role: str = "",
    organization=None,
    local_government=None,
    active: str = "",
    sort: str = DEFAULT_USER_SORT,
):
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(display_name__icontains=q) | Q(email__icontains=q)
        )
    if role:
        users = users.filter(role=role)
    if organization is not None:
        users = users.filter(organization=organization)
    if local_government is not None:
        users = users.filter(organization__local_government=local_government)
    if active == "yes":
        users = users.filter(is_active=True)
    elif active == "no":
        users = users.filter(is_active=False)
    return users.select_related("organization__local_government").order_by(
        *USER_SORTS.get(sort, USER_SORTS[DEFAULT_USER_SORT])
    )


def manageable_organizations(actor):
    organizations = Organization.objects.select_related("local_government", "department")
    if _is_admin(actor):
        return organizations
    if has_role(actor, [Role.SECRETARIAT]) and actor.local_government_id:
        return organizations.filter(local_government_id=actor.local_government_id)
    return Organization.objects.none()


def organization_for(actor, pk: int) -> Organization:
    return get_object_or_404(manageable_organizations(actor), pk=pk)


def organization_list(organizations, *, kind: str = "", local_government=None):
    if kind:
        organizations = organizations.filter(kind=kind)
    if local_government is not None:
        organizations = organizations.filter(local_government=local_government)
    return organizations.annotate(
        account_count=Count("users", distinct=True),
        active_count=Count("users", filter=Q(users__is_active=True), distinct=True),
    ).order_by("local_government__code", "kind", "name")


def organization_accounts(organization: Organization):
    return organization.users.exclude(role=Role.SYSTEM_ADMIN).order_by("-is_active", "username")


def departments(actor):
    """The city departments (from the plan) that `actor` may attach a city-department
    organization to."""
    found = Department.objects.select_related("local_government")
    if _is_admin(actor):
        return found.order_by("local_government__code", "position", "name")
    return found.filter(local_government_id=actor.local_government_id).order_by("position", "name")


def open_invitation(user: User):
    """The user's latest invitation (whatever its state), for the account page."""
    return user.invitations.first()
