"""The restore drill (docs/backup.md): seed, back up, wipe, restore, and the manifest, the rows
per table, the uploaded files and verify_audit all agree. Runs on SQLite and on PostgreSQL
(pg_dump / pg_restore into the test database)."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from coordination.models import Consent, Person
from coordination.tests.factories import CaseFactory, ConsentFactory, PersonFactory
from core import audit
from core.backup import MANIFEST, databases, key_fingerprint
from core.models import AuditChainHead, AuditEntry, LocalGovernment
from plans.models import Measure, Plan

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n% fictional signed consent form\n%%EOF\n"


@pytest.fixture(autouse=True)
def _tools():
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        from conftest import _unavailable

        _unavailable("postgresql-client", "pg_dump and pg_restore back up PostgreSQL")


def use_private_folder(settings, monkeypatch, folder):
    """Point STORAGES["private"] at `folder`, and the consent form's field at it too (a field's
    storage is resolved once, when the model loads)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": folder}},
    }
    monkeypatch.setattr(Consent._meta.get_field("signed_form"), "storage", storages["private"])


@pytest.fixture
def private_files(settings, monkeypatch, tmp_path):
    """The uploaded files' storage in a folder of this test (not var/private)."""
    folder = tmp_path / "private"
    use_private_folder(settings, monkeypatch, folder)
    return folder


@pytest.fixture
def seeded(city, private_files):
    """A plan (the city's), audit entries in two chains and a signed consent form on file."""
    for number in range(3):
        audit.record(
            actor=city.users["secretariat"],
            action="measure.update",
            local_government=city.lg,
            obj=city.measures[number],
            changes={"body": {"before": "旧", "after": f"新{number}"}},
        )
    audit.record(actor=None, action="system.check", local_government=None, actor_name="cron")
    person = PersonFactory(local_government=city.lg, name="架空 花子")
    consent = ConsentFactory(case=CaseFactory(person=person))
    consent.signed_form.save("form.pdf", ContentFile(PDF), save=True)
    return consent


def backup(folder, *extra) -> Path:
    out = io.StringIO()
    call_command("backup", str(folder), *extra, stdout=out)
    return Path(out.getvalue().split("backup: ", 1)[1].split("\n", 1)[0])


def restore(path, *extra) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def wipe(private_files):
    """What a lost server leaves: no rows, no files; and one row the backup never had."""
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(private_files)
    LocalGovernment.objects.create(code="999999", slug="stray", name="迷子市（架空）")


def test_the_restore_drill(seeded, private_files, tmp_path):
    form = seeded.signed_form.name
    path = backup(tmp_path / "backups")
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["tables"] == databases.live_snapshot().tables
    assert manifest["tables"]["core_auditentry"] == AuditEntry.objects.count() == 4
    assert manifest["audit_heads"] == [
        {"chain": head.chain, "last_entry_id": head.last_entry_id, "last_hash": head.last_hash}
        for head in AuditChainHead.objects.order_by("chain")
    ]
    assert f"files/private/{form}" in manifest["files"]

    wipe(private_files)
    assert not Plan.objects.exists()

    output = restore(path, "--yes")

    assert "restored and verified" in output
    assert "verified: 2 chains, 4 entries" in output
    assert databases.live_snapshot().tables == manifest["tables"]
    assert Measure.objects.count() == 3
    assert not LocalGovernment.objects.filter(slug="stray").exists()
    assert (private_files / form).read_bytes() == PDF
    # the encrypted fields read back with the same key
    assert Person.objects.get().name == "架空 花子"
    call_command("verify_audit", stdout=io.StringIO())
    # the restored database takes new writes and chains them onto the restored head
    audit.record(actor=None, action="system.check", local_government=None, actor_name="cron")
    call_command("verify_audit", stdout=io.StringIO())


def test_a_backup_that_does_not_match_its_manifest_is_refused_and_nothing_changes(
    seeded, private_files, tmp_path
):
    path = backup(tmp_path / "backups")
    stored = next((path / "files" / "private").rglob("*.pdf"))
    stored.write_bytes(PDF + b"edited")
    (path / "files" / "private" / "extra.pdf").write_bytes(PDF)
    (path / databases_file(path)).unlink()
    LocalGovernment.objects.create(code="999999", slug="stray", name="迷子市（架空）")
    before = databases.live_snapshot().tables

    with pytest.raises(CommandError) as refused:
        restore(path, "--yes")

    message = str(refused.value)
    assert "does not match its manifest; nothing was changed" in message
    assert "does not match its sha256" in message or "bytes, the manifest says" in message
    assert "files/private/extra.pdf is not in the manifest" in message
    assert f"{databases_file(path)} is missing" in message
    assert databases.live_snapshot().tables == before
    assert LocalGovernment.objects.filter(slug="stray").exists()


def databases_file(path: Path) -> str:
    return json.loads((path / MANIFEST).read_text(encoding="utf-8"))["database"]["file"]


def test_restore_asks_first_and_a_no_changes_nothing(seeded, tmp_path, monkeypatch):
    path = backup(tmp_path / "backups")
    LocalGovernment.objects.create(code="999999", slug="stray", name="迷子市（架空）")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="not confirmed; nothing was changed"):
        restore(path)
    assert LocalGovernment.objects.filter(slug="stray").exists()


def test_an_archive_is_one_file_that_checks_and_restores(seeded, private_files, tmp_path):
    path = backup(tmp_path / "backups", "--archive")
    assert path.is_file() and path.suffix == ".tar"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial left behind
    assert "files match the manifest" in restore(path, "--check")
    wipe(private_files)
    assert "restored and verified" in restore(path, "--yes")
    assert Plan.objects.count() == 1


def test_the_field_encryption_key_is_never_in_a_backup(seeded, settings, monkeypatch, tmp_path):
    # an installation whose private files sit in var/ beside the development key
    var = tmp_path / "var"
    key_file = var / "field-encryption.key"
    key_file.parent.mkdir()
    key = settings.FIELD_ENCRYPTION_KEYS[0]
    key_file.write_text(key + "\n")
    settings.VAR_DIR = var
    use_private_folder(settings, monkeypatch, var)
    seeded.signed_form.save("again.pdf", ContentFile(PDF), save=True)

    path = backup(tmp_path / "backups")

    names = [p.name for p in path.rglob("*")]
    assert "field-encryption.key" not in names
    for file in path.rglob("*"):
        if file.is_file():
            assert key.encode() not in file.read_bytes(), file
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["field_key_fingerprints"] == [key_fingerprint(key)]


def test_a_backup_of_another_kind_of_database_is_refused(seeded, tmp_path):
    path = backup(tmp_path / "backups")
    manifest_path = path / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["database"]["vendor"] = "oracle"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match="restore it into the same kind of database"):
        restore(path, "--yes")
    assert Plan.objects.count() == 1
