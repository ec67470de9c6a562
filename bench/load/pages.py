"""The pages the load test requests (bench/load/locustfile.py), by the label its results use.

Each label names the Django URL it must resolve to and the path, with `{placeholders}` that
bench/load/prepare.py fills from the load database (targets.json). Plain Python, no locust:
core/tests/test_loadtest.py checks every path here resolves to its view without importing
locust (whose gevent monkey-patching would change the test process).
"""

import math
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
