"""scripts/audit-locks (run by `make security`): fails on a known vulnerability, reports and
passes when the vulnerability database cannot be reached. pip-audit is replaced by a stand-in
that prints what pip-audit would, so the test needs no network."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit-locks"


def run(tmp_path, *, stdout="", stderr="", code=0):
    fake = tmp_path / "pip-audit"
    fake.write_text(
        f"#!/bin/sh\ncat <<'OUT'\n{stdout}\nOUT\ncat >&2 <<'ERR'\n{stderr}\nERR\nexit {code}\n"
    )
    fake.chmod(0o755)
    lock = tmp_path / "requirements.lock"
    lock.write_text("django==5.2.0\n")
    environment = {**os.environ, "TSUNAGU_PIP_AUDIT": str(fake)}
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(lock)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def report(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_vulnerability_fails_the_run(tmp_path):
    vulnerable = {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-0000-1"}]}
    done = run(tmp_path, stdout=report(vulnerable), code=1)
    assert done.returncode == 1
    assert "django 5.2.0: PYSEC-0000-1" in done.stdout


def test_a_clean_lock_passes(tmp_path):
    done = run(tmp_path, stdout=report({"name": "django", "version": "5.2.9", "vulns": []}))
    assert done.returncode == 0
    assert "1 packages, no known vulnerabilities" in done.stdout


@pytest.mark.parametrize(
    "kwargs",
    [
        {"stderr": "requests.exceptions.ConnectionError: Max retries exceeded", "code": 1},
        {"stdout": report({"name": "django", "skip_reason": "Dependency not found on PyPI"})},
    ],
    ids=["offline", "no-lookup-answered"],
)
def test_an_unreachable_database_is_reported_and_does_not_fail(tmp_path, kwargs):
    done = run(tmp_path, **kwargs)
    assert done.returncode == 0
    assert "vulnerability database not reachable" in done.stdout


def test_another_failure_of_pip_audit_fails_the_run(tmp_path):
    done = run(tmp_path, stderr="ERROR: invalid requirement", code=1)
    assert done.returncode == 1
