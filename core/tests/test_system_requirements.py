"""What the tests need from the system: one list of Debian packages, installed by the same
step in `make test` and `.ci/run`, and the tests that need a missing package skipped
(failed under CI=true) with a message naming the package."""

import os
import stat
import subprocess
from pathlib import Path

import pytest
from _pytest.outcomes import Failed, Skipped

from conftest import _unavailable

BASE_DIR = Path(__file__).resolve().parents[2]
SCRIPT = BASE_DIR / "scripts" / "ensure-debian-packages"


def listed_packages(purpose):
    rows = [
        line.split()
        for line in (BASE_DIR / "scripts" / "debian-packages.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [row[0] for row in rows if row[1] == purpose]


def test_a_missing_package_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed, match="fonts-noto-cjk"):
        _unavailable("fonts-noto-cjk", "the font")


def test_a_missing_package_skips_elsewhere_and_names_the_command(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(Skipped, match="sudo apt-get install -y chromium"):
        _unavailable("chromium", "the browser")


def test_the_list_holds_what_the_tests_check_for():
    assert "chromium" in listed_packages("test")
    assert "fonts-noto-cjk" in listed_packages("run")


def test_make_test_and_ci_run_call_the_same_step():
    makefile = (BASE_DIR / "Makefile").read_text()
    ci = (BASE_DIR / ".ci" / "run").read_text()
    assert "scripts/ensure-debian-packages test" in makefile
    assert "scripts/ensure-debian-packages run" in makefile
    assert "scripts/ensure-debian-packages test" in ci
    assert "apt-get" not in ci  # no second list to drift


def fake_bin(tmp_path, *, installed, uid):
    """A PATH where dpkg-query reports every package as `installed` or not, `id -u` prints
    `uid`, and apt-get and sudo record that they were called."""
    folder = tmp_path / "bin"
    folder.mkdir()
    status = "install ok installed" if installed else ""
    scripts = {
        "dpkg-query": f'#!/bin/sh\nprintf "{status}"\n',
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f'#!/bin/sh\necho "apt-get $*" >> {tmp_path}/calls\n',
        "sudo": "#!/bin/sh\nexit 1\n",  # no passwordless sudo
    }
    for name, body in scripts.items():
        path = folder / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return folder


def run_script(tmp_path, purpose, **fake):
    folder = fake_bin(tmp_path, **fake)
    env = {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}
    env.pop("CI", None)
    return subprocess.run(
        [str(SCRIPT), purpose], capture_output=True, text=True, env=env, timeout=30
    )


def test_the_step_says_nothing_when_everything_is_installed(tmp_path):
    result = run_script(tmp_path, "test", installed=True, uid=0)
    assert result.returncode == 0
    assert result.stdout == result.stderr == ""
    assert not (tmp_path / "calls").exists()


def test_a_user_who_cannot_install_gets_one_line_naming_the_packages(tmp_path):
    result = run_script(tmp_path, "test", installed=False, uid=1000)
    assert result.returncode == 0  # the tests still run; the ones that need them skip
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "chromium" in lines[0] and "fonts-noto-cjk" in lines[0]
    assert "sudo apt-get install -y" in lines[0]
    assert not (tmp_path / "calls").exists()


def test_root_installs_the_missing_packages_once(tmp_path):
    result = run_script(tmp_path, "run", installed=False, uid=0)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "calls").read_text().splitlines()
    assert calls[0] == "apt-get update -qq"
    assert len(calls) == 2 and calls[1].startswith("apt-get install")
    assert "fonts-noto-cjk" in calls[1] and "chromium" not in calls[1]  # `run` needs no browser


def test_pgbouncer_is_installed_for_the_load_test_only(tmp_path):
    assert "pgbouncer" in listed_packages("load")
    load, test = tmp_path / "load", tmp_path / "test"
    load.mkdir()
    test.mkdir()
    result = run_script(load, "load", installed=False, uid=0)
    assert result.returncode == 0, result.stderr
    install = (load / "calls").read_text().splitlines()[1]
    assert "pgbouncer" in install and "fonts-noto-cjk" in install and "chromium" not in install
    run_script(test, "test", installed=False, uid=0)
    assert "pgbouncer" not in (test / "calls").read_text()
