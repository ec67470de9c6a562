"""Every SQLite connection runs in WAL mode with synchronous=FULL (ADR 0012)."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

from core.sqlite import SQLITE_OPTIONS

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_a_connection_opened_with_the_settings_options_is_wal_and_synchronous_full(
    tmp_path, django_db_blocker
):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "tsunagu.sqlite3"),
                "OPTIONS": SQLITE_OPTIONS,
            }
        }
    )
    opened = handler["default"]
    try:
        with django_db_blocker.unblock(), opened.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA synchronous").fetchone()[0] == FULL
        assert opened.transaction_mode == "IMMEDIATE"
    finally:
        opened.close()


@pytest.mark.django_db
def test_the_live_sqlite_connection_uses_them():
    if connection.vendor != "sqlite":
        assert "init_command" not in settings.DATABASES["default"].get("OPTIONS", {})
        return
    assert settings.DATABASES["default"]["OPTIONS"] == SQLITE_OPTIONS
    with connection.cursor() as cursor:
        # the test database lives in memory (journal_mode "memory"); synchronous still applies
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == FULL
