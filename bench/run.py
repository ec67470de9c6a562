#!/usr/bin/env python
"""Benchmark the public plan pages at N=1 and N=1,741 local governments on PostgreSQL.

Usage: .venv/bin/python bench/run.py [--n 1741] [--iterations 500]

It recreates the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench), loads Kumamoto's plan, and times each
page in a fresh process, through the whole middleware stack (Django's test client: server
time, no network), with the page cache off (rendered) and on (served, warm). Then it adds
N-1 synthetic local governments, runs VACUUM ANALYZE, and times the same pages again in
another fresh process.
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


def query_count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)  # now: the next request clears the log


def measure_pages(client, urls: dict[str, str], iterations: int, warmup: int = 20) -> dict:
    """Time every page `iterations` times, round-robin, so that any disturbance of the
    machine falls on all pages alike; return p50/p95 and the query count per page."""
    for _ in range(warmup):
        for url in urls.values():
            assert client.get(url).status_code == 200, url
    counts = {name: query_count(client, url) for name, url in urls.items()}
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(iterations):
        for name, url in urls.items():
            started = time.perf_counter()
            response = client.get(url)
            samples[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return {
        name: {
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(percentile(values, 0.95), 2),
            "queries": counts[name],
        }
        for name, values in samples.items()
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
    """Time each page as rendered (page cache off) and as served (page cache on, warm)."""
    from django.core.cache import cache
    from django.test.utils import override_settings

    urls = pages()
    cache.clear()
    with override_settings(TSUNAGU_PAGE_CACHE_SECONDS=0):
        rendered = measure_pages(client, urls, iterations)
    served = measure_pages(client, urls, iterations)
    return {"rendered": rendered, "served": served}


def manage(*args, env):
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args], cwd=BASE_DIR, env=env, check=True
    )


def measure_round(iterations: int) -> dict:
    """Run in a fresh process: time every page in both modes against the current database."""
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from core.models import LocalGovernment

    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        return {
            "local_governments": LocalGovernment.objects.count(),
            **run_round(Client(), iterations),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741, help="local governments in the large round")
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    if args.measure_only:
        print(json.dumps(measure_round(args.iterations)))
        return

    def round_in_fresh_process():
        result = subprocess.run(
            [sys.executable, __file__, "--measure-only", "--iterations", str(args.iterations)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    recreate_database(url)
    manage("migrate", "--verbosity", "0", env=env)
    manage("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), env=env)
    results = {"rounds": {}}
    print("round N=1 …", flush=True)
    small = round_in_fresh_process()
    results["rounds"][str(small.pop("local_governments"))] = small
    started = time.monotonic()
    manage("seed_synthetic", "--local-governments", str(args.n - 1), "--verbosity", "0", env=env)
    results["seed_seconds"] = round(time.monotonic() - started, 1)
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        server_version = connection.execute("SHOW server_version").fetchone()[0]
        measures = connection.execute("SELECT count(*) FROM plans_measure").fetchone()[0]
    print(f"seeded to N={args.n} in {results['seed_seconds']} s; round N={args.n} …", flush=True)
    large = round_in_fresh_process()
    results["rounds"][str(large.pop("local_governments"))] = large
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "postgresql": server_version,
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "iterations": args.iterations,
        "measures_in_database": measures,
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
    out = []
    for mode, title in (
        ("served", "Served (page cache on, warm)"),
        ("rendered", "Rendered (page cache off)"),
    ):
        small, large = results["rounds"][small_key][mode], results["rounds"][large_key][mode]
        floor_p95 = large["floor (trivial view)"]["p95_ms"]
        out += [
            f"### {title}",
            "",
            f"| page | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 | p95 N={large_key} / N={small_key} | p95 / floor | queries N={small_key} → N={large_key} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in small:
            a, b = small[name], large[name]
            ratio = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("nan")
            out.append(
                f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | {b['p95_ms']} ms | {ratio:.2f} | {b['p95_ms'] / floor_p95:.1f} | {a['queries']} → {b['queries']} |"
            )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
