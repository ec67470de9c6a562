#!/usr/bin/env python
"""Benchmark the directory's need page and search at N=1 and N=1,741 on PostgreSQL.

Usage: .venv/bin/python bench/directory.py [--n 1741] [--iterations 300]

It recreates the database named by BENCH_DIRECTORY_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench_directory), loads Kumamoto's package (plan,
statistics and, when the package has one, its directory; without one it adds 60 fictional
services so that the round means something, and says so), and times, each round in a fresh
process:
- the public need page /kumamoto/help/needs/housing/ and the search page
  /kumamoto/help/search/?q=住まい through the whole stack (both are never cached: they show
  what is open now), against the floor view;
- search_services(kumamoto, q) for 住まい, 仕事 and すまい, called directly, and
  ranked_service_ids (the search alone: the one query the portal search and the API run);
- the database's own time for the same search SQL: the statement executed on a raw cursor
  (planning + execution + rows sent), and EXPLAIN ANALYZE's planning and execution times;
- the HSDS export of Kumamoto's directory (directory.hsds.export.write_hsds_package) in its own
  process: its wall time, the process's peak RSS and tracemalloc's peak.
VACUUM ANALYZE runs before each round (without statistics, on a freshly loaded database, the
planner walks Kumamoto's services instead of reading the search index: ≈50 ms instead of
≈10 ms; autovacuum analyses the table soon after a load in production). Then seed_synthetic
adds N-1 synthetic local governments (≈57 services each, ≈100,000 in
all, with plans, reports and statistics as for the other benchmarks) and everything is
timed again. Results: bench/results/directory.json, printed as Markdown
for docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.run import manage, measure_pages, percentile, recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench_directory"
QUERIES = ["住まい", "仕事", "すまい"]
FICTIONAL_SERVICES = 60


def prepare() -> dict:
    """Make sure Kumamoto has a directory; return where it came from."""
    import django

    django.setup()
    from core.models import LocalGovernment
    from directory.models import Service

    lg = LocalGovernment.objects.get(slug="kumamoto")
    count = Service.objects.filter(local_government=lg).count()
    if count:
        return {"kumamoto_directory": "package", "kumamoto_services": count}
    _add_fictional_services(lg)
    return {
        "kumamoto_directory": "fictional (the package had no directory)",
        "kumamoto_services": Service.objects.filter(local_government=lg).count(),
    }


def _add_fictional_services(lg) -> None:
    """60 fictional services (架空) shaped by the synthetic seeder: the package's taxonomy,
    places, phones and hours."""
    import random

    from directory.synthetic import seed_directory

    count = (FICTIONAL_SERVICES, FICTIONAL_SERVICES)
    seed_directory([lg], random.Random(1), services_per_body=count)


def vacuum_analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def time_calls(function, iterations: int, warmup: int = 10) -> dict:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
    }


def database_times(queryset, iterations: int) -> dict:
    """The same SQL as the search's matching query: on a raw cursor, and EXPLAIN ANALYZE."""
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:

        def execute():
            cursor.execute(sql, params)
            cursor.fetchall()

        raw = time_calls(execute, iterations)
        planning, execution, plan = [], [], ""
        for _ in range(iterations // 3):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            planning.append(float(re.search(r"Planning Time: ([\d.]+)", plan).group(1)))
            execution.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
    return {
        "raw_cursor": raw,
        "explain_planning_p95_ms": round(percentile(planning, 0.95), 2),
        "explain_execution_p50_ms": round(statistics.median(execution), 2),
        "explain_execution_p95_ms": round(percentile(execution, 0.95), 2),
        "plan": plan,
    }


def measure_round(iterations: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from core.models import LocalGovernment
    from directory.models import Service
    from directory.search.fulltext import matching_services, ranked_service_ids, search_services

    lg = LocalGovernment.objects.get(slug="kumamoto")
    result = {
        "local_governments": LocalGovernment.objects.count(),
        "services_in_database": Service.objects.count(),
    }
    urls = {
        "floor (trivial view)": "/bench/floor/",
        "need page (住まい)": "/kumamoto/help/needs/housing/",
        "search page (住まい)": "/kumamoto/help/search/?q=" + quote("住まい"),
    }
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        result["pages"] = measure_pages(Client(), urls, iterations)
    result["search"] = {}
    for query in QUERIES:
        with CaptureQueriesContext(connection) as captured:
            found = search_services(lg, query)
        entry = time_calls(lambda query=query: search_services(lg, query), iterations)
        entry["ranked"] = time_calls(lambda query=query: ranked_service_ids(lg, query), iterations)
        matching = matching_services(lg, query).values_list("pk", "rank", "name", "position")
        entry.update(
            results=len(found),
            queries=len(captured),
            database=database_times(matching, iterations),
        )
        result["search"][query] = entry
    return result


def measure_export() -> dict:
    """In a fresh process: Kumamoto's HSDS export, its time and peak memory."""
    import resource
    import tempfile
    import tracemalloc

    import django

    django.setup()
    from core.models import LocalGovernment
    from directory.hsds.export import EXCHANGE, write_hsds_package

    lg = LocalGovernment.objects.get(slug="kumamoto")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        counts = write_hsds_package(lg, folder, scope=EXCHANGE)
        seconds = time.perf_counter() - started
        size = sum(path.stat().st_size for path in Path(folder).iterdir())
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as folder:
        tracemalloc.start()
        write_hsds_package(lg, folder, scope=EXCHANGE)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "seconds": round(seconds, 2),
        "rows": sum(counts.values()),
        "services": counts.get("service"),
        "bytes": size,
        "process_peak_rss_mb": round(peak_rss / 1024, 1),
        "rss_before_export_mb": round(before / 1024, 1),
        "python_peak_mb": round(traced_peak / 1024 / 1024, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741)
    parser.add_argument("--iterations", type=int, default=300)
    for hidden in ("--measure-only", "--prepare-only", "--export-only"):
        parser.add_argument(hidden, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.n < 2:
        parser.error("--n must be at least 2 (the second round adds N-1 synthetic bodies)")

    url = os.environ.get("BENCH_DIRECTORY_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    for flag, function in (
        (args.prepare_only, prepare),
        (args.export_only, measure_export),
        (args.measure_only, lambda: measure_round(args.iterations)),
    ):
        if flag:
            print(json.dumps(function(), ensure_ascii=False))
            return

    def fresh(*flags):
        result = subprocess.run(
            [sys.executable, __file__, *flags, "--iterations", str(args.iterations)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    recreate_database(url)
    manage("migrate", "--verbosity", "0", env=env)
    manage("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), env=env)
    results = {"data": fresh("--prepare-only"), "rounds": {}}
    vacuum_analyze(url)  # as autovacuum would soon: without statistics the planner guesses
    print(f"Kumamoto's directory: {results['data']}; round N=1 …", flush=True)

    def run_round():
        measured = fresh("--measure-only")
        measured["export"] = fresh("--export-only")
        results["rounds"][str(measured.pop("local_governments"))] = measured

    run_round()
    started = time.monotonic()
    manage("seed_synthetic", "--local-governments", str(args.n - 1), "--verbosity", "0", env=env)
    results["seed_seconds"] = round(time.monotonic() - started, 1)
    vacuum_analyze(url)
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        server_version = connection.execute("SHOW server_version").fetchone()[0]
        index_size = connection.execute(
            "SELECT pg_size_pretty(pg_relation_size('directory_service_search_gin'))"
        ).fetchone()[0]
    print(f"seeded to N={args.n} in {results['seed_seconds']} s; round N={args.n} …", flush=True)
    run_round()
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "postgresql": server_version,
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "iterations": args.iterations,
        "gin_index_size": index_size,
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
        ).stdout.strip(),
    }
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "directory.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(markdown(results))


def markdown(results):
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    head = (
        f"| {{}} | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 "
        f"| p95 N={large_key} / N={small_key} | queries N={small_key} → N={large_key} |"
    )
    out = [
        f"Services in the database: {small['services_in_database']:,} (N={small_key}) → "
        f"{large['services_in_database']:,} (N={large_key}).",
        "",
        "### Public pages (never cached)",
        "",
        head.format("page"),
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in small["pages"]:
        a, b = small["pages"][name], large["pages"][name]
        out.append(
            f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | "
            f"{b['p95_ms']} ms | {b['p95_ms'] / a['p95_ms']:.2f} | {a['queries']} → {b['queries']} |"
        )
    out += [
        "",
        "### search_services (Kumamoto)",
        "",
        head.format("query (results)"),
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for query in small["search"]:
        a, b = small["search"][query], large["search"][query]
        out.append(
            f"| {query} ({a['results']} → {b['results']}) | {a['p50_ms']} ms | {a['p95_ms']} ms | "
            f"{b['p50_ms']} ms | {b['p95_ms']} ms | {b['p95_ms'] / a['p95_ms']:.2f} | "
            f"{a['queries']} → {b['queries']} |"
        )
    out += [
        "",
        "### The database's own time for the search's SQL",
        "",
        "| query | N | raw cursor p95 | EXPLAIN planning p95 | EXPLAIN execution p95 "
        "| ranked_service_ids p95 | ranked ids p95 / raw cursor p95 "
        "| search_services p95 / raw cursor p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, round_ in ((small_key, small), (large_key, large)):
        for query, entry in round_["search"].items():
            db = entry["database"]
            raw = db["raw_cursor"]["p95_ms"]
            out.append(
                f"| {query} | {key} | {raw} ms | "
                f"{db['explain_planning_p95_ms']} ms | {db['explain_execution_p95_ms']} ms | "
                f"{entry['ranked']['p95_ms']} ms | {entry['ranked']['p95_ms'] / raw:.1f} | "
                f"{entry['p95_ms'] / raw:.1f} |"
            )
    out += [
        "",
        "### HSDS export of Kumamoto's directory (own process)",
        "",
        "| N | rows | size | time | process peak RSS | RSS before the export | Python peak (tracemalloc) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, round_ in ((small_key, small), (large_key, large)):
        e = round_["export"]
        out.append(
            f"| {key} | {e['rows']} | {e['bytes'] // 1024} KiB | {e['seconds']} s | "
            f"{e['process_peak_rss_mb']} MB | {e['rss_before_export_mb']} MB | {e['python_peak_mb']} MB |"
        )
    out += ["", "Plan of the search SQL (住まい) at N=" + large_key + ":", "", "```"]
    out += [large["search"]["住まい"]["database"]["plan"], "```"]
    return "\n".join(out)


if __name__ == "__main__":
    main()
