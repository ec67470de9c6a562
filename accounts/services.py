"""Sign-in bookkeeping: throttling (django-axes, accounts/throttle.py), the audit entries of
sign-ins, failures and lock-outs, and the notice to an attacked account's people.

The views call only these three functions, for the password step, the second factor and the
re-authentication alike; the client's address comes from the request
(core.web.client.client_ip, honouring the trusted proxies)."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from accounts import attack_notice, throttle
from core import audit
from core.web.client import client_ip  # noqa: F401  (also used by the views)

# What a locked-out user reads on the pages past the password step (re-authentication, the
# second factor, passkeys): the wait grows with the failures (accounts/throttle.py).
LOCKED_MESSAGE = gettext_lazy(
    "失敗が続いたため、しばらく確認できません。数分から1時間ほど待ってからもう一度お試しください。"
)


def login_is_locked(request, *, username: str) -> bool:
    """Whether another attempt for this name from this address must wait: the pair is in its
    (progressive) delay, or the address failed too often with any names."""
    return throttle.pair_is_locked(request, username) or throttle.address_is_locked(request)


def _user_named(username: str):
    from accounts.models import User

    key = throttle.normalize(username)
    return (
        User.objects.filter(username__iexact=key).select_related("organization").first()
        if key
        else None
    )


@transaction.atomic
def login_record_failure(request, *, username: str) -> None:
    """Count a failed sign-in (password, second factor or re-authentication) for this name and
    address, audit it (never the password), and audit a lock-out it causes. An account that
    keeps being attacked is reported to its owner and its body's secretariat."""
    failures = throttle.record_failure(request, username)
    ip_address = client_ip(request)
    user = _user_named(username)
    actor = (
        request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    )
    local_government = user.local_government if user else None
    target = (
        {"obj": user} if user else {"object_type": "accounts.user", "object_label": username[:300]}
    )
    actor_name = "" if actor else (ip_address or "unknown")
    audit.record(
        actor=actor,
        actor_name=actor_name,
        action=audit.LOGIN_FAILED,
        local_government=local_government,
        changes={
            "username": username[:150],
            "ip": ip_address,
            "path": request.path,
            "failures": failures,
        },
        **target,
    )
    locked = []
    if getattr(request, "axes_locked_out", False):
        locked.append(
            {
                "scope": "username_address",
                "seconds": int(throttle.delay_after(failures).total_seconds()),
            }
        )
    # Each failure adds one: the address's lock-out begins when its count reaches the limit.
    if throttle.address_failures(request) == settings.LOGIN_FAILURE_IP_LIMIT:
        locked.append({"scope": "address", "seconds": int(throttle.window().total_seconds())})
    for lock in locked:
        audit.record(
            actor=actor,
            actor_name=actor_name,
            action=audit.LOCKED_OUT,
            local_government=local_government,
            changes={"username": username[:150], "ip": ip_address, "failures": failures, **lock},
            **target,
        )
    addresses = throttle.addresses_attacking(username)
    if user is not None and (locked or addresses >= settings.LOGIN_ATTACK_ADDRESSES):
        attack_notice.notify(
            user=user, ip_address=ip_address, addresses=addresses, locked=bool(locked)
        )


@transaction.atomic
def login_record_success(request, *, user, mfa: bool = False) -> None:
    """Audit a sign-in. axes resets the failures of this name and address when Django's
    login() runs (AXES_RESET_ON_SUCCESS), so a locked-out typo does not linger."""
    ip_address = client_ip(request)
    audit.record(
        actor=user,
        action="auth.login",
        local_government=user.local_government,
        obj=user,
        changes={"ip": ip_address, "mfa": mfa},
    )


@transaction.atomic
def organization_ensure(
    *, actor, local_government, kind: str, name: str, department=None, is_fictional: bool = False
):
    """Return the organization of that kind and name, creating it if needed."""
    from accounts.models import Organization

    organization, created = Organization.objects.get_or_create(
        local_government=local_government,
        kind=kind,
        name=name,
        defaults={"department": department, "is_fictional": is_fictional},
    )
    if created:
        organization.full_clean()
        audit.record(
            actor=actor,
            action="organization.create",
            local_government=local_government,
            obj=organization,
        )
    return organization


@transaction.atomic
def user_ensure(
    *,
    actor,
    username: str,
    role: str,
    organization,
    display_name: str,
    password: str,
    is_fictional: bool = False,
):
    """Create the user if missing (and set the password); an existing user is left as it is."""
    from accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, False
    user = User(
        username=username,
        role=role,
        organization=organization,
        display_name=display_name,
        is_fictional=is_fictional,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.record(
        actor=actor,
        action="user.create",
        local_government=organization.local_government if organization else None,
        obj=user,
        changes={"role": {"before": None, "after": role}},
    )
    return user, True
