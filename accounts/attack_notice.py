"""The notice to an account's people when the account keeps being attacked: a lock-out, or
failed sign-ins under its name from several addresses within the window
(LOGIN_ATTACK_ADDRESSES). The account's owner (if it has an e-mail address) and the active
secretariat of its body are told, in plain Japanese; accounts without a body (system admins)
tell the active system admins. At most one notice per account per day: the audit entry of
the last notice is the memory, read under a lock on the account's row so that two worker
processes do not both send it."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditEntry
from core.roles import Role

logger = logging.getLogger(__name__)

ACTION = "auth.attack_notice"
INTERVAL = timedelta(days=1)


def recipients(user) -> list[str]:
    """The owner's address, then the secretariat's (or the system admins'), each once."""
    from accounts.models import User

    people = User.objects.filter(is_active=True).exclude(email="")
    if user.organization_id:
        people = people.filter(
            role=Role.SECRETARIAT,
            organization__local_government_id=user.organization.local_government_id,
        )
    else:
        people = people.filter(role=Role.SYSTEM_ADMIN)
    addresses = [user.email] if user.email and user.is_active else []
    for email in people.order_by("pk").values_list("email", flat=True):
        if email not in addresses:
            addresses.append(email)
    return addresses


def _notified_recently(user) -> bool:
    return AuditEntry.objects.filter(
        action=ACTION,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
        created_at__gte=timezone.now() - INTERVAL,
    ).exists()


@transaction.atomic
def notify(*, user, ip_address: str | None, addresses: int, locked: bool) -> bool:
    """Tell the account's people that it is under attack, unless they were told today.
    Returns whether a notice was sent."""
    from accounts.models import User

    User.objects.select_for_update().filter(pk=user.pk).first()
    if _notified_recently(user):
        return False
    to = recipients(user)
    local_government = user.local_government
    audit.record(
        actor=None,
        action=ACTION,
        local_government=local_government,
        obj=user,
        changes={"recipients": len(to), "ip": ip_address, "addresses": addresses, "locked": locked},
    )
    if to:
        context = {
            "user": user,
            "local_government": local_government,
            "ip_address": ip_address or _("不明"),
            "addresses": addresses,
            "minutes": max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60),
            "locked": locked,
            "at": timezone.localtime(),
            "login_url": settings.TSUNAGU_SITE_URL.rstrip("/") + reverse("accounts:login"),
        }
        subject = _("【Tsunagu】アカウント（%(username)s）へのログインの失敗が続いています") % {
            "username": user.get_username()
        }
        body = render_to_string("accounts/email_attack_notice.txt", context)
        transaction.on_commit(lambda: _send(subject, body, to))
    return True


def _send(subject: str, body: str, to: list[str]) -> None:
    """Send after the commit; a mail server that fails is logged, and the sign-in page that
    caused the notice is still answered (the audit entry says a notice was due)."""
    try:
        send_mail(subject, body, None, to)
    except Exception:
        logger.exception("could not send the notice of an attacked account to %d people", len(to))
