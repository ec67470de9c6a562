"""The second factor's service layer over django-otp (accounts/mfa/services.py)."""

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.mfa import services as mfa
from accounts.tests.mfa.helpers import enrol_totp, make_passkey, totp_code
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited


def test_a_code_cannot_be_used_twice(city):
    device = enrol_totp(city.users[Role.PARTNER])
    code = totp_code(device, 1)
    assert mfa.verify_totp(device, code)
    assert not mfa.verify_totp(device, code)


def test_full_width_digits_are_accepted(city):
    device = enrol_totp(city.users[Role.PARTNER])
    code = totp_code(device, 1)
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    assert mfa.verify_totp(device, full_width[:3] + "　" + full_width[3:])


def test_a_code_from_far_in_the_past_is_refused(city):
    device = enrol_totp(city.users[Role.PARTNER])
    assert not mfa.verify_totp(device, totp_code(device, -10))


def test_enrolment_confirms_the_device_and_is_audited(city, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code below
    user = city.users[Role.VOLUNTEER]
    device = mfa.totp_start(user)
    assert not device.confirmed and mfa.totp_start(user).pk == device.pk  # reused
    assert not mfa.totp_confirm(user=user, device=device, code="000000")
    assert mfa.totp_confirm(user=user, device=device, code=totp_code(device))
    device.refresh_from_db()
    assert device.confirmed and mfa.has_second_factor(user)
    entry = AuditEntry.objects.get(action="auth.mfa_enroll")
    assert entry.actor == user and entry.object_id == str(user.pk)
    assert entry.changes == {"kind": "totp"}


def test_another_users_device_is_not_confirmed(city):
    device = mfa.totp_start(city.users[Role.VOLUNTEER])
    other = city.users[Role.PARTNER]
    assert not mfa.totp_confirm(user=other, device=device, code=totp_code(device))


def test_failures_slow_the_device_down(city):
    """django-otp's throttling: after a wrong code the device waits before the next try."""
    device = enrol_totp(city.users[Role.PARTNER])
    assert not mfa.verify_totp(device, "000000")
    assert not mfa.verify_totp(device, totp_code(device, 1))
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_recovery_codes_work_once_and_are_stored_hashed(city):
    user = city.users[Role.PARTNER]
    codes = mfa.recovery_codes_generate(actor=user, user=user)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & {code.replace("-", "") for code in codes}
    assert mfa.verify_code(user, codes[0].upper()) is not None  # case and dash do not matter
    assert mfa.verify_code(user, codes[0]) is None  # used up
    assert mfa.recovery_codes_left(user) == 9
    assert_audited(action="auth.recovery_code_used", actor=user, obj=user, changes={"left": 9})


def test_new_recovery_codes_invalidate_the_old(city):
    user = city.users[Role.PARTNER]
    old = mfa.recovery_codes_generate(actor=user, user=user)
    new = mfa.recovery_codes_generate(actor=user, user=user)
    assert mfa.verify_code(user, new[0]) is not None
    assert mfa.verify_code(user, old[0]) is None
    assert_audited(
        action="auth.recovery_codes",
        actor=user,
        obj=user,
        changes={"count": 10},
        count=2,
        each=True,
    )


def test_recovery_codes_alone_are_no_enrolment(city):
    user = city.users[Role.PARTNER]
    mfa.recovery_codes_generate(actor=user, user=user)
    assert not mfa.has_second_factor(user)
    make_passkey(user)
    assert mfa.has_second_factor(user)


def test_reset_removes_every_factor_and_is_audited(city):
    from django.core.management import call_command

    user = city.users[Role.PARTNER]
    enrol_totp(user)
    make_passkey(user)
    mfa.recovery_codes_generate(actor=user, user=user)
    call_command("reset_mfa", user.username, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not WebAuthnCredential.objects.filter(user=user).exists()
    assert mfa.recovery_codes_left(user) == 0
    entry = AuditEntry.objects.get(action="auth.mfa_reset")
    assert entry.object_id == str(user.pk) and entry.changes["totp"] == 1


def test_a_recovery_code_with_six_digits_is_not_tried_on_the_app(city):
    """A recovery code such as ab234-567cd holds six digits; before this was fixed it was
    first tried as an app code, failed, and held the app back (a flaky test found it)."""
    user = city.users[Role.DEPARTMENT]
    device = enrol_totp(user)
    static = mfa.recovery_codes_generate(actor=user, user=user) and user.staticdevice_set.get()
    static.token_set.create(token=mfa._recovery_hash("ab234567cd"))
    assert mfa.verify_code(user, "ab234-567cd") == static
    device.refresh_from_db()
    assert device.throttling_failure_count == 0 and not mfa.must_wait(user)


def test_six_digits_with_spaces_or_hyphens_are_an_app_code(city):
    user = city.users[Role.DEPARTMENT]
    device = enrol_totp(user)
    code = totp_code(device, 1)
    assert mfa.verify_code(user, f"{code[:3]}-{code[3:]}") == device
