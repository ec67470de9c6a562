"""The audit log as a hash chain per local government: record() chains, verify_audit catches an
entry edited or removed behind the application's back, and the database refuses UPDATE (and on
PostgreSQL DELETE) of an entry."""

import contextlib
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from accounts.tests.factories import OrganizationFactory, UserFactory
from core import audit
from core.audit import chain as audit_chain
from core.models import AuditChainHead, AuditEntry
from core.testing import scratch
from core.tests.factories import LocalGovernmentFactory

POSTGRES = connection.vendor == "postgresql"


@contextlib.contextmanager
def bypassing_the_triggers():
    """What someone with direct access to the database can do: switch the triggers off. Both
    databases undo the switch when the test's transaction rolls back."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_append_only")
    yield
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")


def verify(**options) -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out, **options)
    return out.getvalue()


def write(body, action, n=1, **extra):
    return [
        audit.record(
            actor=None, action=action, local_government=body, object_label=f"{action} {i}", **extra
        )
        for i in range(n)
    ]


@pytest.fixture
def bodies(db):
    return LocalGovernmentFactory(slug="chain-a"), LocalGovernmentFactory(slug="chain-b")


def test_each_local_government_has_its_own_chain(bodies):
    a, b = bodies
    a1 = write(a, "test.a")[0]
    b1 = write(b, "test.b")[0]
    none1 = write(None, "test.none")[0]
    a2 = write(a, "test.a", changes={"field": {"before": 1, "after": 2}})[0]
    assert a1.prev_hash == b1.prev_hash == none1.prev_hash == audit_chain.GENESIS
    assert a2.prev_hash == a1.hash  # b's entry in between does not belong to a's chain
    for entry in (a1, a2, b1, none1):
        entry.refresh_from_db()  # what the database gives back hashes the same
        assert audit_chain.hash_of(entry) == entry.hash
    assert AuditChainHead.objects.get(chain=a.pk).last_entry_id == a2.pk
    assert AuditChainHead.objects.get(chain=0).last_hash == none1.hash
    out = verify()
    assert f"ok {a.name}: 2 entries, head {a2.hash}" in out
    assert "ok no local government: 1 entries" in out
    assert "verified: 3 chains, 4 entries" in out


def test_values_that_change_on_the_way_through_json_still_verify(bodies):
    a, _b = bodies
    entry = audit.record(
        actor=None,
        action="test.json",
        local_government=a,
        changes={1: ("x", 2.0), "big": 1e20, "text": '日本語 "quoted"', "none": None},
    )
    entry.refresh_from_db()
    assert audit_chain.hash_of(entry) == entry.hash
    assert "verified" in verify()


def test_an_entry_edited_in_the_database_is_caught(bodies):
    a, b = bodies
    first, middle, last = write(a, "test.a", 3)
    write(b, "test.b", 2)
    verify()
    with bypassing_the_triggers():
        AuditEntry.objects.filter(pk=middle.pk).update(actor_label="someone else")
    with pytest.raises(CommandError, match=f"first entry that does not: {middle.pk}"):
        verify()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out)
    text = out.getvalue()
    assert f"BROKEN {a.name}: entry {middle.pk} (" in text
    assert "test.a): content does not match its hash" in text
    assert f"ok {b.name}: 2 entries" in text  # the other chain is fine
    assert "verified" not in text
    verify(local_government=b.slug)  # one body's chain alone
    with pytest.raises(CommandError):
        verify(local_government=a.slug)


def test_raw_sql_that_rewrites_the_changes_is_caught(bodies):
    a, _b = bodies
    entry = write(a, "test.a", changes={"role": {"before": "staff", "after": "secretariat"}})[0]
    with bypassing_the_triggers(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET changes = %s WHERE id = %s", ['{"role": {}}', entry.pk]
        )
    with pytest.raises(CommandError, match=str(entry.pk)):
        verify()


def test_an_entry_rehashed_after_editing_breaks_the_next_link(bodies):
    a, _b = bodies
    first, second = write(a, "test.a", 2)
    first.actor_label = "someone else"
    with bypassing_the_triggers():
        AuditEntry.objects.filter(pk=first.pk).update(
            actor_label=first.actor_label, hash=audit_chain.hash_of(first)
        )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out)
    assert f"entry {second.pk} (" in out.getvalue()
    assert "prev_hash does not match" in out.getvalue()


def test_a_deleted_entry_in_the_middle_is_caught(bodies):
    a, _b = bodies
    _first, middle, last = write(a, "test.a", 3)
    with bypassing_the_triggers(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [middle.pk])
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"first entry that does not: {last.pk}"):
        call_command("verify_audit", stdout=out)
    assert "prev_hash does not match the previous entry" in out.getvalue()


def test_deleted_entries_at_the_end_are_caught(bodies):
    a, _b = bodies
    _first, last = write(a, "test.a", 2)
    with bypassing_the_triggers(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match=f"first entry that does not: {last.pk}"):
        verify()


def test_an_unknown_local_government_is_refused(db):
    with pytest.raises(CommandError, match="no local government"):
        verify(local_government="nowhere")


def test_the_database_refuses_to_update_an_entry(bodies):
    a, _b = bodies
    entry = write(a, "test.a")[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.changed")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET object_label = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "test.a"
    verify()


@pytest.mark.skipif(not POSTGRES, reason="the DELETE trigger is PostgreSQL's (ADR 0009)")
def test_postgresql_refuses_to_delete_an_entry(bodies):
    a, _b = bodies
    entry = write(a, "test.a")[0]
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    kept = AuditEntry.objects.get(pk=entry.pk)  # still there, as written
    assert (kept.action, kept.hash) == (entry.action, entry.hash)


def test_deleting_a_user_or_a_body_leaves_their_entries_as_they_were(bodies):
    a, _b = bodies
    user = UserFactory(username="leaver", organization=OrganizationFactory(local_government=a))
    entry = audit.record(actor=user, action="test.a", local_government=a, obj=user)
    ids = (user.pk, a.pk)
    user.delete()
    a.delete()
    entry.refresh_from_db()
    assert (entry.actor_id, entry.local_government_id) == ids
    assert entry.actor_label == "leaver"
    listed = AuditEntry.objects.select_related("local_government", "actor").get(pk=entry.pk)
    assert listed.local_government is None and listed.actor is None
    assert f"ok local government #{ids[1]} (deleted): 1 entries" in verify()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not POSTGRES, reason="SQLite serializes every writer already")
def test_concurrent_writers_never_share_a_previous_entry():
    body = LocalGovernmentFactory(slug="chain-concurrent")
    write(body, "test.first")
    errors = []

    def writer(n):
        try:
            for i in range(10):
                with transaction.atomic():
                    audit.record(
                        actor=None, action=f"test.w{n}", local_government=body, object_id=str(i)
                    )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    prevs = list(AuditEntry.objects.filter(local_government=body).values_list("prev_hash"))
    assert len(prevs) == 41 and len(set(prevs)) == 41
    assert "verified: 1 chains, 41 entries" in verify()


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_existing_entries():
    """An upgrade from before the chain: the entries written then get chained, per body."""
    with scratch.scratch_database():
        old_apps = scratch.migrate(("core", "0003_local_government_wards"))
        body = old_apps.get_model("core", "LocalGovernment").objects.create(
            code="999991", slug="old", name="旧市（架空）", kind="city"
        )
        entry_model = old_apps.get_model("core", "AuditEntry")
        for i, local_government in enumerate([body, None, body, body, None]):
            entry_model.objects.create(
                local_government=local_government,
                actor_label="system",
                action=f"old.{i}",
                object_type="test",
                changes={"n": i, "when": "2026-01-01"},
            )
        scratch.migrate(("core", "0004_audit_chain"))
        entries = list(AuditEntry.objects.order_by("id"))
        assert [entry.prev_hash == audit_chain.GENESIS for entry in entries] == [
            True,
            True,
            False,
            False,
            False,
        ]
        assert entries[2].prev_hash == entries[0].hash and entries[4].prev_hash == entries[1].hash
        assert "verified: 2 chains, 5 entries" in verify()
        audit.record(actor=None, action="new", local_government=None)  # appends to the old chain
        assert AuditEntry.objects.latest("id").prev_hash == entries[4].hash
        assert "verified: 2 chains, 6 entries" in verify()
