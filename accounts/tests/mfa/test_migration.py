"""Migration 0006 moves the enrolments of our own TOTP model onto django-otp's: the same
authenticator app keeps working, used codes stay used, nobody enrols again."""

import base64
import time

import pytest
from django.db.migrations.loader import MigrationLoader
from django_otp.oath import TOTP

from core.testing import scratch

MIGRATION_SUFFIX = "move_totp_to_django_otp"


def _migration_names():
    """The moving migration and the accounts migration before it (the numbers may change when
    branches are merged)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (name,) = [
        key[1]
        for key in loader.disk_migrations
        if key[0] == "accounts" and key[1].endswith(MIGRATION_SUFFIX)
    ]
    migration = loader.disk_migrations[("accounts", name)]
    (before,) = [dep for dep in migration.dependencies if dep[0] == "accounts"]
    return ("accounts", name), before


@pytest.mark.django_db(transaction=True)
def test_existing_enrolments_move_to_django_otp(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # two tries in a row below
    target, before = _migration_names()
    otp_deps = [("otp_totp", "0003_add_timestamps"), ("otp_static", "0003_add_timestamps")]
    with scratch.scratch_database():
        _move_and_check(target, before, otp_deps)


def _move_and_check(target, before, otp_deps):
    old_apps = scratch.migrate(before, *otp_deps)
    User = old_apps.get_model("accounts", "User")
    OldDevice = old_apps.get_model("accounts", "TOTPDevice")
    secret = base64.b32encode(bytes(range(20))).decode()  # as pyotp.random_base32 made them
    now_step = int(time.time() // 30)
    confirmed = User.objects.create(username="moved-confirmed", role="partner")
    pending = User.objects.create(username="moved-pending", role="partner")
    from django.utils import timezone

    OldDevice.objects.create(
        user=confirmed, secret=secret, confirmed_at=timezone.now(), last_used_step=now_step
    )
    OldDevice.objects.create(user=pending, secret=secret, confirmed_at=None, last_used_step=0)

    new_apps = scratch.migrate(target)
    NewDevice = new_apps.get_model("otp_totp", "TOTPDevice")
    moved = NewDevice.objects.get(user_id=confirmed.pk)
    assert moved.key == bytes(range(20)).hex()
    assert moved.confirmed is True and moved.last_t == now_step
    assert (moved.step, moved.digits, moved.tolerance, moved.t0) == (30, 6, 1, 0)
    not_yet = NewDevice.objects.get(user_id=pending.pk)
    assert not_yet.confirmed is False and not_yet.last_t == -1
    with pytest.raises(LookupError):
        new_apps.get_model("accounts", "TOTPDevice")

    # The app's current code works on the moved device; the one used before the move does not.
    scratch.migrate(scratch.latest("accounts"), scratch.latest("otp_totp"))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user_id=confirmed.pk)
    totp = TOTP(device.bin_key, 30, 0, 6, 0)
    totp.time = now_step * 30
    assert not device.verify_token(totp.token())  # already used
    # The step after the used one, or the current one where the migrations took longer than
    # a step (a loaded machine): within the device's tolerance either way.
    totp.time = max(now_step + 1, int(time.time() // 30)) * 30
    assert device.verify_token(totp.token())


def test_the_secret_conversion_round_trips():
    import importlib

    (target, _before) = _migration_names()
    module = importlib.import_module(f"accounts.migrations.{target[1]}")
    secret = "JBSWY3DPEHPK3PXP"
    assert module.base32_to_hex(secret.lower()[:8] + " " + secret[8:]) == "48656c6c6f21deadbeef"
    assert module.hex_to_base32(module.base32_to_hex(secret)) == secret
