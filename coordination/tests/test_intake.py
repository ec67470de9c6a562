"""Intake: the case number, encryption at rest, the duplicate warning that leaks nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from coordination import services
from coordination.models import Person, match_key
from coordination.tests.factories import PersonFactory, member, partner
from core.fields import EncryptedMixin
from core.models import AuditEntry
from core.roles import Role
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory

BIRTH = datetime.date(1975, 6, 15)
VALUES = {
    "name": "架空 花子",
    "name_kana": "カクウ ハナコ",
    "birth_date": BIRTH,
    "contact": "080-1111-2222",
    "ward": "東区",
    "legal_status": "parole",
    "offence_details": "架空の詳細XYZ",
    "health_notes": "架空の通院メモQRS",
    "offences": 5,
    "characteristics": 3,
    "is_fictional": True,
}
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def intaker(db):
    return member(partner(LocalGovernmentFactory()), Role.PARTNER)


def intake(actor, **values):
    return services.person_intake(
        actor=actor,
        local_government=actor.organization.local_government,
        values=VALUES | values,
        today=TODAY,
    )


def test_intake_opens_a_case_led_by_the_actor_with_the_next_number(intaker):
    first = intake(intaker)
    second = intake(intaker, name_kana="ベツ ジン")
    assert first.person.case_number == "C-2026-00001"
    assert second.person.case_number == "C-2026-00002"
    assert first.case.lead_organization == intaker.organization
    assert first.case.status == "open"
    assert first.duplicate is None and second.duplicate is None
    assert_audited(
        action="coordination.person.create",
        actor=intaker,
        obj=first.person,
        changes_include={"fields_set": sorted(k for k, v in VALUES.items() if v)},
    )
    assert_audited(
        action="coordination.case.open",
        actor=intaker,
        obj=first.case,
        changes_include={"duplicate_warned": False},
    )


def test_case_numbers_are_per_body(intaker):
    intake(intaker)
    elsewhere = member(partner(LocalGovernmentFactory()), Role.PARTNER)
    assert intake(elsewhere).person.case_number == "C-2026-00001"


def test_a_taken_number_is_skipped(intaker):
    PersonFactory(local_government=intaker.local_government, case_number="C-2026-00007")
    assert intake(intaker).person.case_number == "C-2026-00008"


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.EMPLOYER, Role.SYSTEM_ADMIN])
def test_only_intake_roles_register(intaker, role):
    with pytest.raises(PermissionDenied):
        intake(member(intaker.organization, role))
    assert not Person.objects.exists()


def test_no_intake_into_another_body(intaker):
    with pytest.raises(PermissionDenied):
        services.person_intake(
            actor=intaker, local_government=LocalGovernmentFactory(), values=VALUES, today=TODAY
        )


def test_personal_fields_are_not_stored_in_plain_text(intaker):
    person = intake(intaker).person
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM coordination_person WHERE id = %s", [person.pk])
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    encrypted = {field.column for field in Person._meta.fields if isinstance(field, EncryptedMixin)}
    # Each encrypted column holds a Fernet token; a token or the hex match key may hold "1975"
    # or "QRS" by chance (base64), so the secrets are looked for in the other columns only.
    filled = [name for name in encrypted if row[name] not in (None, "")]
    assert {"name", "name_kana", "birth_date", "contact", "offence_details"} <= set(filled)
    assert all(str(row[name]).startswith("gAAAAA") for name in filled)
    plain = " ".join(str(value) for name, value in row.items() if name not in encrypted)
    plain = plain.replace(person.match_key, "")
    for secret in ("架空 花子", "カクウ", "080-1111", "parole", "XYZ", "QRS", "1975"):
        assert secret not in plain
    assert row["match_key"] == person.match_key  # the keyed hash, not the kana
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.name, fresh.birth_date, fresh.offences) == ("架空 花子", BIRTH, 5)


def test_the_audit_entries_hold_no_personal_value(intaker):
    intake(intaker)
    text = " ".join(str(entry.changes) for entry in AuditEntry.objects.all())
    for secret in ("花子", "ハナコ", "080-1111", "XYZ", "QRS", "1975"):
        assert secret not in text


def test_the_match_key_folds_width_and_kana_and_needs_the_key(settings):
    assert match_key("カクウ ハナコ", BIRTH) == match_key("かくう　はなこ", BIRTH)
    assert match_key("ｶｸｳﾊﾅｺ", BIRTH) == match_key("カクウハナコ", BIRTH)
    assert match_key("カクウ ハナコ", BIRTH) != match_key("カクウ ハナコ", BIRTH.replace(day=16))
    before = match_key("カクウ ハナコ", BIRTH)
    settings.TSUNAGU_MATCH_KEY = "another-key"
    assert match_key("カクウ ハナコ", BIRTH) != before


def test_a_duplicate_the_actor_may_see_is_named(intaker):
    first = intake(intaker)
    again = intake(intaker, name_kana="ｶｸｳ ﾊﾅｺ", name="架空 花子（再）")
    assert again.duplicate.case_numbers == (first.person.case_number,)
    assert not again.duplicate.hidden
    assert first.person.case_number in again.duplicate.message


def test_a_duplicate_the_actor_may_not_see_is_only_said_to_exist(intaker):
    first = intake(intaker)
    stranger = member(partner(intaker.local_government), Role.PARTNER)
    again = intake(stranger)
    assert again.duplicate.case_numbers == ()
    assert again.duplicate.hidden
    assert first.person.case_number not in again.duplicate.message
    assert "可能性" in again.duplicate.message
    assert_audited(
        action="coordination.case.open",
        actor=stranger,
        obj=again.case,
        changes_include={"duplicate_warned": True},
    )


def test_no_duplicate_across_bodies(intaker):
    intake(intaker)
    elsewhere = member(partner(LocalGovernmentFactory()), Role.PARTNER)
    assert intake(elsewhere).duplicate is None


@pytest.mark.parametrize(
    "bad",
    [{"name": ""}, {"name_kana": ""}, {"birth_date": "1975-02-30"}, {"legal_status": "made_up"}],
)
def test_bad_input_is_refused_and_nothing_is_written(intaker, bad):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        intake(intaker, **bad)
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="coordination.").exists()
