"""The load test (bench/load/, `make loadtest`, docs/loadtest.md) stays in step with the app:
every page it requests resolves to the view it means, the locustfile imports and asks only for
those pages, the forms it sends are the ones the views take (signing in with the password and
the authenticator app's code, saving a report), and the PgBouncer settings hold.

Locust is imported only in a subprocess: it monkey-patches the standard library with gevent
when imported, which this test process must not undergo."""

import ast
import json
import os
import string
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest
from django.urls import resolve

from bench.load.pages import MIX, PAGES, STAFF, accounts_needed

BASE_DIR = Path(__file__).resolve().parents[2]
LOCUSTFILE = BASE_DIR / "bench" / "load" / "locustfile.py"
SAMPLE = {"lg": "kumamoto", "need": "housing"}  # every other placeholder is an id


def sample_path(page) -> str:
    names = [name for _, name, _, _ in string.Formatter().parse(page.path) if name]
    return page.url(**{name: SAMPLE.get(name, "7") for name in names})


@pytest.mark.parametrize("label", sorted(PAGES))
def test_every_page_of_the_load_test_resolves_to_its_view(label):
    page = PAGES[label]
    assert resolve(sample_path(page)).view_name == page.view_name


def _visited_labels() -> set[str]:
    """The labels the locustfile passes to visit() or looks up in PAGES."""
    tree = ast.parse(LOCUSTFILE.read_text(encoding="utf-8"))
    labels = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "visit"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            labels.add(node.args[0].value)
        if (
            isinstance(node, ast.Subscript)
            and getattr(node.value, "id", None) == "PAGES"
            and isinstance(node.slice, ast.Constant)
        ):
            labels.add(node.slice.value)
    return labels


def test_the_locustfile_requests_exactly_the_pages_listed():
    assert _visited_labels() == set(PAGES)


LIST_USERS = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("locustfile", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
from locust import User
print(json.dumps({
    name: {"weight": value.weight, "tasks": len(value.tasks)}
    for name, value in vars(module).items()
    if isinstance(value, type) and issubclass(value, User) and not value.abstract
}))
"""


def test_the_locustfile_imports_and_mixes_the_four_kinds_of_user():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOAD_", "LOCUST_"))}
    result = subprocess.run(
        [sys.executable, "-c", LIST_USERS, str(LOCUSTFILE)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=BASE_DIR,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    users = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(user["weight"] for user in users.values()) == sorted(MIX.values())
    assert all(user["tasks"] >= 2 for user in users.values())


def test_staff_accounts_cover_every_simulated_staff_user():
    for users in (1, 6, 50, 333):
        for kind in STAFF:
            share = users * MIX[kind] / sum(MIX.values())
            assert accounts_needed(users, kind) >= share + 1


# --- the forms it sends, against the real views ---------------------------------------------


@pytest.fixture
def department_account(city):
    """A department account as bench/load/prepare.py makes one: an authenticator app enrolled
    through the app's services."""
    from accounts.models import Organization
    from bench.load.prepare import enrolled_account
    from core.roles import Role

    organization = Organization.objects.get(department=city.departments["housing"])
    return enrolled_account(
        username="load-department-001",
        role=Role.DEPARTMENT,
        organization=organization,
        display_name="load test",
        password="a load-test password 123",
    )


def test_a_simulated_department_signs_in_with_its_code_and_saves_a_report(
    client, city, department_account, settings
):
    from bench.load.pages import code_form, csrf_token, report_form, sign_in_form
    from pdca.tests.utils import housing_report

    settings.MFA_REQUIRED = True
    client = type(client)(enforce_csrf_checks=True)
    page = client.get(PAGES["sign-in: form"].path)
    response = client.post(
        PAGES["sign-in: password"].path,
        sign_in_form(csrf_token(page.content.decode()), department_account),
    )
    assert response.status_code == 302
    assert response["Location"] == PAGES["sign-in: code form"].path
    page = client.get(PAGES["sign-in: code form"].path)
    code = pyotp.TOTP(department_account["totp"]).now()
    response = client.post(
        PAGES["sign-in: code"].path, code_form(csrf_token(page.content.decode()), code)
    )
    assert response.status_code == 302 and response["Location"] == PAGES["staff: home"].path

    report = housing_report(city)
    edit = PAGES["department: report"].url(report=report.pk)
    page = client.get(edit)
    assert page.status_code == 200
    response = client.post(edit, report_form(csrf_token(page.content.decode())))
    assert response.status_code == 302 and response["Location"] == edit
    report.refresh_from_db()
    assert report.status == "draft" and report.evaluation in "ABCD" and report.figures


# --- settings for PgBouncer in transaction mode ---------------------------------------------

READ_DATABASE = """
import json
from config import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "cursors_off": database.get("DISABLE_SERVER_SIDE_CURSORS", False),
    "prepare_threshold": database.get("OPTIONS", {}).get("prepare_threshold", "unset"),
    "health_checks": database.get("CONN_HEALTH_CHECKS", False),
    "conn_max_age": database["CONN_MAX_AGE"],
}))
"""


def read_database_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TSUNAGU_PGBOUNCER"}}
    return subprocess.run(
        [sys.executable, "-c", READ_DATABASE],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=BASE_DIR,
        env={**clean, **env},
    )


def test_behind_pgbouncer_no_server_side_cursors_and_no_prepared_statements():
    result = read_database_settings(
        DATABASE_URL="postgres://app@127.0.0.1:6432/tsunagu", TSUNAGU_PGBOUNCER="true"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "cursors_off": True,
        "prepare_threshold": None,
        "health_checks": True,
        "conn_max_age": 60,
    }
    plain = read_database_settings(DATABASE_URL="postgres://app@127.0.0.1:5432/tsunagu")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)["cursors_off"] is False


def test_pgbouncer_mode_refuses_sqlite():
    result = read_database_settings(DATABASE_URL="sqlite:///:memory:", TSUNAGU_PGBOUNCER="1")
    assert result.returncode != 0
    assert "TSUNAGU_PGBOUNCER needs a postgres" in result.stderr
