"""Kill a process at a known point of its work, for the crash-safety tests (ADR 0012).

The child is `python -m core.testing.crash POINT WORK...`. It sets up Django against the
database its environment names (DATABASE_URL), arms the pause point, and runs the work. When
the point is reached it prints one line, `PAUSED <where>`, and waits to be killed; the test reads
that line and sends SIGKILL, so the kill lands exactly there, with no sleep and no race.

POINT is one of
- `writes:N`: after the Nth INSERT, UPDATE or DELETE statement; the line says whether the
  statement ran inside a transaction (`in_transaction=True`);
- `call:module.function`: when that function is first called, before it runs (e.g.
  `core.files.publish`: a file is written under its temporary name, not yet renamed);
- `none`: never; the work runs to its end and the child prints `FINISHED`.

WORK is `command NAME ARGS...` (a management command) or `call module.function` (a function of
no arguments, e.g. in a test module)."""

from __future__ import annotations

import importlib
import os
import select
import signal
import sqlite3
import subprocess  # nosec B404 - the tests start the child with an argument list
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PAUSED = "PAUSED"
FINISHED = "FINISHED"
BASE_DIR = Path(__file__).resolve().parents[2]
WRITES = ("INSERT", "UPDATE", "DELETE")


def _pause(where: str) -> None:
    print(f"{PAUSED} {where}", flush=True)
    threading.Event().wait()  # until SIGKILL


@contextmanager
def _armed(point: str):
    from django.db import connection

    kind, _, value = point.partition(":")
    if kind == "none":
        yield
    elif kind == "writes":
        target, seen = int(value), [0]

        def watch(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if sql.lstrip().upper().startswith(WRITES):
                seen[0] += 1
                if seen[0] == target:
                    _pause(f"write {target} in_transaction={connection.in_atomic_block}")
            return result

        with connection.execute_wrapper(watch):
            yield
    elif kind == "call":
        module_name, _, attribute = value.rpartition(".")
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)

        def paused(*args, **kwargs):
            _pause(f"call {value}")
            return original(*args, **kwargs)

        setattr(module, attribute, paused)
        yield
    else:
        raise SystemExit(f"unknown pause point {point!r}")


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.utils.module_loading import import_string

    point, kind, *work = argv
    with _armed(point):
        if kind == "command":
            call_command(*work)
        elif kind == "call":
            import_string(work[0])()
        else:
            raise SystemExit(f"unknown work {kind!r}")
    print(FINISHED, flush=True)


# --- for the tests ----------------------------------------------------------------------------


def child_environment(database_url: str, **extra: str) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "TSUNAGU_ENV"}
    }
    return {**environment, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1", **extra}


@dataclass
class Child:
    process: subprocess.Popen
    line: str  # the PAUSED or FINISHED line
    output: str  # what it printed before that line

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL


def start(point: str, *work: str, environment: dict[str, str], timeout: float = 180) -> Child:
    """Start the child and wait for its PAUSED (or FINISHED) line; fail with its output when it
    ends without one or takes longer than `timeout` seconds."""
    process = subprocess.Popen(  # nosec B603 - this interpreter and our own arguments
        [sys.executable, "-m", "core.testing.crash", point, *work],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    while True:
        ready, _, _ = select.select([process.stdout], [], [], timeout)
        if not ready:
            process.kill()
            raise AssertionError(f"the child did not reach {point} in {timeout} s: {seen}")
        line = process.stdout.readline()
        if not line:
            process.wait()
            raise AssertionError(
                f"the child ended ({process.returncode}) before {point}:\n"
                + "".join(seen)
                + process.stderr.read()
            )
        seen.append(line)
        if line.startswith((PAUSED, FINISHED)):
            return Child(process, line.strip(), "".join(seen[:-1]))


def finish(*work: str, environment: dict[str, str]) -> str:
    """Run the work to its end in a child; return its output (fail when it fails)."""
    child = start("none", *work, environment=environment)
    _rest, error = child.process.communicate(timeout=180)
    assert child.process.returncode == 0, error
    return child.output


# --- a database the child can open ----------------------------------------------------------


class ScratchDatabase:
    """A copy of the test database (migrated, with what the test put in it) that a child
    process can open: a file on SQLite, a database made from it as a template on PostgreSQL."""

    def __init__(self, folder: Path):
        from django.db import connection

        self.vendor = connection.vendor
        settings_dict = connection.settings_dict
        if self.vendor == "sqlite":
            self.path = folder / "scratch.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(self.path)
            connection.connection.backup(copy)
            copy.close()
            self.url = f"sqlite:///{self.path}"
        else:
            template = settings_dict["NAME"]
            self.name = f"{template}_crash"[:63]
            self._settings = settings_dict
            connection.close()
            with self._maintenance() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
            user = settings_dict.get("USER") or ""
            password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
            at = f"{user}{password}@" if user else ""
            host = settings_dict.get("HOST") or "localhost"
            port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
            self.url = f"postgres://{at}{host}{port}/{self.name}"

    @contextmanager
    def _maintenance(self):
        import psycopg

        with psycopg.connect(**self._params("postgres"), autocommit=True) as admin:
            yield admin

    def _params(self, dbname: str) -> dict:
        settings_dict = self._settings
        params = {"dbname": dbname}
        for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
            if settings_dict.get(key):
                params[name] = str(settings_dict[key])
        if settings_dict.get("PASSWORD"):
            params["password"] = settings_dict["PASSWORD"]
        return params

    def count(self, table: str) -> int:
        """Rows in `table` as a new connection sees them (what survived the kill)."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as opened:
                return opened.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        import psycopg

        with psycopg.connect(**self._params(self.name)) as opened:
            return opened.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

    def drop(self) -> None:
        if self.vendor == "postgresql":
            with self._maintenance() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1:])
