"""recompute_match_keys: after the match key changes, the persons' duplicate keys are computed
again from the decrypted kana and birth date; a dry run by default, batches audited with counts
only, anonymised persons left with their empty key. All fictional."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from coordination.models import Person, match_key
from coordination.tests.factories import PersonFactory
from core.models import AuditEntry
from core.testing.audit import assert_audited
from core.tests.factories import LocalGovernmentFactory

pytestmark = pytest.mark.django_db
ACTION = "coordination.person.match_keys"


def run(*args) -> str:
    out = io.StringIO()
    call_command("recompute_match_keys", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def persons(settings):
    settings.TSUNAGU_MATCH_KEY = "old-match-key"
    body = LocalGovernmentFactory()
    made = [PersonFactory(local_government=body) for _ in range(3)]
    anonymised = PersonFactory(local_government=body)
    Person.objects.filter(pk=anonymised.pk).update(match_key="", anonymised_at=timezone.now())
    settings.TSUNAGU_MATCH_KEY = "new-match-key"  # rotated
    return body, made, anonymised


def test_a_dry_run_counts_and_changes_nothing(persons):
    _body, made, _anonymised = persons
    output = run()
    assert "3 person(s) checked, 3 key(s) would change" in output
    assert "Dry run" in output
    for person in made:
        stored = Person.objects.get(pk=person.pk).match_key
        assert stored == person.match_key != match_key(person.name_kana, person.birth_date)
    assert not AuditEntry.objects.filter(action=ACTION).exists()


def test_apply_recomputes_in_audited_batches_and_skips_the_anonymised(persons):
    body, made, anonymised = persons
    output = run("--apply", "--batch-size", "2")
    assert f"{body.slug}: 2/3 checked, 2 rewritten" in output
    assert f"{body.slug}: 3/3 checked, 3 rewritten" in output
    for person in made:
        person.refresh_from_db()
        assert person.match_key == match_key(person.name_kana, person.birth_date)
    assert Person.objects.get(pk=anonymised.pk).match_key == ""
    entries = list(AuditEntry.objects.filter(action=ACTION).order_by("id"))
    assert [(e.changes["checked"], e.changes["changed"]) for e in entries] == [(2, 2), (1, 1)]
    assert {e.local_government_id for e in entries} == {body.pk}
    assert entries[0].actor is None and entries[0].actor_label == "recompute_match_keys"
    assert all("カクウ" not in str(e.changes) and "1980" not in str(e.changes) for e in entries)


def test_a_second_run_has_nothing_to_rewrite(persons):
    body, made, _anonymised = persons
    run("--apply")
    assert "3 person(s) checked, 0 key(s) rewritten" in run("--apply")
    # only the first run's batch is audited: the second rewrote nothing
    assert_audited(
        action=ACTION,
        actor=None,
        actor_label="recompute_match_keys",
        object_type="coordination.person",
        local_government=body,
        changes={"checked": 3, "changed": 3, "first_id": made[0].pk, "last_id": made[-1].pk},
    )


def test_a_duplicate_is_found_again_under_the_new_key(persons):
    body, made, _anonymised = persons
    person = made[0]
    assert not Person.objects.filter(
        local_government=body, match_key=match_key(person.name_kana, person.birth_date)
    ).exists()
    run("--apply")
    assert Person.objects.filter(
        local_government=body, match_key=match_key(person.name_kana, person.birth_date)
    ).exists()
