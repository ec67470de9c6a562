#!/usr/bin/env python
"""Benchmark the safety-net home search and the public listing at N=1 and N=1,741 on PostgreSQL.

Usage: .venv/bin/python bench/housing.py [--n 1741] [--iterations 200] [--repeats 2]
       [--kumamoto-homes 2000] [--homes 115] [--housing-only]

It recreates two PostgreSQL databases: the one named by BENCH_HOUSING_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench_housing) for N=1,741 and the same name with
`_n1` for N=1. Into each it loads Kumamoto's package and gives Kumamoto `--kumamoto-homes`
fictional safety-net homes (housing.synthetic, same random seed: identical in both) and a
bench user of a fictional partner body. In the large database `seed_synthetic` adds N-1
synthetic bodies (every app's records; coordination's persons off, as its own bench times
them) with `--homes` homes a body on average (≈200,000 at N=1,741); with `--housing-only` it
creates the bodies and runs the housing seeder alone (faster; the other apps' tables stay
small, which does not touch the housing queries). VACUUM ANALYZE runs on both. Rounds then
alternate small, large … (`--repeats` of each), each in a fresh process, timing through the
whole stack (Django's test client):
- the supporters' search `home_search:index` with no filter, and with two accepted attributes
  (保護観察対象者等 and 高齢者 at once), a rent ceiling and vacancies only;
- the public listing `homes:index` with no filter and with a rent ceiling and vacancies only;
- the public 市営住宅 page `homes:public_housing`.
p50, p95 and the query count per page; for each size the lowest p50/p95 over the repeats.
Results: bench/results/housing.json, printed as Markdown for docs/benchmarks.md.
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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench_housing"
USERNAME = "bench-housing"
PARTNER = "ベンチ用支援団体（架空）"
KUMAMOTO_HOMES = 2000


def prepare_small(homes: int) -> dict:
    """Kumamoto's fictional homes and the bench user."""
    import django

    django.setup()
    from accounts.models import Organization, User
    from core.models import LocalGovernment
    from core.roles import Role
    from housing.models import SafetyNetHome
    from housing.synthetic import seed_housing

    lg = LocalGovernment.objects.get(slug="kumamoto")
    seed_housing([lg], random.Random(43), homes_per_body=homes, exact=True)
    organization = Organization.objects.create(
        local_government=lg, kind=Organization.Kind.PARTNER, name=PARTNER, is_fictional=True
    )
    User.objects.create_user(
        username=USERNAME,
        password=None,
        role=Role.PARTNER,
        organization=organization,
        is_fictional=True,
    )
    return {"kumamoto_homes": SafetyNetHome.objects.filter(local_government=lg).count()}


def prepare_large_housing_only(n: int) -> dict:
    """The N-1 synthetic bodies with the housing seeder alone, in batches of 50."""
    import django

    django.setup()
    from django.db import transaction

    from core.models import LocalGovernment
    from core.synthetic import synthetic_local_governments
    from housing.synthetic import seed_housing

    started = time.monotonic()
    wanted = synthetic_local_governments(n - 1)
    for start in range(0, len(wanted), 50):
        batch = wanted[start : start + 50]
        with transaction.atomic():
            LocalGovernment.objects.bulk_create(batch)
            saved = list(
                LocalGovernment.objects.filter(code__in=[lg.code for lg in batch]).order_by("code")
            )
            seed_housing(saved, random.Random(20261207 + start))
    return {"housing_seed_seconds": round(time.monotonic() - started, 1)}


def counts() -> dict:
    from core.models import LocalGovernment
    from housing.models import HousingProvider, SafetyNetHome

    return {
        "local_governments": LocalGovernment.objects.count(),
        "homes_in_database": SafetyNetHome.objects.count(),
        "providers_in_database": HousingProvider.objects.count(),
    }


def measure_round(iterations: int) -> dict:
    import django

    django.setup()
    from urllib.parse import urlencode

    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from accounts.models import User

    result = counts()
    filtered = urlencode(
        [("accepts", "probation"), ("accepts", "elderly"), ("max_rent", "60000"), ("vacant", "1")]
    )
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        public = Client()
        staff = Client()
        staff.force_login(User.objects.get(username=USERNAME))
        listing = reverse("homes:index", kwargs={"lg": "kumamoto"})
        public_urls = {
            "public listing (homes:index)": listing,
            "public listing, ≤ 60,000 円 and vacant": f"{listing}?max_rent=60000&vacant=1",
            "市営住宅 page (homes:public_housing)": reverse(
                "homes:public_housing", kwargs={"lg": "kumamoto"}
            ),
        }
        search = reverse("home_search:index")
        staff_urls = {
            "floor (trivial view, signed in)": "/bench/floor/",
            "supporters' search (home_search:index)": search,
            "search: 保護観察対象者等 + 高齢者, ≤ 60,000 円, vacant": f"{search}?{filtered}",
        }
        result["pages"] = {
            **measure_pages(staff, staff_urls, iterations),
            **measure_pages(public, public_urls, iterations),
        }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--kumamoto-homes", type=int, default=KUMAMOTO_HOMES)
    parser.add_argument("--homes", type=int, default=115, help="homes per synthetic body")
    parser.add_argument(
        "--housing-only",
        action="store_true",
        help="make the synthetic bodies with the housing seeder alone (not seed_synthetic)",
    )
    for hidden in ("--measure-only", "--prepare-small", "--prepare-large"):
        parser.add_argument(hidden, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare_small or args.prepare_large or args.measure_only:
        os.environ.update(DEBUG="false", DJANGO_SETTINGS_MODULE="config.settings")
        if args.prepare_small:
            print(json.dumps(prepare_small(args.kumamoto_homes)))
        elif args.prepare_large:
            print(json.dumps(prepare_large_housing_only(args.n)))
        else:
            print(json.dumps(measure_round(args.iterations), ensure_ascii=False))
        return

    large_url = os.environ.get("BENCH_HOUSING_DATABASE_URL", DEFAULT_URL)
    urls = {"small": large_url + "_n1", "large": large_url}

    def env_for(url, **extra):
        return {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SYNTHETIC_HOMES": str(args.homes),
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
    for size, url in urls.items():
        recreate_database(url)
        manage("migrate", "--verbosity", "0", env=env_for(url))
        manage("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), env=env_for(url))
        results["data"][size] = fresh(url, "--prepare-small")
    print(f"Kumamoto (fictional homes): {results['data']['small']}", flush=True)
    started = time.monotonic()
    if args.housing_only:
        results["data"]["large"].update(fresh(large_url, "--prepare-large"))
    else:
        manage(
            "seed_synthetic",
            "--local-governments",
            str(args.n - 1),
            "--verbosity",
            "0",
            env=env_for(large_url, SYNTHETIC_SUPPORT_PERSONS="0"),
        )
    results["data"]["large"]["seed_seconds"] = round(time.monotonic() - started, 1)
    results["data"]["large"]["housing_only"] = args.housing_only
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
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "housing.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(markdown(results))


def passed(args) -> list[str]:
    return [
        "--iterations",
        str(args.iterations),
        "--kumamoto-homes",
        str(args.kumamoto_homes),
        "--homes",
        str(args.homes),
        "--n",
        str(args.n),
    ]


def markdown(results) -> str:
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    data = results["data"]["large"]
    out = [
        f"Homes / providers in the database: {small['homes_in_database']:,} / "
        f"{small['providers_in_database']:,} (N={small_key}) → {large['homes_in_database']:,} / "
        f"{large['providers_in_database']:,} (N={large_key}). Seeding the synthetic bodies: "
        f"{data.get('seed_seconds')} s"
        + (" (housing seeder alone)." if data.get("housing_only") else " (seed_synthetic)."),
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
    return "\n".join(out)


if __name__ == "__main__":
    main()
