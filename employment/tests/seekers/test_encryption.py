"""The seekers' legal status and offences encrypted at rest: no plaintext in the table, lookups
refused, rotate_keys from key A to B (resumable, batched), and the migration that encrypted
the rows that existed before it."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection

from accounts.tests.factories import OrganizationFactory
from core import crypto
from core.fields import EncryptedIntegerField, EncryptedTextField, encrypted_fields
from core.fields.choice_masks import to_mask
from core.testing import scratch
from employment.models import JobSeeker, LegalStatus, Offence
from employment.tests.factories import JobSeekerFactory

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def raw_row(pk) -> tuple[str, str]:
    table = JobSeeker._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT legal_status, offences FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def make_seeker(**fields) -> JobSeeker:
    fields.setdefault("legal_status", LegalStatus.PAROLE)
    fields.setdefault("offences", to_mask(Offence, ["theft", "drugs"]))
    return JobSeekerFactory(supporter_organization=OrganizationFactory(), **fields)


@pytest.mark.django_db
def test_no_plaintext_reaches_the_table_and_reads_are_plain():
    seeker = make_seeker()
    status, offences = raw_row(seeker.pk)
    assert status.startswith("gAAAAA") and offences.startswith("gAAAAA")
    assert "parole" not in status and offences != str(seeker.offences)
    fresh = JobSeeker.objects.get(pk=seeker.pk)
    assert fresh.legal_status == "parole" and isinstance(fresh.legal_status, str)
    assert fresh.offences == to_mask(Offence, ["theft", "drugs"])
    assert isinstance(fresh.offences, int)
    assert fresh.get_legal_status_display() == "仮釈放中"
    # the same value twice gives two different tokens (nothing to compare rows by)
    other = make_seeker()
    assert raw_row(other.pk)[0] != status


@pytest.mark.django_db
def test_update_and_bulk_writes_are_encrypted_too():
    seeker = make_seeker()
    JobSeeker.objects.filter(pk=seeker.pk).update(offences=0, legal_status="released")
    assert all(value.startswith("gAAAAA") for value in raw_row(seeker.pk))
    seeker.refresh_from_db()
    assert (seeker.legal_status, seeker.offences) == ("released", 0)
    seeker.offences = 4
    JobSeeker.objects.bulk_update([seeker], ["offences"])
    assert raw_row(seeker.pk)[1].startswith("gAAAAA")
    assert JobSeeker.objects.get(pk=seeker.pk).offences == 4


def test_empty_and_none_and_bad_values():
    text, number = EncryptedTextField(null=True), EncryptedIntegerField(null=True)
    assert text.get_prep_value(None) is None and number.get_prep_value(None) is None
    assert text.from_db_value(text.get_prep_value(""), None, None) == ""
    assert number.from_db_value(number.get_prep_value("7"), None, None) == 7
    with pytest.raises(Exception, match="整数"):
        number.to_python("seven")
    limited = EncryptedTextField(max_length=3)
    with pytest.raises(ValidationError):
        limited.run_validators("abcd")
    limited.run_validators("abc")
    with pytest.raises(ValidationError):
        EncryptedIntegerField(min_value=0).run_validators(-1)


@pytest.mark.django_db
def test_lookups_other_than_isnull_are_refused_clearly():
    make_seeker()
    for lookup in ({"offences": 3}, {"legal_status__in": ["parole"]}, {"offences__gt": 0}):
        with pytest.raises(FieldError, match="encrypted"):
            list(JobSeeker.objects.filter(**lookup))
    assert JobSeeker.objects.filter(legal_status__isnull=False).count() == 1


def test_the_registry_finds_the_seekers_encrypted_fields():
    found = {model: [field.name for field in fields] for model, fields in encrypted_fields()}
    assert found[JobSeeker] == ["legal_status", "offences"]


# --- rotation ----------------------------------------------------------------------------------


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_rotate_from_key_a_to_b_then_drop_a(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    seekers = [make_seeker(offences=n) for n in range(1, 4)]
    before = {seeker.pk: raw_row(seeker.pk) for seeker in seekers}

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert not crypto.is_current(before[seekers[0].pk][0])
    output = rotate("--batch-size", "2")
    assert "employment.JobSeeker" in output and "3/3 checked" in output
    assert "6 value(s) re-encrypted" in output
    for seeker in seekers:
        after = raw_row(seeker.pk)
        assert after != before[seeker.pk]
        assert all(crypto.is_current(token) for token in after)

    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # A dropped: everything still reads
    assert sorted(JobSeeker.objects.values_list("offences", flat=True)) == [1, 2, 3]
    assert {s.legal_status for s in JobSeeker.objects.all()} == {"parole"}


@pytest.mark.django_db
def test_rotation_is_resumable_and_skips_what_is_done(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    first, second = make_seeker(), make_seeker()
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    # as if an interrupted run had re-encrypted the first row only
    first.save()
    done = raw_row(first.pk)
    assert "2 value(s) re-encrypted" in rotate()
    assert raw_row(first.pk) == done  # skipped, not rewritten
    assert all(crypto.is_current(token) for token in raw_row(second.pk))
    assert "0 value(s) re-encrypted" in rotate()  # a second run has nothing left


@pytest.mark.django_db
def test_a_value_no_key_fits_is_an_error_naming_the_field(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    seeker = make_seeker()
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(crypto.DecryptionError, match="JobSeeker.legal_status"):
        JobSeeker.objects.get(pk=seeker.pk)
    with pytest.raises(crypto.DecryptionError):
        rotate()


# --- the migration that encrypted existing rows ------------------------------------------------

BEFORE = [("employment", "0001_initial")]
AFTER = [("employment", "0002_encrypt_seeker_sensitive_fields")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_rows_created_before_it_and_loses_nothing():
    values = [("probation", 5), ("juvenile", 0), ("other", 1023)]
    with scratch.scratch_database():
        old_apps = scratch.migrate(*BEFORE)
        body = old_apps.get_model("core", "LocalGovernment").objects.create(
            code="999992", slug="old", name="旧市（架空）", kind="city"
        )
        organization = old_apps.get_model("accounts", "Organization").objects.create(
            local_government=body, name="旧支援団体（架空）"
        )
        OldSeeker = old_apps.get_model("employment", "JobSeeker")
        for number, (status, mask) in enumerate(values):
            OldSeeker.objects.create(
                local_government_id=body.pk,
                supporter_organization_id=organization.pk,
                code=f"S-2020-{number:04d}",
                legal_status=status,
                offences=mask,
            )
        NewSeeker = scratch.migrate(*AFTER).get_model("employment", "JobSeeker")
        rows = NewSeeker.objects.order_by("code")
        assert [(s.legal_status, s.offences) for s in rows] == values
        assert all(token.startswith("gAAAAA") for s in rows for token in raw_row(s.pk))

        # and back: the plain columns get the values again
        OldSeeker = scratch.migrate(*BEFORE).get_model("employment", "JobSeeker")
        assert [(s.legal_status, s.offences) for s in OldSeeker.objects.order_by("code")] == values

        # and forward again to today's schema: the current model reads them
        scratch.migrate(scratch.latest("employment"))
        assert [(s.legal_status, s.offences) for s in JobSeeker.objects.order_by("code")] == values


@pytest.mark.django_db
def test_the_employers_count_compares_the_encrypted_values_in_python():
    from employment.models import Industry
    from employment.seekers import matching
    from employment.tests.factories import EmployerFactory, JobPostingFactory

    organization = OrganizationFactory()
    construction = to_mask(Industry, ["construction"])
    statuses = ["juvenile", "released", "parole", "released", "released", "released"]
    for status in statuses:
        JobSeekerFactory(
            supporter_organization=organization,
            legal_status=status,
            offences=to_mask(Offence, ["theft"]) if status == "parole" else 0,
            desired_industries=construction,
        )
    employer = EmployerFactory(
        local_government=organization.local_government, industry="construction"
    )

    def count(**rules):
        posting = JobPostingFactory(employer=employer, industry="construction", **rules)
        return matching.matching_seekers_count(posting).count

    assert count(probation_welcome=True, juveniles_welcome=True) == 6  # no rule: SQL count
    assert count(probation_welcome=True, juveniles_welcome=False) == 5  # not the juvenile
    excluding_theft = to_mask(Offence, ["theft"])
    assert count(excluded_offences=excluding_theft, juveniles_welcome=False) is None  # 4 < 5


@pytest.mark.django_db
def test_a_wrong_key_is_refused_before_start(settings):
    from django.core.management.base import SystemCheckError

    from core.fields import check_keys_fit_the_data

    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    make_seeker()
    assert check_keys_fit_the_data(databases=["default"]) == []
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # a valid key, but not the one of the data
    errors = check_keys_fit_the_data(databases=["default"])
    assert [error.id for error in errors] == ["core.E010", "core.E010"]
    assert "does not decrypt employment.JobSeeker.legal_status" in errors[0].msg
    with pytest.raises(SystemCheckError, match="core.E010"):
        call_command("check", "--database", "default", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]  # mid-rotation: fine
    assert check_keys_fit_the_data(databases=["default"]) == []
