"""Two-factor sign-in with time-based one-time passwords (RFC 6238), for staff."""

import time
import unicodedata

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import TOTPDevice
from core import audit
from core.web.params import is_digits

STEP_SECONDS = 30


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def device_for_enrollment(user) -> TOTPDevice:
    """Return the user's unconfirmed device, creating one with a fresh secret if needed."""
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, secret=pyotp.random_base32())
        audit.record(
            actor=user, action="auth.mfa_start", local_government=user.local_government, obj=user
        )
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=settings.MFA_ISSUER
    )


def qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def _normalise(code: str) -> str:
    # Full-width digits and spaces are common on Japanese keyboards.
    return "".join(ch for ch in unicodedata.normalize("NFKC", code or "") if is_digits(ch))


@transaction.atomic
def verify(device: TOTPDevice, code: str, *, now: float | None = None) -> bool:
    """Check a code against the device, allowing one step of clock drift; a code is usable
    once (a replayed or older code is refused)."""
    code = _normalise(code)
    if len(code) != 6:
        return False
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    totp = pyotp.TOTP(device.secret)
    current = int((now if now is not None else time.time()) // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if step > device.last_used_step and totp.at(step * STEP_SECONDS) == code:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return True
    return False


@transaction.atomic
def confirm_enrollment(*, user, device: TOTPDevice, code: str) -> bool:
    """Confirm a new device with a first valid code; record it in the audit log."""
    if device.user_id != user.pk or not verify(device, code):
        return False
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed_at=timezone.now())
    audit.record(
        actor=user, action="auth.mfa_enroll", local_government=user.local_government, obj=user
    )
    return True


@transaction.atomic
def reset(*, actor, user) -> None:
    """Remove a user's device (a lost phone); they enrol again at the next sign-in."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit.record(
            actor=actor, action="auth.mfa_reset", local_government=user.local_government, obj=user
        )
