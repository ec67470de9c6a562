"""Backups of a whole installation and their restore (docs/backup.md, ADR 0012).

A backup is one folder (or the same folder as one .tar archive):

    tsunagu-backup-20261208T021500Z/
        manifest.json          what is in it: rows per table, sha256 of every file, the audit
                               chains' heads, versions, when
        database.sqlite3       SQLite's online backup    | or database.dump: pg_dump -Fc
        files/<storage>/...    the uploaded files of each file storage (e.g. files/private/)

The field-encryption keys are never in it: the operator keeps them apart (docs/backup.md).

`create_backup` builds the folder under a temporary name and renames it when it is complete,
so a backup that has its real name is whole. `check_backup` compares a backup with its
manifest. `restore_backup` checks first (and changes nothing when the check fails), then
replaces the database and the files, then compares what is live with the manifest and runs
the audit chains' verification."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import platform
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.loader import MigrationLoader

from core.backup import databases
from core.crypto import DEVELOPMENT_KEY_FILE
from core.files import publish

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files"
PREFIX = "tsunagu-backup-"
ARCHIVE_SUFFIX = ".tar"
CHUNK = 1024 * 1024


class BackupInvalid(Exception):
    """The backup does not match its manifest (or has none); `problems` lists each thing."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def key_fingerprint(key: str) -> str:
    """A short name of a field-encryption key that does not reveal it (a hash of 256 random
    bits), so a restore can say whether the configured keys are the backup's."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()[:16]


def file_roots() -> dict[str, Path]:
    """Where the installation keeps uploaded files: every file-system storage but the static
    files, by its name in settings.STORAGES (an unset MEDIA_ROOT is no root)."""
    roots = {}
    for name in settings.STORAGES:
        if name == "staticfiles":
            continue
        storage = storages[name]
        if isinstance(storage, FileSystemStorage) and storage.base_location:
            roots[name] = Path(storage.location)
    return roots


def _never_backed_up() -> set[Path]:
    """Secrets that must not travel with the data even when a storage's folder holds them."""
    return {(Path(settings.VAR_DIR) / DEVELOPMENT_KEY_FILE).resolve()}


def _files_under(root: Path) -> Iterator[Path]:
    secrets = _never_backed_up()
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.resolve() not in secrets:
            yield path


def _migrations_known() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


# --- making a backup -----------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def create_backup(destination: str | Path, *, archive: bool = False) -> BackupResult:
    """Back up the database and the uploaded files into a new folder (or .tar) inside
    `destination`; return its path and manifest."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    name = PREFIX + created.strftime("%Y%m%dT%H%M%SZ")
    final = destination / (name + (ARCHIVE_SUFFIX if archive else ""))
    if final.exists():
        raise CommandError(f"{final} exists already; wait a second or choose another folder.")
    building = Path(tempfile.mkdtemp(dir=destination, prefix=f".{name}.", suffix=".partial"))
    try:
        manifest = _fill(building, created)
        if archive:
            partial = building.with_suffix(".tar.partial")
            with tarfile.open(partial, "w") as tar:
                tar.add(building, arcname=name)
            partial.chmod(0o600)  # personal data: readable by the operator only
            shutil.rmtree(building)
            publish(partial, final)
        else:
            building.chmod(0o700)
            publish(building, final)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        building.with_suffix(".tar.partial").unlink(missing_ok=True)
        raise
    return BackupResult(final, manifest)


def _fill(folder: Path, created: datetime.datetime) -> dict:
    connection = connections["default"]
    if connection.vendor == "sqlite":
        database_file = databases.SQLITE_FILE
        snapshot = databases.dump_sqlite(folder / database_file)
    elif connection.vendor == "postgresql":
        database_file = databases.POSTGRESQL_FILE
        snapshot = databases.dump_postgresql(folder / database_file)
    else:
        raise CommandError(f"backups of a {connection.vendor} database are not supported")
    roots = {}
    for name, root in file_roots().items():
        roots[name] = str(root)
        if root.is_dir():
            target = folder / FILES / name
            for path in _files_under(root):
                copy = target / path.relative_to(root)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)
    files = {
        path.relative_to(folder).as_posix(): {
            "sha256": sha256_of(path),
            "bytes": path.stat().st_size,
        }
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    manifest = {
        "format": FORMAT,
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "database": {
            "vendor": connection.vendor,
            "file": database_file,
            "server_version": snapshot.server_version,
        },
        "versions": {
            "django": django.get_version(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "migrations": snapshot.migrations,
        },
        "tables": snapshot.tables,
        "audit_heads": snapshot.audit_heads,
        "file_roots": roots,
        "files": files,
        "field_key_fingerprints": [key_fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS],
        "not_included": "the field-encryption keys (FIELD_ENCRYPTION_KEYS): keep them apart",
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


# --- checking a backup ---------------------------------------------------------------------


@contextmanager
def opened(path: str | Path) -> Iterator[Path]:
    """The backup's folder: `path` itself, or a .tar unpacked into a temporary folder."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not path.is_file() or not tarfile.is_tarfile(path):
        raise BackupInvalid([f"{path} is neither a backup folder nor a .tar archive of one"])
    with tempfile.TemporaryDirectory(prefix="tsunagu-backup-") as folder, tarfile.open(path) as tar:
        tar.extractall(folder, filter="data")
        inside = [child for child in Path(folder).iterdir() if child.is_dir()]
        if len(inside) != 1:
            raise BackupInvalid([f"{path} should hold one backup folder, it holds {len(inside)}"])
        yield inside[0]


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupInvalid([f"no {MANIFEST} in {folder}: not a Tsunagu backup"])
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupInvalid([f"{MANIFEST} is not valid JSON ({error})"]) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupInvalid([f"{MANIFEST} is not of format {FORMAT}"])
    return manifest


def check_backup(folder: Path) -> dict:
    """Return the manifest when every file it lists is there with its hash and nothing else is;
    raise BackupInvalid listing every difference otherwise."""
    manifest = read_manifest(folder)
    listed = manifest.get("files") or {}
    problems = []
    present = {
        path.relative_to(folder).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    for name, expected in sorted(listed.items()):
        path = present.get(name)
        if path is None:
            problems.append(f"{name} is missing")
        elif path.stat().st_size != expected.get("bytes"):
            problems.append(
                f"{name} has {path.stat().st_size} bytes, the manifest says {expected.get('bytes')}"
            )
        elif sha256_of(path) != expected.get("sha256"):
            problems.append(f"{name} does not match its sha256 in the manifest (changed?)")
    for name in sorted(set(present) - set(listed)):
        problems.append(f"{name} is not in the manifest")
    database = manifest.get("database", {})
    if database.get("file") not in listed:
        problems.append("the manifest names no database file")
    if problems:
        raise BackupInvalid(problems)
    return manifest


def refusals(manifest: dict) -> list[str]:
    """Why this installation cannot take this backup (a valid one), if it cannot."""
    problems = []
    vendor = connections["default"].vendor
    if manifest["database"]["vendor"] != vendor:
        problems.append(
            f"the backup is of a {manifest['database']['vendor']} database, this installation "
            f"uses {vendor}: restore it into the same kind of database"
        )
    known = {f"{app}.{name}" for app, name in _migrations_known()}
    unknown = set(manifest["versions"]["migrations"]) - known
    if unknown:
        names = ", ".join(sorted(unknown)[:5])
        problems.append(
            f"the backup was made by a newer Tsunagu ({len(unknown)} migrations this code does "
            f"not have, e.g. {names}): install that version (or a later one) first"
        )
    roots = file_roots()
    for name in manifest.get("file_roots", {}):
        if name not in roots:
            problems.append(
                f"the backup holds files of the storage {name!r}, which this installation "
                "does not configure"
            )
    return problems


# --- restoring -----------------------------------------------------------------------------


@dataclass
class RestoreReport:
    manifest: dict
    differences: list[str] = field(default_factory=list)  # live against the manifest
    audit_output: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def restore_backup(folder: Path, manifest: dict) -> RestoreReport:
    """Replace the database and the uploaded files with the checked backup in `folder`, then
    compare what is live with the manifest and verify the audit chains."""
    database_file = folder / manifest["database"]["file"]
    if manifest["database"]["vendor"] == "sqlite":
        databases.restore_sqlite(database_file)
    else:
        databases.restore_postgresql(database_file)
    roots = file_roots()
    for name in manifest.get("file_roots", {}):
        _replace_folder(folder / FILES / name, roots[name])
    return verify_restored(manifest)


def _replace_folder(source: Path, target: Path) -> None:
    """Make `target` hold exactly the files of `source` (none if it is missing): a full copy
    beside it first, then two renames."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new"))
    if source.is_dir():
        shutil.copytree(source, staging, dirs_exist_ok=True)
    staging.chmod(0o700)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".old"))
        old.rmdir()
        target.rename(old)
    publish(staging, target)
    if old is not None:
        shutil.rmtree(old)


def verify_restored(manifest: dict) -> RestoreReport:
    report = RestoreReport(manifest)
    live = databases.live_snapshot()
    expected = manifest["tables"]
    for table in sorted(set(expected) | set(live.tables)):
        if expected.get(table) != live.tables.get(table):
            report.differences.append(
                f"table {table}: {live.tables.get(table, 'missing')} rows, the manifest says "
                f"{expected.get(table, 'no such table')}"
            )
    if live.audit_heads != manifest["audit_heads"]:
        report.differences.append("the audit chains' heads differ from the manifest's")
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        report.differences.append(f"verify_audit: {error}")
    report.audit_output = out.getvalue()
    roots = file_roots()
    for name in manifest.get("file_roots", {}):
        prefix = f"{FILES}/{name}/"
        wanted = {
            key[len(prefix) :]: value["sha256"]
            for key, value in manifest["files"].items()
            if key.startswith(prefix)
        }
        root = roots[name]
        found = {
            path.relative_to(root).as_posix(): sha256_of(path)
            for path in (_files_under(root) if root.is_dir() else [])
        }
        if found != wanted:
            report.differences.append(
                f"the files of {name!r} ({root}) differ from the manifest's "
                f"({len(found)} files, the manifest lists {len(wanted)})"
            )
    fingerprints = manifest.get("field_key_fingerprints") or []
    configured = {key_fingerprint(key) for key in settings.FIELD_ENCRYPTION_KEYS}
    if fingerprints and fingerprints[0] not in configured:
        report.warnings.append(
            "the field-encryption key the backup's data was written with is not among "
            "FIELD_ENCRYPTION_KEYS: encrypted fields will not be readable until it is "
            "(docs/backup.md, 'The key')"
        )
    return report
