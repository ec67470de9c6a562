"""Who may see which part of a case: the one place these rules live (docs/support-coordination.md).

Pure functions over the models, asked again on every call (nothing cached), so a withdrawal or
an expiry takes effect on the next request.

- The **case team** is the lead organization (every field group) and the organizations a
  consent in force covers, each with the groups its scopes name (the union over consents).
  A consent in force: not withdrawn, and today inside its validity window; whatever its basis
  (本人同意, a recorded 支援会議, a provision to a public body), the basis is what covers.
- A user sees the groups of their organization in the team, narrowed by their role
  (`ROLE_GROUPS`): a 保護司 (volunteer) never the legal or health groups, an employer or a
  housing provider nothing (they get only what the person chose to send them), and the
  system administrator nothing (an operator, not a case worker).
- Only users of the case's local government.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts.models import Organization
from coordination.models import Case, Consent, ConsentOverride, FieldGroup
from core.fields.choice_masks import bit, from_mask, to_mask
from core.roles import Role

ALL_GROUPS = to_mask(FieldGroup, FieldGroup.values)
ROLE_GROUPS: dict[str, int] = {
    Role.SECRETARIAT: ALL_GROUPS,
    Role.DEPARTMENT: ALL_GROUPS,
    Role.PARTNER: ALL_GROUPS,
    Role.VOLUNTEER: to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.CONTACT, FieldGroup.PLAN]),
    Role.EMPLOYER: 0,
    Role.HOUSING_PROVIDER: 0,
    Role.SYSTEM_ADMIN: 0,
}
# What a user of a referral's receiving organization may see of the groups it sent, by role:
# the case roles as on the case (ROLE_GROUPS); a housing provider, which never opens a case,
# what was sent to it with a housing referral, but the support plan (coordination.housing).
RECEIVED_GROUPS: dict[str, int] = {
    **ROLE_GROUPS,
    Role.HOUSING_PROVIDER: ALL_GROUPS & ~bit(FieldGroup, FieldGroup.PLAN),
}
# What an application to a 協力雇用主's posting (coordination.applications) may carry, whatever a
# consent says: the person's name (基本) and, if chosen, how to reach them (連絡先). A consent
# may name an employer only for these groups, and its users still see no case (ROLE_GROUPS).
APPLICATION_GROUPS = to_mask(FieldGroup, [FieldGroup.BASIC, FieldGroup.CONTACT])
# Kinds of organization that are never members of a case team: an employer receives only an
# application, a housing provider only a housing referral; neither opens a case.
NEVER_IN_TEAM = frozenset({Organization.Kind.EMPLOYER, Organization.Kind.HOUSING_PROVIDER})
# Roles that may open a case page at all (the others get 403 before any case is looked up).
CASE_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER)
# Roles whose users receive referrals (and their e-mail notices): the case roles, and a
# housing provider for a housing referral to its organization.
RECEIVING_ROLES = (*CASE_ROLES, Role.HOUSING_PROVIDER)
# Roles that may register a person and lead a case.
INTAKE_ROLES = frozenset({Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER})


def consents_in_force(case: Case, now=None) -> list[Consent]:
    """The case's consents that cover at `now` (read fresh from the database)."""
    now = now or timezone.now()
    consents = Consent.objects.filter(case=case).prefetch_related("scopes")
    return [consent for consent in consents if consent.is_in_force(now)]


def overrides_in_force(case: Case, now=None) -> list[ConsentOverride]:
    """The case's emergency overrides approved and not yet past their time."""
    now = now or timezone.now()
    overrides = ConsentOverride.objects.filter(case=case, approved_at__isnull=False)
    return [override for override in overrides if override.is_in_force(now)]


def case_team(case: Case, now=None) -> dict[int, int]:
    """{organization id: mask of field groups} of the case team at `now`: the lead, the
    organizations of the bases in force, and those of the overrides in force."""
    team: dict[int, int] = {case.lead_organization_id: ALL_GROUPS}
    for consent in consents_in_force(case, now):
        for scope in consent.scopes.all():
            team[scope.organization_id] = team.get(scope.organization_id, 0) | scope.groups
    for override in overrides_in_force(case, now):
        team[override.organization_id] = team.get(override.organization_id, 0) | override.groups
    return team


def consent_in_force_q(now=None, prefix: str = "") -> Q:
    """The database's version of Consent.is_in_force, on Consent (or through `prefix`, e.g.
    "consents__")."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    p = prefix
    return (
        (Q(**{f"{p}withdrawn_at__isnull": True}) | Q(**{f"{p}withdrawn_at__gt": now}))
        & Q(**{f"{p}valid_from__lte": today, f"{p}valid_until__gte": today})
        & (~Q(**{f"{p}basis": Consent.Basis.PUBLIC_BODY}) | Q(**{f"{p}approved_by__isnull": False}))
    )


def team_cases_q(organization_id: int, now=None) -> Q:
    """A filter on Case: the cases whose team includes the organization at `now` (the lead,
    a basis in force, an override in force). The caseload lists use it; a page still asks
    `visible_groups` (which reads the bases again) before it shows anything."""
    now = now or timezone.now()
    covered = Consent.objects.filter(
        consent_in_force_q(now), scopes__organization_id=organization_id
    ).values("case_id")
    overridden = ConsentOverride.objects.filter(
        organization_id=organization_id,
        approved_at__isnull=False,
        status__in=(ConsentOverride.Status.ACTIVE, ConsentOverride.Status.REVIEWED),
        expires_at__gt=now,
    ).values("case_id")
    return Q(lead_organization_id=organization_id) | Q(pk__in=covered) | Q(pk__in=overridden)


def organization_groups(organization_id: int, case: Case, now=None) -> int:
    """The mask of the groups an organization may see of the case (its basis), before roles."""
    return case_team(case, now).get(organization_id, 0)


def visible_mask(user, case: Case, now=None) -> int:
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.organization_id
        or user.local_government_id != case.local_government_id
    ):
        return 0
    role_mask = ROLE_GROUPS.get(user.role, 0)
    if not role_mask:
        return 0
    return organization_groups(user.organization_id, case, now) & role_mask


def visible_groups(user, case: Case, now=None) -> list[str]:
    """The field groups `user` may see of `case` at `now`, in FieldGroup order."""
    return from_mask(FieldGroup, visible_mask(user, case, now))


def can_read_case(user, case: Case, now=None) -> bool:
    """Whether `user` may open the case at all (sees at least one group)."""
    return visible_mask(user, case, now) != 0


def is_lead(user, case: Case) -> bool:
    """Whether `user` works for the lead organization in a role that may lead a case."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role in INTAKE_ROLES
        and user.organization_id == case.lead_organization_id
        and user.local_government_id == case.local_government_id
    )


def received_mask(user, referral, now=None) -> int:
    """The groups a user of the referral's receiving organization may see of what it sent:
    the groups sent ∩ the receiver's basis in force ∩ the role's (RECEIVED_GROUPS)."""
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.organization_id
        or user.organization_id != referral.to_organization_id
        or user.local_government_id != referral.local_government_id
    ):
        return 0
    covered = organization_groups(user.organization_id, referral.case, now)
    return referral.groups & covered & RECEIVED_GROUPS.get(user.role, 0)


def may_answer(user, referral, now=None) -> bool:
    """Whether a user of the receiving organization may open and answer the referral: a case
    role that sees the case, or a housing provider receiving a housing referral (it sees
    only what was sent, never the case)."""
    if getattr(user, "role", None) == Role.HOUSING_PROVIDER:
        return referral.home_id is not None and received_mask(user, referral, now) != 0
    return visible_mask(user, referral.case, now) != 0
