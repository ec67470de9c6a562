#!/usr/bin/env python
"""Benchmark the PDCA pages and the compiled report at N=1 and N=1,741 on PostgreSQL.

Usage: .venv/bin/python bench/pdca.py [--n 1741] [--iterations 300]

It recreates the database named by BENCH_PDCA_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench_pdca), loads Kumamoto's package (plan and
statistics), opens Kumamoto's FY2021 cycle and accepts a written report for every measure ×
department (the size of a real year: 116 measures), enters the reference indicators'
actuals, and then times, each round in a fresh process:
- the secretariat's dashboard of that cycle (signed in; never cached),
- the public page of the outcome indicator and the statistics page of 再犯者数, rendered
  (page cache off) and served (page cache on, warm),
- the compiled report: data + Excel workbook, and data + PDF (WeasyPrint).
Then it adds N-1 synthetic local governments (each with three years of progress reports,
indicator values and statistics: ~630,000 reports at N=1,741), runs VACUUM ANALYZE and
times the same again. Results: bench/results/pdca.json, printed as Markdown for
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

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.run import manage, measure_pages, percentile, recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench_pdca"
USERNAME = "bench-secretariat"


def prepare() -> None:
    """Kumamoto's FY2021 cycle, fully written and accepted, and reference actuals."""
    import datetime
    from decimal import Decimal

    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import Organization, User
    from core.models import LocalGovernment
    from core.roles import Role
    from pdca import services as cycles
    from pdca.indicators import services
    from pdca.models import ProgressReport
    from plans.models import Department, Plan

    lg = LocalGovernment.objects.get(slug="kumamoto")
    plan = Plan.objects.get(local_government=lg)
    safety = Department.objects.get(local_government=lg, name="生活安全課")
    # get_or_create: a run that stopped half-way may have made them already
    organization, _ = Organization.objects.get_or_create(
        local_government=lg,
        kind=Organization.Kind.CITY_DEPARTMENT,
        name="生活安全課",
        defaults={"department": safety},
    )
    user = User.objects.filter(username=USERNAME).first() or User.objects.create_user(
        username=USERNAME, password=None, role=Role.SECRETARIAT, organization=organization
    )
    cycle = cycles.cycle_open(
        actor=user, plan=plan, fiscal_year=2021, deadline=datetime.date(2022, 5, 31)
    )
    now = timezone.now()
    ProgressReport.objects.filter(cycle=cycle).update(
        status="accepted",
        actions="関係機関と連携して相談会を開催し、広報紙とウェブサイトで周知しました。" * 2,
        results="延べ120人が参加しました。相談は45件でした。",
        figures=[{"label": "参加者", "value": "120", "unit": "人"}],
        evaluation="B",
        issues="周知が十分ではなく、参加者が固定化しています。",
        next_steps="対象を広げ、オンラインでも実施します。",
        version=1,
        submitted_at=now,
        accepted_at=now,
    )
    for indicator in plan.indicators.filter(statistic_series=""):
        base = indicator.baseline_value or Decimal(100)
        for year, factor in ((2021, Decimal("1.02")), (2022, Decimal("1.05"))):
            services.indicator_value_save(
                actor=user, indicator=indicator, period=year, value=base * factor, source="bench"
            )


def time_calls(function, iterations: int) -> dict:
    samples = []
    size = 0
    for _ in range(iterations):
        started = time.perf_counter()
        size = len(function())
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "bytes": size,
        "iterations": iterations,
    }


def measure_round(iterations: int) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from accounts.models import User
    from core.models import LocalGovernment
    from pdca.compiled.compile import compile_report, report_pdf, report_xlsx
    from pdca.models import ReportingCycle
    from plans.models import Indicator

    cycle = ReportingCycle.objects.get(local_government__slug="kumamoto", fiscal_year=2021)
    outcome = Indicator.objects.get(plan=cycle.plan, kind="outcome")
    public_urls = {
        "floor (trivial view)": "/bench/floor/",
        "indicator page (成果指標)": f"/kumamoto/plan/indicators/{outcome.pk}/",
        "statistics page (再犯者数)": "/kumamoto/statistics/reoffenders/",
    }
    result = {"local_governments": LocalGovernment.objects.count()}
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        client = Client()
        cache.clear()
        with override_settings(TSUNAGU_PAGE_CACHE_SECONDS=0):
            result["rendered"] = measure_pages(client, public_urls, iterations)
        result["served"] = measure_pages(client, public_urls, iterations)
        staff = Client()
        staff.force_login(User.objects.get(username=USERNAME))
        result["staff"] = measure_pages(
            staff,
            {
                "floor (trivial view)": "/bench/floor/",
                "secretariat dashboard (FY2021)": f"/staff/pdca/cycles/{cycle.pk}/",
            },
            iterations,
        )
    with CaptureQueriesContext(connection) as captured:
        compile_report(cycle)
    result["compile_queries"] = len(captured)
    measures = sum(len(p.measures) for p in compile_report(cycle).pillars)
    result["compiled"] = {
        "measures": measures,
        "excel (data + workbook)": time_calls(lambda: report_xlsx(compile_report(cycle)), 30),
        "pdf (data + WeasyPrint)": time_calls(lambda: report_pdf(compile_report(cycle)), 5),
    }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    url = os.environ.get("BENCH_PDCA_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    if args.prepare_only:
        prepare()
        return
    if args.measure_only:
        print(json.dumps(measure_round(args.iterations)))
        return

    def fresh(*flags):
        result = subprocess.run(
            [sys.executable, __file__, *flags, "--iterations", str(args.iterations)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""

    recreate_database(url)
    manage("migrate", "--verbosity", "0", env=env)
    manage("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), env=env)
    fresh("--prepare-only")
    results = {"rounds": {}}
    print("round N=1 …", flush=True)
    small = json.loads(fresh("--measure-only"))
    results["rounds"][str(small.pop("local_governments"))] = small
    started = time.monotonic()
    manage("seed_synthetic", "--local-governments", str(args.n - 1), "--verbosity", "0", env=env)
    results["seed_seconds"] = round(time.monotonic() - started, 1)
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
        server_version = connection.execute("SHOW server_version").fetchone()[0]
        reports = connection.execute("SELECT count(*) FROM pdca_progressreport").fetchone()[0]
        values = connection.execute("SELECT count(*) FROM stats_statisticvalue").fetchone()[0]
    print(f"seeded to N={args.n} in {results['seed_seconds']} s; round N={args.n} …", flush=True)
    large = json.loads(fresh("--measure-only"))
    results["rounds"][str(large.pop("local_governments"))] = large
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "postgresql": server_version,
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "iterations": args.iterations,
        "progress_reports_in_database": reports,
        "statistic_values_in_database": values,
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
        ).stdout.strip(),
    }
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pdca.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    print(markdown(results))


def markdown(results):
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    out = []
    for mode, title in (
        ("staff", "Back office (signed in, never cached)"),
        ("rendered", "Public, rendered (page cache off)"),
        ("served", "Public, served (page cache on, warm)"),
    ):
        out += [
            f"### {title}",
            "",
            f"| page | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 | p95 N={large_key} / N={small_key} | queries N={small_key} → N={large_key} |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name in small[mode]:
            a, b = small[mode][name], large[mode][name]
            ratio = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("nan")
            out.append(
                f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | {b['p95_ms']} ms | {ratio:.2f} | {a['queries']} → {b['queries']} |"
            )
        out.append("")
    out += [
        f"### Compiled report ({small['compiled']['measures']} measures)",
        "",
        f"| file | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 | N={large_key} max | size |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("excel (data + workbook)", "pdf (data + WeasyPrint)"):
        a, b = small["compiled"][name], large["compiled"][name]
        out.append(
            f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms | {b['p95_ms']} ms | {b['max_ms']} ms | {b['bytes'] // 1024} KiB |"
        )
    out.append(
        f"\nQueries to build the report's data: {small['compile_queries']} (N={small_key}) → {large['compile_queries']} (N={large_key})."
    )
    return "\n".join(out)


if __name__ == "__main__":
    main()
