#!/usr/bin/env python
"""Benchmark the public events page of 社会を明るくする運動 at N=1 and N=1,741 on PostgreSQL.

Usage: .venv/bin/python bench/campaigns.py [--n 1741] [--iterations 300] [--repeats 2]
       [--full-seed]

It recreates two PostgreSQL databases: the one named by BENCH_CAMPAIGNS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench_campaigns) for N=1,741 and the same name
with `_n1` for N=1. Into each it loads Kumamoto's package and gives Kumamoto fictional
campaign years and events (campaigns.synthetic, the same random seed in both: ≈29 events with
their participants, all 架空). In the large database N-1 synthetic bodies get theirs
(≈50,000 events at N=1,741). By default only the campaigns' seeder fills them: the page reads
the campaign tables and the local governments, nothing of the other apps, and the whole
`seed_synthetic` (every app's seeder) takes far longer; `--full-seed` runs it instead.
VACUUM ANALYZE runs on both. Rounds then alternate small, large … (`--repeats` of each), each
in a fresh process, timing through the whole stack (Django's test client, anonymous):
the public events page `campaign_events:index` rendered (page cache off) and served (page
cache on, warm), a past year chosen (`?year=`), and the iCalendar feed `campaign_events:ical`
rendered, against the floor view. p50, p95 and the query count; for each size the lowest
p50/p95 over the repeats. Results: bench/results/campaigns.json, printed as Markdown for
docs/benchmarks.md.
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

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench_campaigns"
KUMAMOTO_SEED = 43


def seed_kumamoto() -> int:
    """Kumamoto's fictional campaign events (identical in both databases)."""
    import django

    django.setup()
    from campaigns.models import CampaignEvent
    from campaigns.synthetic import seed_campaigns
    from core.models import LocalGovernment

    kumamoto = LocalGovernment.objects.get(slug="kumamoto")
    seed_campaigns([kumamoto], random.Random(KUMAMOTO_SEED))
    return CampaignEvent.objects.filter(local_government=kumamoto).count()


def seed_bodies(count: int, batch_size: int = 100) -> int:
    """N-1 synthetic bodies with only their campaign records (see the module's docstring)."""
    import django

    django.setup()
    from django.db import transaction

    from campaigns.models import CampaignEvent
    from campaigns.synthetic import seed_campaigns
    from core.models import LocalGovernment
    from core.synthetic import synthetic_local_governments

    wanted = synthetic_local_governments(count)
    for start in range(0, len(wanted), batch_size):
        batch = wanted[start : start + batch_size]
        with transaction.atomic():
            LocalGovernment.objects.bulk_create(batch)
            saved = list(
                LocalGovernment.objects.filter(code__in=[lg.code for lg in batch]).order_by("code")
            )
            seed_campaigns(saved, random.Random(20261128 + start))
    return CampaignEvent.objects.count()


def measure_round(iterations: int) -> dict:
    """In a fresh process: time the pages against the current database."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse
    from django.utils import timezone

    from campaigns.models import CampaignEvent
    from core.models import LocalGovernment
    from core.wareki import fiscal_year_of

    index = reverse("campaign_events:index", kwargs={"lg": "kumamoto"})
    past_year = fiscal_year_of(timezone.localdate()) - 2
    urls = {
        "floor (trivial view)": "/bench/floor/",
        "public events page": index,
        f"public events page, ?year={past_year}": f"{index}?year={past_year}",
        "iCalendar feed": reverse("campaign_events:ical", kwargs={"lg": "kumamoto"}),
    }
    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        client = Client()
        cache.clear()
        with override_settings(TSUNAGU_PAGE_CACHE_SECONDS=0):
            rendered = measure_pages(client, urls, iterations)
        served = measure_pages(client, {k: urls[k] for k in list(urls)[:2]}, iterations)
    return {
        "local_governments": LocalGovernment.objects.count(),
        "events": CampaignEvent.objects.count(),
        "kumamoto_events": CampaignEvent.objects.filter(local_government__slug="kumamoto").count(),
        "rendered": rendered,
        "served": served,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1741)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--full-seed", action="store_true")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    large_url = os.environ.get("BENCH_CAMPAIGNS_DATABASE_URL", DEFAULT_URL)
    small_url = large_url + "_n1"

    def env_for(url):
        return {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }

    if args.step:
        os.environ.update(env_for(os.environ["DATABASE_URL"]))
        step = {
            "kumamoto": seed_kumamoto,
            "bodies": lambda: seed_bodies(args.count),
            "measure": lambda: measure_round(args.iterations),
        }[args.step]
        print(json.dumps(step()))
        return

    def fresh(url, *extra):
        result = subprocess.run(
            [sys.executable, __file__, *extra, "--iterations", str(args.iterations)],
            env=env_for(url),
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    results = {"rounds": {}, "repeats": {}}
    for url in (small_url, large_url):
        recreate_database(url)
        manage("migrate", "--verbosity", "0", env=env_for(url))
        manage("load_plan", str(BASE_DIR / "packages" / "kumamoto-2021"), env=env_for(url))
        results.setdefault("kumamoto_events", fresh(url, "--step", "kumamoto"))
    print(f"seeding N={args.n} …", flush=True)
    started = time.monotonic()
    if args.full_seed:
        manage(
            "seed_synthetic",
            "--local-governments",
            str(args.n - 1),
            "--verbosity",
            "0",
            env=env_for(large_url),
        )
    else:
        fresh(large_url, "--step", "bodies", "--count", str(args.n - 1))
    results["seed_seconds"] = round(time.monotonic() - started, 1)
    results["seed"] = "seed_synthetic (every app)" if args.full_seed else "campaigns only"
    import psycopg

    for url in (small_url, large_url):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
            server_version = connection.execute("SHOW server_version").fetchone()[0]
    repeats = {"small": [], "large": []}
    for index in range(args.repeats):
        for size, url in (("small", small_url), ("large", large_url)):
            print(f"round {size} {index + 1}/{args.repeats} …", flush=True)
            repeats[size].append(fresh(url, "--step", "measure"))
    for size in ("small", "large"):
        combined = best_of(repeats[size])
        results["rounds"][str(combined["local_governments"])] = combined
        results["repeats"][size] = repeats[size]
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "postgresql": server_version,
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "iterations": args.iterations,
        "repeats": args.repeats,
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
        ).stdout.strip(),
    }
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "campaigns.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(markdown(results))


def markdown(results) -> str:
    small_key, large_key = list(results["rounds"])
    small, large = results["rounds"][small_key], results["rounds"][large_key]
    out = [
        f"Events: Kumamoto {large['kumamoto_events']}, all bodies {small['events']:,} at "
        f"N={small_key} and {large['events']:,} at N={large_key} "
        f"(seeded: {results['seed']}, {results['seed_seconds']} s).",
        "",
    ]
    for mode, title in (
        ("rendered", "Rendered (page cache off)"),
        ("served", "Served (page cache on, warm)"),
    ):
        a_mode, b_mode = small[mode], large[mode]
        floor = b_mode["floor (trivial view)"]["p95_ms"]
        out += [
            f"#### {title}",
            "",
            f"| page | N={small_key} p50 | N={small_key} p95 | N={large_key} p50 | N={large_key} p95 "
            f"| p95 N={large_key} / N={small_key} | p95 / floor | queries N={small_key} → N={large_key} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name in a_mode:
            a, b = a_mode[name], b_mode[name]
            ratio = b["p95_ms"] / a["p95_ms"] if a["p95_ms"] else float("nan")
            out.append(
                f"| {name} | {a['p50_ms']} ms | {a['p95_ms']} ms | {b['p50_ms']} ms "
                f"| {b['p95_ms']} ms | {ratio:.2f} | {b['p95_ms'] / floor:.1f} "
                f"| {a['queries']} → {b['queries']} |"
            )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    main()
