"""Invitation links: a one-time link, sent by e-mail, that sets an account's password and then
lets the new user enrol a second factor (accounts.enrolment). Used by the account screens and
by the employer approval (employment.employers.accounts).

The token is 256 random bits; only its SHA-256 is stored (Invitation.token_hash), so a copy of
the database opens no account. A link works once, until TSUNAGU_INVITATION_DAYS have passed,
and a new invitation for the same user (a re-send) revokes the older ones."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, User
from core import audit

VALID = "valid"
USED = "used"
EXPIRED = "expired"
REVOKED = "revoked"
UNKNOWN = "unknown"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def valid_days() -> int:
    return settings.TSUNAGU_INVITATION_DAYS


def invitation_url(token: str) -> str:
    """The absolute link of an invitation e-mail."""
    path = reverse("accounts:set_password", kwargs={"token": token})
    return settings.TSUNAGU_SITE_URL.rstrip("/") + path


def revoke_open(user: User, *, now=None) -> int:
    """Revoke the user's invitations that could still be used; return how many."""
    now = now or timezone.now()
    return Invitation.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(revoked_at=now)


@transaction.atomic
def invitation_issue(*, actor, user: User, resent: bool = False) -> str:
    """Make a new invitation for `user` (revoking any older one) and return its token, which
    only the e-mail carries. Audited as user.invite."""
    now = timezone.now()
    revoked = revoke_open(user, now=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        email=user.email,
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=valid_days()),
    )
    audit.record(
        actor=actor,
        action="user.invite",
        local_government=user.local_government,
        obj=user,
        changes={
            "email": invitation.email,
            "expires_at": invitation.expires_at,
            "resent": resent,
            "revoked": revoked,
        },
    )
    return token


@dataclass
class Lookup:
    state: str
    invitation: Invitation | None = None


def invitation_lookup(token: str) -> Lookup:
    """What a link's token opens: a VALID invitation, or why not (USED, EXPIRED, REVOKED, or
    UNKNOWN, also for an inactive account)."""
    if not token:
        return Lookup(UNKNOWN)
    invitation = (
        Invitation.objects.select_related("user", "user__organization")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or not invitation.user.is_active:
        return Lookup(UNKNOWN)
    if invitation.used_at is not None:
        return Lookup(USED, invitation)
    if invitation.revoked_at is not None:
        return Lookup(REVOKED, invitation)
    if invitation.expires_at <= timezone.now():
        return Lookup(EXPIRED, invitation)
    return Lookup(VALID, invitation)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Set the password from a valid invitation and use the invitation up (the caller checked
    the password with the validators). Audited as user.password_set, with the user as actor."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=invitation.pk)
    )
    now = timezone.now()
    if (
        invitation.used_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= now
        or not invitation.user.is_active
    ):
        raise ValueError("the invitation can no longer be used")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    audit.record(
        actor=user,
        action="user.password_set",
        local_government=user.local_government,
        obj=user,
        changes={"invitation": invitation.pk},
    )
    return user


def send_invitation_email(*, user: User, token: str, invited_by=None) -> None:
    """The plain-Japanese e-mail of an account made on the account screens."""
    local_government = user.local_government
    context = {
        "user": user,
        "local_government": local_government,
        "url": invitation_url(token),
        "valid_days": valid_days(),
        "invited_by": invited_by,
    }
    subject = _("【%(lg)s】つなぐ（業務画面）のアカウントのご案内") % {
        "lg": local_government.name if local_government else _("つなぐ")
    }
    body = render_to_string("accounts/people/email_invitation.txt", context)
    send_mail(subject, body, None, [user.email])
