"""Sign-in bookkeeping: attempts, throttling, and the audit entry of each sign-in."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginAttempt
from core import audit
from core.web.client import client_ip  # noqa: F401  (also used by the views)

# The sign-in bookkeeping takes the request: the client's address comes from it
# (core.web.client.client_ip, honouring the trusted proxies).


def login_is_locked(request, *, username: str) -> bool:
    """Whether too many recent failures block another attempt for this name or address."""
    ip_address = client_ip(request)
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginAttempt.objects.filter(created_at__gte=since, succeeded=False)
    if recent.filter(username__iexact=username).count() >= settings.LOGIN_FAILURE_LIMIT:
        return True
    return (
        bool(ip_address)
        and recent.filter(ip_address=ip_address).count() >= settings.LOGIN_FAILURE_IP_LIMIT
    )


@transaction.atomic
def login_record_failure(request, *, username: str) -> None:
    ip_address = client_ip(request)
    LoginAttempt.objects.create(username=username[:150], ip_address=ip_address, succeeded=False)


@transaction.atomic
def login_record_success(request, *, user, mfa: bool = False) -> None:
    ip_address = client_ip(request)
    LoginAttempt.objects.create(username=user.get_username(), ip_address=ip_address, succeeded=True)
    # A success clears the name's failures so a locked-out typo does not linger.
    LoginAttempt.objects.filter(username__iexact=user.get_username(), succeeded=False).delete()
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
