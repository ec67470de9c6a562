# Sign-in attempts are counted by django-axes now (accounts/throttle.py, ADR 0008); the old
# table's rows are only short-lived counters and are dropped with it.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_move_totp_to_django_otp"),
    ]

    operations = [
        migrations.DeleteModel(name="LoginAttempt"),
    ]
