"""The pages the load test requests (bench/load/locustfile.py), by the label its results use,
and the forms it sends.

Each label names the Django URL it must resolve to and the path, with `{placeholders}` that
bench/load/prepare.py fills from the load database (targets.json). Plain Python, no locust:
core/tests/test_loadtest.py checks every path resolves to its view, and the forms against the
real views, without importing locust (whose gevent monkey-patching would change the test
process).
"""

# i18n-data-file: the text a simulated department writes into its report is test data.

import math
import random
import re
from typing import NamedTuple


class Page(NamedTuple):
    view_name: str
    path: str

    def url(self, **values) -> str:
        return self.path.format(**values)


PAGES = {
    # the public portal
    "portal: home": Page("portal:local_government", "/{lg}/"),
    "help: index": Page("help:index", "/{lg}/help/"),
    "help: need": Page("help:need", "/{lg}/help/needs/{need}/"),
    "help: service": Page("help:service", "/{lg}/help/services/{service}/"),
    "plan: overview": Page("plans:overview", "/{lg}/plan/"),
    "plan: pillar": Page("plans:pillar_detail", "/{lg}/plan/pillars/{pillar}/"),
    "plan: measure": Page("plans:measure_detail", "/{lg}/plan/measures/{measure}/"),
    # the job board
    "jobs: board": Page("jobs:board", "/{lg}/jobs/"),
    "jobs: posting": Page("jobs:posting", "/{lg}/jobs/{posting}/"),
    # signing in: the password, then the authenticator app's code
    "sign-in: form": Page("accounts:login", "/accounts/login/"),
    "sign-in: password": Page("accounts:login", "/accounts/login/"),
    "sign-in: code form": Page("accounts:mfa_verify", "/accounts/mfa/"),
    "sign-in: code": Page("accounts:mfa_verify", "/accounts/mfa/"),
    "staff: home": Page("staff:home", "/staff/"),
    # a department writing its progress reports
    "department: cycles": Page("pdca:index", "/staff/pdca/"),
    "department: reports": Page("pdca:report_list", "/staff/pdca/cycles/{cycle}/reports/"),
    "department: report": Page("pdca:report_edit", "/staff/pdca/reports/{report}/edit/"),
    "department: save report": Page("pdca:report_edit", "/staff/pdca/reports/{report}/edit/"),
    # the secretariat following the cycle
    "secretariat: dashboard": Page("pdca:cycle_detail", "/staff/pdca/cycles/{cycle}/"),
    "secretariat: reports": Page("pdca:report_list", "/staff/pdca/cycles/{cycle}/reports/"),
}

# Who the simulated users are, by weight (locust spreads the users over the classes in these
# proportions): mostly the public, then job seekers, a few departments writing their reports
# and the secretariat.
MIX = {"public": 10, "jobs": 6, "department": 3, "secretariat": 1}
STAFF = ("department", "secretariat")


def accounts_needed(users: int, kind: str) -> int:
    """How many accounts of a staff kind `users` simulated users may sign in with at most
    (locust rounds each class's share; one spare)."""
    return math.ceil(users * MIX[kind] / sum(MIX.values())) + 1


# --- the forms ------------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the page's form."""
    found = CSRF_FIELD.search(html)
    if found is None:
        raise ValueError("no csrfmiddlewaretoken field on the page")
    return found.group(1)


def sign_in_form(token: str, account: dict) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "username": account["username"],
        "password": account["password"],
    }


def code_form(token: str, code: str) -> dict:
    """The second step: the authenticator app's current code."""
    return {"csrfmiddlewaretoken": token, "code": code}


def report_form(token: str) -> dict:
    """A progress report's draft as a department saves it (no `submit`: it stays editable)."""
    return {
        "csrfmiddlewaretoken": token,
        "actions": "関係機関と連携して相談会を開催し、広報紙で周知しました。（負荷試験）",
        "results": f"延べ{random.randint(10, 200)}人が参加しました。",
        "evaluation": random.choice("ABCD"),
        "issues": "参加者が固定化しています。",
        "next_steps": "対象を広げて実施します。",
        "figure_1_label": "参加者",
        "figure_1_value": str(random.randint(10, 200)),
        "figure_1_unit": "人",
    }
