"""A scratch database for migration tests: the default connection points at a new, empty
database for the length of a `with` block, then back at the test database.

A test of a data migration then migrates the scratch database forward to the state before the
migration (only the migrations that state needs), writes rows as they were, migrates across the
migration and checks them: what happens on a real upgrade. Going back and forth on the test
database itself would unapply and reapply every app that depends on the migrated one, which cost
about 40 seconds a test. Use it in a `transaction=True` test (PostgreSQL's CREATE DATABASE cannot
run inside a transaction)."""

import contextlib
import copy
import shutil
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend

DEFAULT = "default"


@contextlib.contextmanager
def scratch_database():
    """Point the default connection at an empty database; yield it; drop it afterwards."""
    original = connections[DEFAULT]
    settings_dict = copy.deepcopy(original.settings_dict)
    folder = None
    if original.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="tsunagu-scratch-"))
        settings_dict["NAME"] = str(folder / "scratch.sqlite3")
    else:
        name = f"{original.settings_dict['NAME']}_scratch"
        _recreate(original, name)
        settings_dict["NAME"] = name
    scratch = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT)
    connections[DEFAULT] = scratch
    ContentType.objects.clear_cache()
    try:
        yield scratch
    finally:
        scratch.close()
        connections[DEFAULT] = original
        ContentType.objects.clear_cache()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            _drop(original, settings_dict["NAME"])


def migrate(*targets: tuple[str, str]):
    """Migrate the default connection to `targets` (app label, migration name) and return the
    historical apps of that state."""
    executor = MigrationExecutor(connections[DEFAULT])
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def latest(app_label: str) -> tuple[str, str]:
    """The app's last migration (its leaf node)."""
    executor = MigrationExecutor(connections[DEFAULT])
    (leaf,) = [node for node in executor.loader.graph.leaf_nodes() if node[0] == app_label]
    return leaf


def _recreate(connection, name: str) -> None:
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")


def _drop(connection, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")
