"""The person's encrypted fields: the registry finds them, keys rotate, bad dates are refused."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection

from coordination.fields import EncryptedDateField
from coordination.models import Person
from coordination.tests.factories import PersonFactory
from core import crypto
from core.fields import encrypted_fields

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
ENCRYPTED = [
    "name",
    "name_kana",
    "birth_date",
    "contact",
    "legal_status",
    "legal_status_since",
    "legal_status_until",
    "characteristics",
    "offences",
    "offence_details",
    "health_notes",
]


def raw_birth_date(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT birth_date FROM coordination_person WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_registry_finds_every_personal_field():
    found = {model: [field.name for field in fields] for model, fields in encrypted_fields()}
    assert found[Person] == ENCRYPTED


@pytest.mark.django_db
def test_rotate_keys_re_encrypts_the_person_and_the_date_still_reads(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    person = PersonFactory(legal_status_since=datetime.date(2026, 4, 1))
    before = raw_birth_date(person.pk)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "coordination.Person" in out.getvalue()
    after = raw_birth_date(person.pk)
    assert after != before and crypto.is_current(after)
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.birth_date, fresh.legal_status_since) == (
        datetime.date(1980, 4, 1),
        datetime.date(2026, 4, 1),
    )


@pytest.mark.django_db
def test_the_database_is_never_asked_to_compare_a_birth_date():
    with pytest.raises(FieldError):
        Person.objects.filter(birth_date=datetime.date(1980, 4, 1)).exists()
    assert Person.objects.filter(legal_status_since__isnull=True).count() == 0


@pytest.mark.parametrize("value", ["1980-13-01", "not a date", "19800401x"])
def test_a_bad_date_is_a_validation_error(value):
    with pytest.raises(ValidationError):
        EncryptedDateField().to_python(value)


def test_a_date_is_read_from_text_or_a_datetime():
    field = EncryptedDateField()
    assert field.to_python(" 1980-04-01 ") == datetime.date(1980, 4, 1)
    assert field.to_python(datetime.datetime(1980, 4, 1, 9)) == datetime.date(1980, 4, 1)
    assert field.to_python(None) is None
