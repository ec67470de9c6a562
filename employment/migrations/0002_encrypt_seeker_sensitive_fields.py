"""Encrypt the job seekers' legal status and offences at rest (docs/adr/0010-field-encryption.md).

A column cannot change from a number to a ciphertext in place (an ALTER would copy "3" where a
token is expected), so: add encrypted columns beside the plain ones, copy every row's values
into them (encrypted by the field on the way in, in batches), drop the plain columns and give
the encrypted ones their names. Reversible: going back copies the decrypted values into plain
columns again. Nothing a supporter entered is lost (employment/tests/seekers/test_encryption.py
runs this on rows created before it)."""

import core.fields
from django.db import migrations, models

BATCH = 500
LEGAL_STATUS_CHOICES = [
    ("probation", "保護観察中"),
    ("parole", "仮釈放中"),
    ("released", "満期釈放"),
    ("suspended", "執行猶予中"),
    ("not_prosecuted", "起訴猶予"),
    ("juvenile", "少年（保護観察・少年院出院）"),
    ("other", "その他"),
]


def _copy(JobSeeker, pairs):
    """Copy each (source, target) field of every row, a batch at a time."""
    last = 0
    while True:
        batch = list(JobSeeker.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for seeker in batch:
            for source, target in pairs:
                setattr(seeker, target, getattr(seeker, source))
        JobSeeker.objects.bulk_update(batch, [target for _source, target in pairs])
        last = batch[-1].pk


def encrypt_rows(apps, schema_editor):
    JobSeeker = apps.get_model("employment", "JobSeeker")
    _copy(JobSeeker, [("legal_status", "legal_status_sealed"), ("offences", "offences_sealed")])


def decrypt_rows(apps, schema_editor):
    JobSeeker = apps.get_model("employment", "JobSeeker")
    _copy(JobSeeker, [("legal_status_sealed", "legal_status"), ("offences_sealed", "offences")])


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobseeker",
            name="legal_status_sealed",
            field=core.fields.EncryptedTextField(null=True),
        ),
        migrations.AddField(
            model_name="jobseeker",
            name="offences_sealed",
            field=core.fields.EncryptedIntegerField(null=True, min_value=0),
        ),
        # nullable for the way back, which re-adds them empty before refilling them
        migrations.AlterField(
            model_name="jobseeker",
            name="legal_status",
            field=models.CharField(choices=LEGAL_STATUS_CHOICES, max_length=20, null=True),
        ),
        migrations.AlterField(
            model_name="jobseeker",
            name="offences",
            field=models.PositiveIntegerField(default=0, null=True),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
        migrations.RemoveField(model_name="jobseeker", name="legal_status"),
        migrations.RemoveField(model_name="jobseeker", name="offences"),
        migrations.RenameField(
            model_name="jobseeker", old_name="legal_status_sealed", new_name="legal_status"
        ),
        migrations.RenameField(
            model_name="jobseeker", old_name="offences_sealed", new_name="offences"
        ),
        migrations.AlterField(
            model_name="jobseeker",
            name="legal_status",
            field=core.fields.EncryptedTextField(
                choices=LEGAL_STATUS_CHOICES, max_length=20, verbose_name="法的な状況"
            ),
        ),
        migrations.AlterField(
            model_name="jobseeker",
            name="offences",
            field=core.fields.EncryptedIntegerField(
                default=0, min_value=0, verbose_name="前歴の種類（ビット集合）"
            ),
        ),
    ]
