"""Test helpers for the second factor: an enrolled authenticator app and its codes."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import services as mfa


def enrol_totp(user) -> TOTPDevice:
    """An authenticator app, confirmed, as after enrolment (no recovery codes)."""
    device = mfa.totp_start(user)
    assert mfa.totp_confirm(user=user, device=device, code=totp_code(device))
    device.refresh_from_db()
    return device


def totp_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code the user's app shows `offset_steps` steps from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def fresh_code(device: TOTPDevice) -> str:
    """A code not used yet: the next step's (django-otp accepts one step of drift)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp_code(device, 1 if totp.t() <= device.last_t else 0)


def make_passkey(user, name: str = "テストのパスキー"):
    """A stored passkey (no real authenticator: its key material is a placeholder, so it can
    never complete a ceremony; tests use it for what the pages show)."""
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(
        user=user,
        name=name,
        confirmed=True,
        credential_id=b"test-credential-" + str(user.pk).encode(),
        public_key=b"\x00",
        sign_count=0,
        transports=[],
        discoverable=False,
        backup_eligible=False,
        backup_state=False,
    )
