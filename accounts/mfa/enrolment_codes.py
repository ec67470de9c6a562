"""One-time enrolment codes: the secretariat's way to let a user enrol a first second factor
when the invitation link is not at hand (a lost phone, an account made with add_user).

Entering a valid code at `accounts:mfa_setup` grants enrolment to that session
(accounts.enrolment.grant_enrolment); the password alone never does. A code is stored hashed
(the project's password hasher), belongs to one user, works once, and expires after
ENROLMENT_CODE_SECONDS; issuing a new one cancels the old.
"""

import secrets
import unicodedata
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from accounts.enrolment import grant_enrolment
from accounts.models import EnrolmentCode
from core import audit

ENROLMENT_CODE_SECONDS = 24 * 60 * 60
CODE_DIGITS = 12  # shown as three groups of four: easy to read out and type


def _normalise(code: str) -> str:
    text = unicodedata.normalize("NFKC", code or "")
    return "".join(ch for ch in text if ch in "0123456789")


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def active_code(user) -> EnrolmentCode | None:
    return (
        EnrolmentCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def enrolment_code_issue(*, actor, user) -> str:
    """Issue a new code for `user` (cancelling any earlier one) and return it, to be shown once
    to the secretariat, who hands it to the user."""
    now = timezone.now()
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).update(expires_at=now)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
    EnrolmentCode.objects.create(
        user=user,
        code_hash=make_password(code),
        issued_by=actor,
        expires_at=now + timedelta(seconds=ENROLMENT_CODE_SECONDS),
    )
    audit.record(
        actor=actor,
        action="auth.enrolment_code_issue",
        local_government=user.local_government,
        obj=user,
        changes={"expires_in_hours": ENROLMENT_CODE_SECONDS // 3600},
    )
    return format_code(code)


@transaction.atomic
def enrolment_code_redeem(request, *, user, code: str) -> bool:
    """Use a code: on success it is spent and this session may enrol a first second factor."""
    code = _normalise(code)
    if len(code) != CODE_DIGITS:
        return False
    candidates = EnrolmentCode.objects.select_for_update().filter(
        user=user, used_at__isnull=True, expires_at__gt=timezone.now()
    )
    for candidate in candidates:
        if check_password(code, candidate.code_hash):
            candidate.used_at = timezone.now()
            candidate.save(update_fields=["used_at"])
            grant_enrolment(request, user)
            audit.record(
                actor=user,
                action="auth.enrolment_code_used",
                local_government=user.local_government,
                obj=user,
            )
            return True
    return False
