"""The second factor over django-otp: enrol, confirm, verify and reset authenticator apps
(otp_totp), one-time recovery codes (otp_static) and passkeys (django-otp-webauthn).

The views stay small: they call these functions and never a django-otp model directly. Every
change is audited inside its transaction. Recovery codes are stored as a keyed hash (HMAC
with SECRET_KEY): a copy of the database does not give usable codes.

Every change of a user's factors (an app or passkey added or removed, new recovery codes, a
reset) renews the user's security stamp (accounts.models.User): every other session of the
user ends at its next request (ASVS V7.4.3). The view keeps the acting user's own session
with `keep_own_session`.
"""

import base64
import secrets
import unicodedata

import segno
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from core import audit

TOTP_NAME = "認証アプリ"  # i18n-data: a device's name, shown to its owner only
RECOVERY_NAME = "recovery-codes"
RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits a person can copy from paper without confusing 0/o, 1/l/i.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10  # ~50 bits each; shown as two groups of five


def _audit(actor, user, action: str, changes: dict | None = None) -> None:
    audit.record(
        actor=actor,
        action=action,
        local_government=user.local_government,
        obj=user,
        changes=changes or {},
    )


def _factors_changed(actor, user, action: str, changes: dict | None = None) -> None:
    """Audit a change of the user's factors and end the user's other sessions."""
    user.security_stamp_rotate()
    _audit(actor, user, action, changes)


def keep_own_session(request, user) -> None:
    """After a change of `user`'s factors: when that is the signed-in user, this session stays
    signed in (its stored hash is renewed); the user's other sessions end."""
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.user.security_stamp = user.security_stamp
        update_session_auth_hash(request, request.user)


# --- what a user has -------------------------------------------------------------------------


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def passkeys(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("pk")


def has_second_factor(user) -> bool:
    """An authenticator app or a passkey; recovery codes alone are no enrolment."""
    return bool(totp_device(user)) or passkeys(user).exists()


def has_any_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    return device.token_set.count() if device else 0


# --- authenticator apps ----------------------------------------------------------------------


@transaction.atomic
def totp_start(user) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one with a fresh key if needed."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk")
    ).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
        _audit(user, user, "auth.mfa_start", {"kind": "totp"})
    return device


def provisioning_uri(device: TOTPDevice) -> str:
    return device.config_url


def qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def secret_text(device: TOTPDevice) -> str:
    """The key as an authenticator app expects it typed in: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _digits(code: str) -> str:
    # Full-width digits and spaces are common on Japanese keyboards.
    text = unicodedata.normalize("NFKC", code or "")
    return "".join(ch for ch in text if ch in "0123456789")


@transaction.atomic
def verify_totp(device: TOTPDevice, code: str) -> bool:
    """Check a code, allowing one step of clock drift; a code is usable once (django-otp keeps
    the last step used) and repeated failures slow the device down (its throttling)."""
    code = _digits(code)
    if len(code) != 6:
        return False
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    return device.verify_token(code)


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, code: str) -> bool:
    """Confirm a new authenticator with a first valid code."""
    if device.user_id != user.pk or not verify_totp(device, code):
        return False
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    # Another authenticator left from before is replaced: one app per person.
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    _factors_changed(user, user, "auth.mfa_enroll", {"kind": "totp"})
    return True


# --- recovery codes --------------------------------------------------------------------------


def _recovery_normalise(code: str) -> str:
    text = unicodedata.normalize("NFKC", code or "").lower()
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _recovery_hash(code: str) -> str:
    # StaticToken.token holds at most 16 characters: 64 bits of an HMAC-SHA-256.
    return salted_hmac("tsunagu.recovery-code", code, algorithm="sha256").hexdigest()[:16]


def format_recovery_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def recovery_codes_generate(*, actor, user) -> list[str]:
    """Make ten new one-time codes (the old ones stop working) and return them, to be shown
    once; only their hashes are kept."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    device.token_set.bulk_create(
        [device.token_set.model(device=device, token=_recovery_hash(code)) for code in codes]
    )
    _factors_changed(actor, user, "auth.recovery_codes", {"count": len(codes)})
    return [format_recovery_code(code) for code in codes]


@transaction.atomic
def verify_recovery_code(user, code: str) -> StaticDevice | None:
    code = _recovery_normalise(code)
    if len(code) != RECOVERY_CODE_LENGTH:
        return None
    device = StaticDevice.objects.select_for_update().filter(user=user, name=RECOVERY_NAME).first()
    if device is None or not device.verify_token(_recovery_hash(code)):
        return None
    _audit(user, user, "auth.recovery_code_used", {"left": device.token_set.count()})
    return device


def must_wait(user) -> bool:
    """Whether django-otp holds the user's app back after failed codes (a growing delay)."""
    device = totp_device(user)
    return device is not None and not device.verify_is_allowed()[0]


def _totp_shaped(code: str) -> bool:
    """Six digits and nothing but spaces or hyphens around them. A recovery code may hold six
    digits among its letters; trying it on the app would count a failure against the app."""
    text = unicodedata.normalize("NFKC", code or "")
    return len(_digits(text)) == 6 and all(ch.isdigit() or ch in " -" for ch in text.strip())


def verify_code(user, code: str):
    """The device that accepts `code`: the authenticator app's six digits, or else a recovery
    code. None when neither does."""
    device = totp_device(user)
    if device is not None and _totp_shaped(code):
        return device if verify_totp(device, code) else None
    return verify_recovery_code(user, code)


# --- passkeys --------------------------------------------------------------------------------


@transaction.atomic
def passkey_registered(*, user, device) -> None:
    _factors_changed(user, user, "auth.mfa_enroll", {"kind": "passkey", "name": device.name})


@transaction.atomic
def passkey_remove(*, actor, user, pk: int) -> bool:
    deleted, _ = WebAuthnCredential.objects.filter(user=user, pk=pk).delete()
    if deleted:
        _factors_changed(actor, user, "auth.passkey_remove", {"passkey": pk})
    return bool(deleted)


# --- a lost phone ----------------------------------------------------------------------------


@transaction.atomic
def reset(*, actor, user) -> None:
    """Remove every second factor of a user (a lost phone); they enrol again, which needs a
    new grant (an enrolment code from the secretariat)."""
    removed = {
        "totp": TOTPDevice.objects.filter(user=user).delete()[0],
        "recovery": StaticDevice.objects.filter(user=user).delete()[0],
        "passkey": WebAuthnCredential.objects.filter(user=user).delete()[0],
    }
    if any(removed.values()):
        _factors_changed(actor, user, "auth.mfa_reset", removed)
