"""The load test (docs/loadtest.md): the public portal, the job board, departments writing
their progress reports and the secretariat following the cycle, against the app servers named
in LOAD_SERVERS (comma-separated base URLs), each request to the next one in turn, as a load
balancer without sticky sessions would (the session lives in the database, so any server
serves any request).

Run by bench/load/run (`make loadtest`), which prepares the database and the targets file
(LOAD_TARGETS, written by bench/load/prepare.py) and starts the servers. Every request is
checked: the status it must have (and where a redirect must lead); anything else is a failure,
and any failure makes locust exit non-zero. Staff sign in for real: the password, then the
authenticator app's code (pyotp, from the key their enrolment made); nothing is bypassed.
"""

import itertools
import os
import random
import sys
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
from locust import HttpUser, between, task

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))

from bench.load.pages import (  # noqa: E402
    MIX,
    PAGES,
    code_form,
    csrf_token,
    report_form,
    sign_in_form,
)


@cache
def targets() -> dict:
    """The values the page paths take and the staff accounts (read once, on first use: the
    module imports without them)."""
    import json

    path = Path(os.environ.get("LOAD_TARGETS", BASE_DIR / "var" / "loadtest" / "targets.json"))
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _servers():
    listed = [url.rstrip("/") for url in os.environ.get("LOAD_SERVERS", "").split(",") if url]
    return itertools.cycle(listed) if listed else None


_accounts_taken = {kind: itertools.count() for kind in MIX}


def take_account(kind: str) -> dict:
    """The next unused account of a staff kind: each simulated user signs in with its own."""
    accounts = targets()["accounts"][kind]
    index = next(_accounts_taken[kind])
    if index >= len(accounts):
        raise RuntimeError(f"only {len(accounts)} {kind} accounts prepared (prepare.py --users)")
    return accounts[index]


class Visitor(HttpUser):
    abstract = True
    wait_time = between(1, 5)

    def visit(self, label, *, query="", data=None, status=200, location=None, **values):
        """Request the page `label` (bench/load/pages.py) with `values` in its path; a
        failure unless the answer has `status` (and, for a redirect, leads to `location`)."""
        page = PAGES[label]
        path = page.url(lg=targets()["lg"], cycle=targets()["cycle"], **values)
        servers = _servers()
        base = next(servers) if servers else self.host.rstrip("/")
        method = "POST" if data is not None else "GET"
        with self.client.request(
            method,
            base + path + query,
            name=label,
            data=data,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            went = urlsplit(response.headers.get("Location", "")).path
            if response.status_code != status:
                response.failure(f"{method} {path}{query}: {response.status_code}, not {status}")
            elif location is not None and went != location:
                response.failure(f"{method} {path}: redirected to {went!r}, not {location!r}")
            else:
                response.success()
            return response

    def pick(self, name):
        return random.choice(targets()["values"][name])


class PublicVisitor(Visitor):
    """Someone reading the city's plan or looking for help."""

    weight = MIX["public"]

    @task(3)
    def home(self):
        self.visit("portal: home")

    @task(2)
    def help_index(self):
        self.visit("help: index")

    @task(4)
    def need(self):
        self.visit("help: need", need=self.pick("need"))

    @task(3)
    def service(self):
        self.visit("help: service", service=self.pick("service"))

    @task(2)
    def plan(self):
        self.visit("plan: overview")

    @task(2)
    def pillar(self):
        self.visit("plan: pillar", pillar=self.pick("pillar"))

    @task(4)
    def measure(self):
        self.visit("plan: measure", measure=self.pick("measure"))


class JobSeeker(Visitor):
    """Someone (or their supporter) reading the job board."""

    weight = MIX["jobs"]

    @task(3)
    def board(self):
        self.visit("jobs: board")

    @task(4)
    def posting(self):
        self.visit("jobs: posting", posting=self.pick("posting"))


class StaffUser(Visitor):
    abstract = True
    kind = ""

    def on_start(self):
        self.account = take_account(self.kind)
        self.sign_in()

    def sign_in(self):
        form = self.visit("sign-in: form")
        self.visit(
            "sign-in: password",
            data=sign_in_form(csrf_token(form.text), self.account),
            status=302,
            location=PAGES["sign-in: code form"].path,
        )
        form = self.visit("sign-in: code form")
        self.visit(
            "sign-in: code",
            data=code_form(csrf_token(form.text), pyotp.TOTP(self.account["totp"]).now()),
            status=302,
            location=PAGES["staff: home"].path,
        )
        self.visit("staff: home")


class DepartmentWriter(StaffUser):
    """A department's staff member writing its progress reports (saving drafts)."""

    weight = MIX["department"]
    kind = "department"
    wait_time = between(2, 8)

    @task(1)
    def cycles(self):
        self.visit("department: cycles")

    @task(2)
    def reports(self):
        self.visit("department: reports")

    @task(4)
    def write(self):
        report = random.choice(self.account["reports"])
        form = self.visit("department: report", report=report)
        if form.status_code != 200:
            return
        edit = PAGES["department: report"].url(report=report)
        self.visit(
            "department: save report",
            report=report,
            data=report_form(csrf_token(form.text)),
            status=302,
            location=edit,
        )


class Secretariat(StaffUser):
    """The secretariat following the cycle on its dashboard."""

    weight = MIX["secretariat"]
    kind = "secretariat"
    wait_time = between(2, 8)

    @task(3)
    def dashboard(self):
        self.visit("secretariat: dashboard")

    @task(2)
    def reports(self):
        self.visit(
            "secretariat: reports", query=random.choice(["", "?status=draft", "?sort=department"])
        )

    @task(1)
    def home(self):
        self.visit("staff: home")
