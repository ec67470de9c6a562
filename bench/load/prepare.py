#!/usr/bin/env python
"""Prepare a load-test database that holds a plan and the demo data (bench/load/run): the
staff accounts the simulated users sign in with, an open reporting cycle, and the values the
page paths of bench/load/pages.py take. Writes them to a JSON file for the locustfile.

Usage: DATABASE_URL=postgres://…/tsunagu_load .venv/bin/python bench/load/prepare.py \\
           --users 50 --out var/loadtest/targets.json

Every simulated staff user has an account of its own (load-department-NNN,
load-secretariat-NNN), each with an authenticator app (TOTP) enrolled through the app's own
services: a one-time code is accepted once per account and 30-second step, and sign-in
throttling counts per account, so that distinct accounts never trip over each other. The
password is random per run; it and the TOTP keys are written only to the output file (mode
600), which lives under var/ (not in git). Refused in production and on a database that
already has load accounts (bench/load/run recreates the database each run).
"""

# i18n-data-file: fictional account names of a load-test database, not interface text.

import argparse
import base64
import datetime
import json
import os
import secrets
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PREFIX = "load-"


def totp_code_before(device) -> str:
    """The code the app showed one step ago: enrolment confirms with it (django-otp accepts
    one step of drift), so the current step's code stays unused for the first sign-in."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() - device.step
    return f"{totp.token():0{device.digits}d}"


def enrolled_account(*, username, role, organization, display_name, password) -> dict:
    from accounts import services
    from accounts.mfa import services as mfa

    user, created = services.user_ensure(
        actor=None,
        username=username,
        role=role,
        organization=organization,
        display_name=display_name,
        password=password,
        is_fictional=True,
    )
    assert created, username
    device = mfa.totp_start(user)
    if not mfa.totp_confirm(user=user, device=device, code=totp_code_before(device)):
        raise SystemExit(f"could not enrol the authenticator app of {username}")
    return {
        "username": username,
        "password": password,
        "totp": base64.b32encode(device.bin_key).decode("ascii"),
        "user": user,
    }


def reporting_cycle(plan, actor):
    """The plan's open cycle of the latest year, opened now if there is none."""
    from pdca import services
    from pdca.models import ReportingCycle

    cycle = (
        ReportingCycle.objects.filter(plan=plan, status=ReportingCycle.Status.OPEN)
        .order_by("-fiscal_year")
        .first()
    )
    if cycle is not None:
        return cycle
    taken = set(ReportingCycle.objects.filter(plan=plan).values_list("fiscal_year", flat=True))
    year = max(y for y in range(plan.start_fiscal_year, plan.end_fiscal_year + 1) if y not in taken)
    deadline = datetime.date.today() + datetime.timedelta(days=60)
    return services.cycle_open(actor=actor, plan=plan, fiscal_year=year, deadline=deadline)


def prepare(users: int, slug: str | None) -> dict:
    import django

    django.setup()
    from django.conf import settings

    from accounts import services
    from accounts.models import Organization, User
    from bench.load.pages import accounts_needed
    from core.models import LocalGovernment
    from core.roles import Role
    from directory import selectors as directory
    from employment import selectors as employment
    from pdca.models import ProgressReport
    from plans import selectors as plans
    from plans.models import Department, Measure

    if settings.PRODUCTION:
        raise SystemExit("the load test's accounts are for a test database; refused in production")
    if User.objects.filter(username__startswith=PREFIX).exists():
        raise SystemExit(
            f"this database already has {PREFIX}* accounts: recreate it (bench/load/run does)"
        )
    government = LocalGovernment.objects.get(slug=slug or settings.TSUNAGU_DEFAULT_LOCAL_GOVERNMENT)
    plan = plans.published_plan(government)
    if plan is None:
        raise SystemExit(f"{government.slug} has no published plan: run load_plan first")
    password = secrets.token_urlsafe(18)

    safety = Department.objects.get(local_government=government, name="生活安全課")
    secretariat_office = services.organization_ensure(
        actor=None,
        local_government=government,
        kind=Organization.Kind.CITY_DEPARTMENT,
        name=safety.name,
        department=safety,
    )
    secretariat = [
        enrolled_account(
            username=f"{PREFIX}secretariat-{n:03d}",
            role=Role.SECRETARIAT,
            organization=secretariat_office,
            display_name=f"負荷試験 事務局{n:03d}（架空）",
            password=password,
        )
        for n in range(1, accounts_needed(users, "secretariat") + 1)
    ]
    cycle = reporting_cycle(plan, secretariat[0]["user"])

    # Departments with the most reports first: every simulated department has reports to write.
    reports = ProgressReport.objects.filter(
        cycle=cycle, status__in=[ProgressReport.Status.DRAFT, ProgressReport.Status.RETURNED]
    )
    by_department: dict[int, list[int]] = {}
    for department_id, report_id in reports.order_by("pk").values_list("department_id", "pk"):
        by_department.setdefault(department_id, []).append(report_id)
    if not by_department:
        raise SystemExit(f"cycle {cycle.fiscal_year} has no report left to write")
    departments = sorted(
        Department.objects.filter(pk__in=by_department), key=lambda d: -len(by_department[d.pk])
    )
    department_accounts = []
    for n in range(1, accounts_needed(users, "department") + 1):
        department = departments[(n - 1) % len(departments)]
        office = services.organization_ensure(
            actor=None,
            local_government=government,
            kind=Organization.Kind.CITY_DEPARTMENT,
            name=department.name,
            department=department,
        )
        account = enrolled_account(
            username=f"{PREFIX}department-{n:03d}",
            role=Role.DEPARTMENT,
            organization=office,
            display_name=f"負荷試験 担当課{n:03d}（架空）",
            password=password,
        )
        account["reports"] = by_department[department.pk]
        department_accounts.append(account)

    services_listed = directory.public_services(government).order_by("pk")
    return {
        "lg": government.slug,
        "cycle": cycle.pk,
        "values": {
            "need": list(directory.need_terms(government).values_list("code", flat=True)),
            "service": list(services_listed.values_list("pk", flat=True)[:200]),
            "pillar": list(plan.pillars.order_by("number").values_list("number", flat=True)),
            "measure": list(
                Measure.objects.filter(area__pillar__plan=plan)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
            "posting": list(
                employment.public_postings(government).order_by("pk").values_list("pk", flat=True)
            ),
        },
        "accounts": {
            "secretariat": [_public(a) for a in secretariat],
            "department": [_public(a) for a in department_accounts],
        },
    }


def _public(account: dict) -> dict:
    return {key: value for key, value in account.items() if key != "user"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, required=True, help="simulated users (LOAD_USERS)")
    parser.add_argument("--local-government", default=None, help="slug; default the default one")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    targets = prepare(args.users, args.local_government)
    empty = [name for name, values in targets["values"].items() if not values]
    if empty:
        raise SystemExit(f"nothing to request for: {', '.join(empty)} (load the demo data)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(targets, out, ensure_ascii=False, indent=1)
    counts = ", ".join(f"{len(values)} {name}" for name, values in targets["values"].items())
    staff = ", ".join(f"{len(listed)} {kind}" for kind, listed in targets["accounts"].items())
    print(
        f"load test: accounts ({staff}) with an authenticator app; cycle {targets['cycle']}; "
        f"pages over {counts} -> {args.out}"
    )


if __name__ == "__main__":
    main()
