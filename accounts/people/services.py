"""Writes on accounts and organizations from the account screens. Each service checks the
rules itself (the views only show what the services allow), writes in one transaction with
`full_clean()`, and records the audit entry with before → after.

The rules (docs/accounts.md):
- the secretariat manages its own local government's accounts and organizations; a system
  admin those of every body. System admins themselves are managed with `manage.py add_user`,
  never on these screens, so nobody gives the system_admin role here;
- nobody changes their own role, nor deactivates their own account;
- a body keeps at least one active secretariat account: the last one is neither deactivated
  nor given another role;
- role and organization agree (ROLE_KINDS, and User.clean: a department user works for a city
  department); an account stays in its body.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.people import invitations
from core import audit
from core.access import has_role
from core.roles import Role

Kind = Organization.Kind

# Which kinds of organization each role may belong to.
ROLE_KINDS: dict[str, frozenset[str]] = {
    Role.SECRETARIAT: frozenset({Kind.CITY_DEPARTMENT}),
    Role.DEPARTMENT: frozenset({Kind.CITY_DEPARTMENT}),
    Role.PARTNER: frozenset({Kind.PARTNER}),
    Role.VOLUNTEER: frozenset({Kind.VOLUNTEER_GROUP}),
    Role.EMPLOYER: frozenset({Kind.EMPLOYER}),
    Role.HOUSING_PROVIDER: frozenset({Kind.HOUSING_PROVIDER}),
}
ASSIGNABLE_ROLES = [role for role in Role if role != Role.SYSTEM_ADMIN]
AUDITED_USER_FIELDS = ["role", "organization", "display_name", "is_active"]
AUDITED_ORGANIZATION_FIELDS = ["name", "kind", "department"]


# --- who may manage what ----------------------------------------------------------------------


def is_manager(actor) -> bool:
    return has_role(actor, [Role.SECRETARIAT, Role.SYSTEM_ADMIN])


def can_manage_body(actor, local_government) -> bool:
    """Whether `actor` manages the accounts and organizations of `local_government`."""
    if local_government is None:
        return False
    if has_role(actor, [Role.SYSTEM_ADMIN]):
        return True
    return (
        has_role(actor, [Role.SECRETARIAT])
        and actor.local_government_id is not None
        and actor.local_government_id == local_government.pk
    )


def can_manage_user(actor, user: User) -> bool:
    return user.role != Role.SYSTEM_ADMIN and can_manage_body(actor, user.local_government)


def _require_user(actor, user: User) -> None:
    if not can_manage_user(actor, user):
        raise PermissionDenied


def _require_body(actor, local_government) -> None:
    if not can_manage_body(actor, local_government):
        raise PermissionDenied


# --- rules -----------------------------------------------------------------------------------


def check_role_and_organization(role: str, organization: Organization | None) -> None:
    """Raise a ValidationError (in Japanese, on the field) when role and organization disagree."""
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError({"role": _("この画面ではこの役割を設定できません。")})
    if organization is None:
        raise ValidationError({"organization": _("所属組織を選んでください。")})
    if organization.kind not in ROLE_KINDS[role]:
        kinds = "・".join(str(Kind(kind).label) for kind in sorted(ROLE_KINDS[role]))
        raise ValidationError(
            {
                "organization": _(
                    "「%(role)s」の利用者は、種別が「%(kinds)s」の組織に所属させてください。"
                )
                % {"role": Role(role).label, "kinds": kinds}
            }
        )


def other_active_secretariats(user: User):
    return User.objects.filter(
        role=Role.SECRETARIAT,
        is_active=True,
        organization__local_government_id=user.local_government_id,
    ).exclude(pk=user.pk)


def _check_keeps_a_secretariat(user: User, message: str) -> None:
    if (
        user.role == Role.SECRETARIAT
        and user.is_active
        and not other_active_secretariats(user).exists()
    ):
        raise ValidationError(message)


# --- accounts ----------------------------------------------------------------------------------


def _username_for(email: str) -> str:
    return email.strip().lower()


@transaction.atomic
def account_invite(
    *, actor, email: str, display_name: str, role: str, organization: Organization
) -> User:
    """Create an account (no usable password; the user name is the e-mail address) and send it
    the invitation e-mail once the transaction commits."""
    _require_body(actor, organization.local_government)
    check_role_and_organization(role, organization)
    email = email.strip()
    username = _username_for(email)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"email": _("このメールアドレスのアカウントはすでにあります。一覧から探してください。")}
        )
    user = User(
        username=username,
        email=email,
        role=role,
        organization=organization,
        display_name=display_name.strip(),
    )
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        if "username" in getattr(error, "error_dict", {}):
            raise ValidationError(
                {"email": _("このメールアドレスはユーザー名に使えません。")}
            ) from error
        raise
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        local_government=organization.local_government,
        obj=user,
        changes={
            "role": {"before": None, "after": role},
            "organization": {"before": None, "after": organization.name},
            "email": email,
        },
    )
    token = invitations.invitation_issue(actor=actor, user=user)
    transaction.on_commit(
        lambda: invitations.send_invitation_email(user=user, token=token, invited_by=actor)
    )
    return user


@transaction.atomic
def invitation_resend(*, actor, user: User) -> None:
    """Send a new invitation (the old link stops working) to an account whose password has
    not been set yet."""
    _require_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(
            _("利用停止中のアカウントには案内を送れません。先に再開してください。")
        )
    if user.has_usable_password():
        raise ValidationError(
            _("このアカウントはパスワードを設定済みです。案内をもう一度送る必要はありません。")
        )
    if not user.email:
        raise ValidationError(_("メールアドレスがないため、案内を送れません。"))
    token = invitations.invitation_issue(actor=actor, user=user, resent=True)
    transaction.on_commit(
        lambda: invitations.send_invitation_email(user=user, token=token, invited_by=actor)
    )


@transaction.atomic
def account_update(
    *, actor, user: User, role: str, organization: Organization, display_name: str
) -> dict:
    """Change an account's role, organization and name; return the changes audited."""
    _require_user(actor, user)
    user = (
        User.objects.select_for_update(of=("self",)).select_related("organization").get(pk=user.pk)
    )
    before = audit.snapshot(user, AUDITED_USER_FIELDS)
    if role != user.role and user.pk == actor.pk:
        raise ValidationError(
            {"role": _("自分の役割は変えられません。ほかの事務局の方に頼んでください。")}
        )
    if organization.local_government_id != user.local_government_id:
        raise ValidationError(
            {
                "organization": _(
                    "別の地方公共団体の組織には移せません。同じ団体の組織を選んでください。"
                )
            }
        )
    check_role_and_organization(role, organization)
    if role != user.role:
        _check_keeps_a_secretariat(
            user,
            _(
                "この団体で有効な事務局のアカウントはこれだけです。先にほかの方を事務局にしてください。"
            ),
        )
    user.role = role
    user.organization = organization
    user.display_name = display_name.strip()
    user.full_clean()
    user.save(update_fields=["role", "organization", "display_name"])
    changes = audit.diff(before, audit.snapshot(user, AUDITED_USER_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="user.update",
            local_government=user.local_government,
            obj=user,
            changes=changes,
        )
    return changes


@transaction.atomic
def account_deactivate(*, actor, user: User) -> None:
    """Stop an account: it can no longer sign in, its sessions stop working at their next
    request (ModelBackend refuses an inactive user), and its open invitations are revoked."""
    _require_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError(_("自分のアカウントは停止できません。"))
    if not user.is_active:
        raise ValidationError(_("このアカウントはすでに利用停止中です。"))
    _check_keeps_a_secretariat(
        user,
        _(
            "この団体で有効な事務局のアカウントはこれだけのため、停止できません。"
            "先にほかの方の事務局のアカウントを作ってください。"
        ),
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = invitations.revoke_open(user)
    audit.record(
        actor=actor,
        action="user.deactivate",
        local_government=user.local_government,
        obj=user,
        changes={"is_active": {"before": True, "after": False}, "invitations_revoked": revoked},
    )


@transaction.atomic
def account_reactivate(*, actor, user: User) -> None:
    _require_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(_("このアカウントは利用中です。"))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="user.reactivate",
        local_government=user.local_government,
        obj=user,
        changes={"is_active": {"before": False, "after": True}},
    )


# --- organizations -----------------------------------------------------------------------------


@transaction.atomic
def organization_create(*, actor, local_government, name: str, kind: str, department=None):
    _require_body(actor, local_government)
    organization = Organization(
        local_government=local_government,
        name=name.strip(),
        kind=kind,
        department=department if kind == Kind.CITY_DEPARTMENT else None,
    )
    _full_clean_organization(organization)
    organization.save()
    audit.record(
        actor=actor,
        action="organization.create",
        local_government=local_government,
        obj=organization,
        changes=audit.diff({}, audit.snapshot(organization, AUDITED_ORGANIZATION_FIELDS)),
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor, organization: Organization, name: str, kind: str, department=None
):
    _require_body(actor, organization.local_government)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = audit.snapshot(organization, AUDITED_ORGANIZATION_FIELDS)
    organization.name = name.strip()
    organization.kind = kind
    organization.department = department if kind == Kind.CITY_DEPARTMENT else None
    _full_clean_organization(organization)
    mismatched = [
        str(user)
        for user in organization.users.all()
        if user.role in ROLE_KINDS and kind not in ROLE_KINDS[user.role]
    ]
    if mismatched:
        raise ValidationError(
            {
                "kind": _(
                    "この種別にすると、所属する利用者（%(users)s）の役割と合わなくなります。"
                    "先に利用者の役割か所属を変えてください。"
                )
                % {"users": "、".join(mismatched[:5])}
            }
        )
    organization.save()
    changes = audit.diff(before, audit.snapshot(organization, AUDITED_ORGANIZATION_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="organization.update",
            local_government=organization.local_government,
            obj=organization,
            changes=changes,
        )
    return organization


def _full_clean_organization(organization: Organization) -> None:
    taken = Organization.objects.filter(
        local_government_id=organization.local_government_id,
        kind=organization.kind,
        name=organization.name,
    ).exclude(pk=organization.pk)
    if organization.name and taken.exists():
        raise ValidationError(
            {"name": _("同じ種別で同じ名前の組織がすでにあります。別の名前にしてください。")}
        )
    organization.full_clean()


@transaction.atomic
def password_change(*, actor: User, password: str) -> None:
    """A user changes their own password (accounts:password_change; the form has checked the
    current one and the validators). The new hash changes the session hash, so every other
    session of the user ends; the view keeps its own. The audit entry never holds a password."""
    actor.set_password(password)
    actor.save(update_fields=["password"])
    audit.record(
        actor=actor,
        action="user.password_change",
        local_government=actor.local_government,
        obj=actor,
        changes={"fields": ["password"]},
    )
