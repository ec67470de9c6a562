#!/usr/bin/env python
"""Benchmark the public plan pages at N=1 and N=1,741 local governments on PostgreSQL.

Usage: .venv/bin/python bench/run.py [--n 1741] [--iterations 300] [--reuse]

It recreates the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench), loads Kumamoto's plan, times each page
in-process through the whole middleware stack (Django's test client; server time, no
network), then adds N-1 synthetic local governments and times the same pages again.
Results go to bench/results/plan-pages.json and are printed as a Markdown table for
docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench"


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(client, url, iterations, warmup=20):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    query_count = len(captured)  # now: the log is cleared by the next request
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "queries": query_count,
    }


def pages():
    from plans.models import Department

    department = Department.objects.get(local_government__slug="kumamoto", name="生活安全課")
    return {
        "floor (trivial view)": "/bench/floor/",
        "plan overview": "/kumamoto/plan/",
        "pillar page (第2節)": "/kumamoto/plan/pillars/2/",
        "department page (生活安全課)": f"/kumamoto/plan/departments/{department.pk}/",
        "measure search (住宅)": "/kumamoto/plan/search/?q=" + quote("住宅"),
    }


def run_round(client, iterations):
    return {name: measure(client, url, iterations) for name, url in pages().items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741, help="local governments in the large round")
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument(
        "--reuse", action="store_true", help="keep an existing database (skip reload)"
    )
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    if not args.reuse:
        recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from core.models import LocalGovernment

    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), verbosity=0)
    client = Client()
    results = {"environment": {}, "rounds": {}}
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        count = LocalGovernment.objects.count()
        print(f"round N={count} …", flush=True)
        results["rounds"][str(count)] = run_round(client, args.iterations)
        started = time.monotonic()
        call_command("seed_synthetic", local_governments=args.n - count, verbosity=0)
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        count = LocalGovernment.objects.count()
        print(f"seeded to N={count} in {seconds:.0f} s; round N={count} …", flush=True)
        results["rounds"][str(count)] = run_round(client, args.iterations)
        results["seed_seconds"] = round(seconds, 1)

    from plans.models import Measure

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "postgresql": server_version,
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "iterations": args.iterations,
        "measures_in_database": Measure.objects.count(),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
        ).stdout.strip(),
    }
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "plan-pages.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(markdown(results))


def markdown(results):
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    floor_p95 = large["floor (trivial view)"]["p95_ms"]
    lines = [
        f"| page | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 | p95 ratio (N={large_key} / N={small_key}) | p95 / floor | queries N={small_key} → N={large_key} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in small:
        a, b = small[name], large[name]
        ratio = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("nan")
        lines.append(
            f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | {b['p95_ms']} ms | {ratio:.2f} | {b['p95_ms'] / floor_p95:.1f} | {a['queries']} → {b['queries']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
