"""Copying the database out and back: SQLite through its online backup API, PostgreSQL through
pg_dump / pg_restore in custom format. Each dump also reads, from the very same snapshot, what
the manifest says about it: the rows of every table, the audit chains' heads, the migrations."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 - pg_dump / pg_restore / psql, with argument lists, no shell
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections

SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.dump"
AUDIT_HEADS = "core_auditchainhead"
MIGRATIONS = "django_migrations"


class DatabaseToolError(Exception):
    """pg_dump, pg_restore or psql is missing or failed; the message says which and why."""


@dataclass
class Snapshot:
    """What the manifest records about one consistent state of the database."""

    tables: dict[str, int] = field(default_factory=dict)
    audit_heads: list[dict] = field(default_factory=list)
    migrations: list[str] = field(default_factory=list)  # "app.name"
    server_version: str = ""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_snapshot(cursor, table_names: list[str], server_version: str) -> Snapshot:
    snapshot = Snapshot(server_version=server_version)
    for name in sorted(table_names):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # nosec B608 - a table's name
        snapshot.tables[name] = cursor.fetchone()[0]
    if AUDIT_HEADS in snapshot.tables:
        cursor.execute(f"SELECT chain, last_entry_id, last_hash FROM {AUDIT_HEADS} ORDER BY chain")
        snapshot.audit_heads = [
            {"chain": chain, "last_entry_id": entry, "last_hash": digest}
            for chain, entry, digest in cursor.fetchall()
        ]
    if MIGRATIONS in snapshot.tables:
        cursor.execute(f"SELECT app, name FROM {MIGRATIONS} ORDER BY app, name")
        snapshot.migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return snapshot


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [row[0] for row in cursor.fetchall()]


def _postgresql_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [row[0] for row in cursor.fetchall()]


def live_snapshot(alias: str = "default") -> Snapshot:
    """What the database holds now (after a restore, to compare with the manifest)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return _read_snapshot(cursor, _sqlite_tables(cursor), sqlite3.sqlite_version)
        return _read_snapshot(cursor, _postgresql_tables(cursor), _pg_version(connection))


def _pg_version(connection) -> str:
    number = connection.pg_version  # e.g. 150020
    return f"{number // 10000}.{number % 10000}"


# --- SQLite -----------------------------------------------------------------------------------


def dump_sqlite(target: Path, alias: str = "default") -> Snapshot:
    """Copy the live database into `target` with SQLite's online backup API (a consistent
    copy while the site runs) and read the snapshot from the copy."""
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no -wal or -shm beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        return _read_snapshot(cursor, _sqlite_tables(cursor), sqlite3.sqlite_version)
    finally:
        copy.close()


def restore_sqlite(source: Path, alias: str = "default") -> None:
    """Replace the live database's content with the backup's, in one write transaction of the
    backup API (a crash half-way leaves the old content)."""
    connection = connections[alias]
    connection.ensure_connection()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()
    # Connections opened from now on run the settings' PRAGMAs again (WAL, synchronous).
    connection.close()


# --- PostgreSQL -------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DatabaseToolError(
            f"{name} was not found: install the PostgreSQL client of the server's major version "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


def _libpq(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """The connection arguments and environment (the password never on a command line)."""
    arguments = []
    if settings_dict.get("HOST"):
        arguments += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        arguments += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        arguments += ["--username", str(settings_dict["USER"])]
    environment = {**os.environ}
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if settings_dict.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings_dict["OPTIONS"][option])
    return arguments, environment


def _run(command: list[str], environment: dict[str, str], **kwargs) -> None:
    result = subprocess.run(  # nosec B603 - a fixed tool and our own arguments
        command, env=environment, capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise DatabaseToolError(f"{tool} failed ({result.returncode}): {result.stderr.strip()}")


def dump_postgresql(target: Path, alias: str = "default") -> Snapshot:
    """pg_dump the database in custom format (-Fc) from an exported snapshot, and read the
    manifest's counts in that same snapshot, so they describe exactly what was dumped."""
    connection = connections[alias]
    pg_dump = _tool("pg_dump")
    arguments, environment = _libpq(connection.settings_dict)
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        cursor = raw.cursor()
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        _run(
            [
                pg_dump,
                *arguments,
                "--format=custom",
                f"--snapshot={snapshot_id}",
                f"--file={target}",
                "--dbname",
                connection.settings_dict["NAME"],
            ],
            environment,
        )
        snapshot = _read_snapshot(cursor, _postgresql_tables(cursor), _pg_version(connection))
        raw.rollback()
        return snapshot
    finally:
        raw.close()


RESET_SCHEMA = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"


def restore_postgresql(source: Path, alias: str = "default") -> None:
    """Replace the database's public schema with the dump's, in one transaction: pg_restore
    writes the dump's script to a temporary file, then psql runs the schema's drop and that
    script with --single-transaction, stopping at the first error (then nothing has changed).
    The script is finished before psql starts: a pg_restore that fails half-way must not hand
    psql half a script, which it would commit."""
    connection = connections[alias]
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    arguments, environment = _libpq(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="tsunagu-restore-") as folder:
        script = Path(folder) / "restore.sql"
        _run(
            [pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(source)],
            environment,
        )
        connection.close()
        _run(
            [
                psql,
                *arguments,
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set=ON_ERROR_STOP=1",
                f"--command={RESET_SCHEMA}",
                f"--file={script}",
                "--dbname",
                connection.settings_dict["NAME"],
            ],
            environment,
        )
