"""Who may do what in the directory's back office: decided here, on the server, and nowhere
else.

The secretariat keeps its own local government's whole directory. A partner (関係機関・団体,
住宅確保支援事業者) sees and proposes changes only to the entries its accounts organization
maintains (`Organization.maintainer`); anything else does not exist for it (404, not 403, so
that nothing leaks). Every other role has no business here (403)."""

from django.db.models import QuerySet

from core.access import has_role
from core.roles import Role
from directory.models import ChangeRequest, Organization, Service

EDITOR_ROLES = (Role.SECRETARIAT, Role.PARTNER, Role.HOUSING_PROVIDER)
PARTNER_ROLES = (Role.PARTNER, Role.HOUSING_PROVIDER)


def _same_body(user, local_government) -> bool:
    return (
        user.is_authenticated
        and local_government is not None
        and user.local_government_id == local_government.pk
    )


def is_secretariat(user, local_government) -> bool:
    """The secretariat of `local_government` reviews, edits directly and assigns maintainers."""
    return has_role(user, [Role.SECRETARIAT]) and _same_body(user, local_government)


def is_partner(user, local_government) -> bool:
    return (
        has_role(user, PARTNER_ROLES)
        and _same_body(user, local_government)
        and user.organization_id is not None
    )


def maintains(user, organization: Organization) -> bool:
    """The user's accounts organization keeps this entry."""
    return (
        is_partner(user, organization.local_government)
        and organization.maintainer_id is not None
        and organization.maintainer_id == user.organization_id
    )


def can_see(user, organization: Organization) -> bool:
    return is_secretariat(user, organization.local_government) or maintains(user, organization)


def can_propose(user, organization: Organization) -> bool:
    """A partner proposes changes to the entries it maintains; they wait for review."""
    return maintains(user, organization)


def can_edit_directly(user, local_government) -> bool:
    return is_secretariat(user, local_government)


can_review = can_edit_directly
can_assign_maintainer = can_edit_directly


def can_verify(user, organization: Organization) -> bool:
    """Confirming that an entry is still correct changes nothing but its date: the maintainer
    and the secretariat may do it without review."""
    return can_see(user, organization)


def visible_organizations(user, local_government) -> QuerySet[Organization]:
    organizations = Organization.objects.filter(local_government=local_government)
    if is_secretariat(user, local_government):
        return organizations
    if is_partner(user, local_government):
        return organizations.filter(maintainer_id=user.organization_id)
    return organizations.none()


def visible_services(user, local_government) -> QuerySet[Service]:
    services = Service.objects.filter(local_government=local_government)
    if is_secretariat(user, local_government):
        return services
    if is_partner(user, local_government):
        return services.filter(organization__maintainer_id=user.organization_id)
    return services.none()


def visible_change_requests(user, local_government) -> QuerySet[ChangeRequest]:
    requests = ChangeRequest.objects.filter(local_government=local_government)
    if is_secretariat(user, local_government):
        return requests
    if is_partner(user, local_government):
        return requests.filter(organization__maintainer_id=user.organization_id)
    return requests.none()
