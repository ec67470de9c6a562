#!/usr/bin/env python
"""Benchmark support coordination's staff pages and API at N=1 and N=1,741 on PostgreSQL.

Usage: .venv/bin/python bench/coordination.py [--n 1741] [--iterations 200] [--repeats 2]
       [--persons 57] [--referrals 5] [--kumamoto-persons 300]

It recreates two PostgreSQL databases: the one named by BENCH_COORDINATION_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/tsunagu_bench_coordination) for N=1,741 and the
same name with `_n1` for N=1. Into each it loads Kumamoto's package and gives Kumamoto
fictional support records (coordination.synthetic: `--kumamoto-persons` persons on average
with their cases, consents, needs, plans and referrals, all 架空), identical in both (same
random seed), and a bench user of each of its fictional organizations. In the large database
`seed_synthetic` adds N-1 synthetic bodies (plans, reports, statistics, directories,
employment), then coordination.synthetic fills them: `--persons` persons a body on average
with `--referrals` referrals each (57 and 5: ≈100,000 persons and ≈500,000 referrals at
N=1,741), timed on its own, so that the time per 10,000 persons is known. VACUUM ANALYZE runs
on both. Rounds then alternate small, large … (`--repeats` of each), each in a fresh process,
timing through the whole stack (Django's test client, signed in as the lead partner's user):
- the caseload page `cases:index`, the referral inbox `referrals:inbox` and the referral
  dashboard `referrals:dashboard` (a page whose URL name does not resolve yet, or that does
  not answer 200, is reported as not measured, with the reason);
- the API: `support_api:case_list`, `support_api:referral_list` and one referral as FHIR
  (`support_api:referral_fhir`).
p50, p95 and the query count per page; for each size the lowest p50/p95 over the repeats.
Results: bench/results/coordination.json, printed as Markdown for docs/benchmarks.md.
`--reuse-databases` times again on the last run's databases; `--reseed-support` first removes
their support records and seeds them again (other `--persons`, `--referrals`), keeping the
other apps' synthetic data (seed_synthetic's ten minutes); not yet run end to end.
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.employment import best_of  # noqa: E402
from bench.run import manage, measure_pages, recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench_coordination"
USERNAME = "bench-coordination-{}"
KUMAMOTO_PERSONS = 300
PAGES = {
    "caseload (cases:index)": "cases:index",
    "referral inbox (referrals:inbox)": "referrals:inbox",
    "referral dashboard (referrals:dashboard)": "referrals:dashboard",
}
API = {
    "API cases": "support_api:case_list",
    "API referrals": "support_api:referral_list",
}


def prepare_small(persons: int) -> dict:
    """Kumamoto's fictional support records and a bench user per fictional organization."""
    import django

    django.setup()
    from accounts.models import Organization, User
    from coordination.models import Person, Referral
    from coordination.synthetic import seed_coordination
    from core.models import LocalGovernment
    from core.roles import Role

    lg = LocalGovernment.objects.get(slug="kumamoto")
    seed_coordination([lg], random.Random(43), persons_per_body=persons, referrals_per_person=5)
    for organization in Organization.objects.filter(local_government=lg, is_fictional=True):
        role = Role.DEPARTMENT if organization.kind == "city_department" else Role.PARTNER
        User.objects.create_user(
            username=USERNAME.format(organization.pk),
            password=None,
            role=role,
            organization=organization,
            is_fictional=True,
        )
    return {
        "kumamoto_persons": Person.objects.filter(local_government=lg).count(),
        "kumamoto_referrals": Referral.objects.filter(local_government=lg).count(),
    }


def prepare_large(persons: int, referrals: int) -> dict:
    """Fill the synthetic bodies with support records, timed (bodies in batches of 50)."""
    import django

    django.setup()
    from django.db import transaction

    from coordination.models import Person, Referral
    from coordination.synthetic import seed_coordination
    from core.models import LocalGovernment

    bodies = list(LocalGovernment.objects.filter(is_synthetic=True).order_by("code"))
    started = time.monotonic()
    for start in range(0, len(bodies), 50):
        with transaction.atomic():
            seed_coordination(
                bodies[start : start + 50],
                random.Random(20261207 + start),
                persons_per_body=persons,
                referrals_per_person=referrals,
            )
    seconds = time.monotonic() - started
    synthetic_persons = Person.objects.filter(local_government__is_synthetic=True).count()
    return {
        "coordination_seed_seconds": round(seconds, 1),
        "seconds_per_10000_persons": round(seconds / max(1, synthetic_persons) * 10_000, 1),
        "synthetic_persons": synthetic_persons,
        "synthetic_referrals": Referral.objects.filter(local_government__is_synthetic=True).count(),
    }


def reset_support() -> dict:
    """Remove every support record, the seeder's organizations and workers and the bench
    users (to seed again with other sizes on the databases of the last run)."""
    import django

    django.setup()
    from accounts.models import Organization, User
    from coordination.models import Case, Person
    from coordination.synthetic import DEPARTMENT, PARTNERS

    removed = Case.objects.all().delete()[0]
    removed += Person.objects.all().delete()[0]
    removed += User.objects.filter(username__startswith="synthetic-support-").delete()[0]
    removed += User.objects.filter(username__startswith="bench-coordination-").delete()[0]
    removed += Organization.objects.filter(
        is_fictional=True, name__in=[*PARTNERS, DEPARTMENT]
    ).delete()[0]
    return {"removed_rows": removed}


def resolved(client, names: dict, kwargs: dict | None = None) -> tuple[dict, dict]:
    """{label: path} of the pages that resolve and answer 200, and {label: why not} of the
    others (a part not merged yet)."""
    from django.urls import NoReverseMatch, reverse

    urls, skipped = {}, {}
    for label, name in names.items():
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            skipped[label] = f"URL name {name} does not resolve (not merged yet)"
            continue
        status = client.get(path).status_code
        if status != 200:
            skipped[label] = f"{path} answered {status}"
            continue
        urls[label] = path
    return urls, skipped


def measure_round(iterations: int) -> dict:
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from accounts.models import User
    from coordination.models import Person, Referral, ReferralStatus
    from coordination.synthetic import PARTNERS
    from core.models import LocalGovernment

    user = User.objects.get(
        username__startswith="bench-coordination-",
        organization__name=PARTNERS[0],
        organization__local_government__slug="kumamoto",
    )
    referral = (
        Referral.objects.filter(from_organization=user.organization)
        .exclude(status=ReferralStatus.DRAFT)
        .order_by("pk")
        .first()
    )
    result = {
        "local_governments": LocalGovernment.objects.count(),
        "persons_in_database": Person.objects.count(),
        "referrals_in_database": Referral.objects.count(),
    }
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        client = Client()
        client.force_login(user)
        pages, skipped = resolved(client, PAGES)
        api, api_skipped = resolved(client, API, {"lg": "kumamoto"})
        fhir, fhir_skipped = resolved(
            client,
            {"API referral as FHIR": "support_api:referral_fhir"},
            {"lg": "kumamoto", "pk": referral.pk},
        )
        urls = {"floor (trivial view)": "/bench/floor/", **pages, **api, **fhir}
        result["pages"] = measure_pages(client, urls, iterations)
        result["not_measured"] = {**skipped, **api_skipped, **fhir_skipped}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--persons", type=int, default=57, help="persons per synthetic body")
    parser.add_argument("--referrals", type=int, default=5, help="referrals per person")
    parser.add_argument("--kumamoto-persons", type=int, default=KUMAMOTO_PERSONS)
    parser.add_argument(
        "--reuse-databases", action="store_true", help="time again on the last run's databases"
    )
    parser.add_argument(
        "--reseed-support",
        action="store_true",
        help="on the last run's databases, remove the support records and seed them again "
        "(with --persons, --referrals), keeping the other apps' synthetic data",
    )
    for hidden in ("--measure-only", "--prepare-small", "--prepare-large", "--reset-support"):
        parser.add_argument(hidden, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare_small or args.prepare_large or args.measure_only or args.reset_support:
        os.environ.update(DEBUG="false", DJANGO_SETTINGS_MODULE="config.settings")
        if args.reset_support:
            print(json.dumps(reset_support()))
        elif args.prepare_small:
            print(json.dumps(prepare_small(args.kumamoto_persons)))
        elif args.prepare_large:
            print(json.dumps(prepare_large(args.persons, args.referrals)))
        else:
            print(json.dumps(measure_round(args.iterations), ensure_ascii=False))
        return

    large_url = os.environ.get("BENCH_COORDINATION_DATABASE_URL", DEFAULT_URL)
    urls = {"small": large_url + "_n1", "large": large_url}

    def env_for(url, **extra):
        return {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra,
        }

    def fresh(url, *flags):
        result = subprocess.run(
            [sys.executable, __file__, *flags, *passed(args)],
            env=env_for(url),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            sys.exit(f"{' '.join(flags)} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    import psycopg

    results = {"data": {}, "rounds": {}}
    out = BASE_DIR / "bench" / "results"
    if args.reuse_databases or args.reseed_support:
        previous = json.loads((out / "coordination.json").read_text())
        results["data"] = previous["data"]
    if args.reseed_support:
        for size, url in urls.items():
            fresh(url, "--reset-support")
            results["data"][size].update(fresh(url, "--prepare-small"))
        results["data"]["large"].update(fresh(large_url, "--prepare-large"))
        print(f"seeded again: {results['data']['large']}", flush=True)
    elif not args.reuse_databases:
        for size, url in urls.items():
            recreate_database(url)
            manage("migrate", "--verbosity", "0", env=env_for(url))
            manage("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), env=env_for(url))
            results["data"][size] = fresh(url, "--prepare-small")
        print(f"Kumamoto (fictional support records): {results['data']['small']}", flush=True)
        started = time.monotonic()
        # The other apps' records first (coordination's own seeder off), then ours, timed.
        manage(
            "seed_synthetic",
            "--local-governments",
            str(args.n - 1),
            "--verbosity",
            "0",
            env=env_for(large_url, SYNTHETIC_SUPPORT_PERSONS="0"),
        )
        results["data"]["large"]["seed_synthetic_seconds"] = round(time.monotonic() - started, 1)
        results["data"]["large"].update(fresh(large_url, "--prepare-large"))
        print(f"seeded: {results['data']['large']}", flush=True)
    for url in urls.values():
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    with psycopg.connect(large_url, autocommit=True) as connection:
        server_version = connection.execute("SHOW server_version").fetchone()[0]
    repeats = {"small": [], "large": []}
    for repeat in range(1, args.repeats + 1):
        for size, url in urls.items():
            print(f"round {repeat}, {size} …", flush=True)
            measured = fresh(url, "--measure-only")
            measured["load_average"] = os.getloadavg()
            repeats[size].append(measured)
    for size in urls:
        key = str(repeats[size][0]["local_governments"])
        results["rounds"][key] = best_of(repeats[size])
        results["rounds"][key]["repeats"] = repeats[size]
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "postgresql": server_version,
        "cpu_count": os.cpu_count(),
        "iterations": args.iterations,
        "repeats": args.repeats,
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
        ).stdout.strip(),
    }
    out.mkdir(exist_ok=True)
    (out / "coordination.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(markdown(results))


def passed(args) -> list[str]:
    return [
        "--iterations",
        str(args.iterations),
        "--persons",
        str(args.persons),
        "--referrals",
        str(args.referrals),
        "--kumamoto-persons",
        str(args.kumamoto_persons),
    ]


def markdown(results) -> str:
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    data = results["data"]["large"]
    out = [
        f"Persons / referrals in the database: {small['persons_in_database']:,} / "
        f"{small['referrals_in_database']:,} (N={small_key}) → {large['persons_in_database']:,}"
        f" / {large['referrals_in_database']:,} (N={large_key}). Seeding the synthetic bodies' "
        f"support records: {data.get('coordination_seed_seconds')} s, "
        f"{data.get('seconds_per_10000_persons')} s per 10,000 persons.",
        "",
        f"| page | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 "
        f"| p95 N={large_key} / N={small_key} | queries N={small_key} → N={large_key} |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, a in small["pages"].items():
        b = large["pages"].get(name)
        if b is None:
            continue
        ratio = f"{b['p95_ms'] / a['p95_ms']:.2f}" if a["p95_ms"] else "–"
        out.append(
            f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | "
            f"{b['p95_ms']} ms | {ratio} | {a['queries']} → {b['queries']} |"
        )
    for name, why in {**small["not_measured"], **large["not_measured"]}.items():
        out.append(f"\nNot measured: {name}: {why}.")
    return "\n".join(out)


if __name__ == "__main__":
    main()
