"""Move the authenticator apps enrolled with our own TOTP model onto django-otp's
(docs/adr/0007-second-factor.md), add the secretariat's one-time enrolment codes, and drop
the old model.

Each accounts.TOTPDevice becomes an otp_totp.TOTPDevice: the base32 secret becomes the hex
key, the confirmed state is kept and the last time step used becomes `last_t` (so a code used
before the move cannot be replayed after it). Nobody has to enrol again.
"""

import base64

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DEVICE_NAME = "認証アプリ"  # i18n-data: the name of a moved device


def base32_to_hex(secret: str) -> str:
    """Our secrets were base32 (pyotp.random_base32); django-otp keeps hex."""
    cleaned = "".join(secret.split()).upper().rstrip("=")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    return base64.b32decode(padded).hex()


def hex_to_base32(key: str) -> str:
    return base64.b32encode(bytes.fromhex(key)).decode("ascii").rstrip("=")


def move_devices(apps, schema_editor):
    OldDevice = apps.get_model("accounts", "TOTPDevice")
    NewDevice = apps.get_model("otp_totp", "TOTPDevice")
    for old in OldDevice.objects.all().iterator():
        NewDevice.objects.create(
            user_id=old.user_id,
            name=DEVICE_NAME,
            confirmed=old.confirmed_at is not None,
            key=base32_to_hex(old.secret),
            step=30,
            t0=0,
            digits=6,
            tolerance=1,
            drift=0,
            last_t=old.last_used_step if old.last_used_step > 0 else -1,
        )


def move_devices_back(apps, schema_editor):
    from django.utils import timezone

    OldDevice = apps.get_model("accounts", "TOTPDevice")
    NewDevice = apps.get_model("otp_totp", "TOTPDevice")
    for new in NewDevice.objects.order_by("-confirmed", "pk").iterator():
        if OldDevice.objects.filter(user_id=new.user_id).exists():
            continue  # the old model held one device per user
        OldDevice.objects.create(
            user_id=new.user_id,
            secret=hex_to_base32(new.key),
            confirmed_at=timezone.now() if new.confirmed else None,
            last_used_step=max(new.last_t, 0),
        )
    NewDevice.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_invitation"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnrolmentCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code_hash",
                    models.CharField(max_length=128, verbose_name="登録コードのハッシュ"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="発行日時")),
                ("expires_at", models.DateTimeField(verbose_name="有効期限")),
                ("used_at", models.DateTimeField(blank=True, null=True, verbose_name="使用日時")),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="発行者",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="enrolment_codes",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="利用者",
                    ),
                ),
            ],
            options={
                "verbose_name": "二要素認証の登録コード",
                "verbose_name_plural": "二要素認証の登録コード",
            },
        ),
        migrations.RunPython(move_devices, move_devices_back),
        migrations.DeleteModel(name="TOTPDevice"),
    ]
