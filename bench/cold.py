#!/usr/bin/env python
"""Cold renders (page cache off) of the public plan pages against the floor, for one or more
source trees in the same minutes: before and after a change, measured alike.

Usage: .venv/bin/python bench/cold.py [--iterations 100] [--rounds 2] TREE [TREE …]

Each TREE is a checkout of this project (e.g. `git archive main | tar -x -C /tmp/base` and
the working tree). The database is BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench) and must hold Kumamoto's package (`manage.py
load_plan packages/kumamoto-2021`); it is only read. Rounds alternate the trees — A, B, A, B
— each in a fresh process, so that other work on a shared machine falls on all of them alike.
A round times every page of `PAGES` plus the floor (a trivial view behind the same
middleware) round-robin, `--iterations` times after 10 warm-up rounds, with the page cache
off; it reports p50, p95 and p95 / floor p95 of the same round, and the median CPU time of
the process per request (`time.process_time`: the app's own work, which waiting for a busy
machine's CPU does not inflate; the database's time is not in it). For each tree the table gives
the round with the lowest floor-relative p95 per page and every round is kept in the JSON
(bench/results/cold.json).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench"


def pages() -> dict[str, str]:
    from plans.models import Department, Measure

    department = Department.objects.get(local_government__slug="kumamoto", name="生活安全課")
    measure = Measure.objects.filter(local_government__slug="kumamoto").order_by("pk").first()
    return {
        "floor (trivial view)": "/bench/floor/",
        "plan overview": "/kumamoto/plan/",
        "pillar page (第2節)": "/kumamoto/plan/pillars/2/",
        "department page (生活安全課)": f"/kumamoto/plan/departments/{department.pk}/",
        "measure search (住宅)": "/kumamoto/plan/search/?q=" + quote("住宅"),
        "measure page": f"/kumamoto/plan/measures/{measure.pk}/",
        "department list": "/kumamoto/plan/departments/",
        "partner list": "/kumamoto/plan/partners/",
        "indicator list": "/kumamoto/plan/indicators/",
        "glossary": "/kumamoto/plan/glossary/",
    }


def measure(iterations: int) -> dict:
    import statistics

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from bench.run import percentile, query_count

    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, TSUNAGU_PAGE_CACHE_SECONDS=0):
        client = Client()
        urls = pages()
        for _ in range(10):
            for url in urls.values():
                assert client.get(url).status_code == 200, url
        counts = {name: query_count(client, url) for name, url in urls.items()}
        wall: dict[str, list[float]] = {name: [] for name in urls}
        cpu: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(iterations):
            for name, url in urls.items():
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                cpu[name].append((time.process_time() - started_cpu) * 1000)
                wall[name].append((time.perf_counter() - started) * 1000)
    result = {
        name: {
            "p50_ms": round(statistics.median(wall[name]), 2),
            "p95_ms": round(percentile(wall[name], 0.95), 2),
            "cpu_p50_ms": round(statistics.median(cpu[name]), 2),
            "queries": counts[name],
        }
        for name in urls
    }
    floor = result["floor (trivial view)"]
    for row in result.values():
        row["p95_over_floor"] = round(row["p95_ms"] / floor["p95_ms"], 1)
        row["cpu_over_floor"] = round(row["cpu_p50_ms"] / floor["cpu_p50_ms"], 1)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", default=[str(BASE_DIR)])
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if args.measure_only:
        os.environ.update(env)
        sys.path.insert(0, os.getcwd())
        print(json.dumps(measure(args.iterations), ensure_ascii=False))
        return
    results = {"rounds": {tree: [] for tree in args.trees}}
    for round_ in range(args.rounds):
        for tree in args.trees:
            done = subprocess.run(
                [
                    sys.executable,
                    str(Path(tree) / "bench" / "cold.py"),
                    "--measure-only",
                    "--iterations",
                    str(args.iterations),
                ],
                cwd=tree,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            measured = json.loads(done.stdout.strip().splitlines()[-1])
            measured["_load_average"] = os.getloadavg()
            results["rounds"][tree].append(measured)
            print(f"round {round_ + 1} {tree}: load {os.getloadavg()[0]:.1f}", flush=True)
    results["environment"] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "iterations": args.iterations,
        "rounds": args.rounds,
        "cpu_count": os.cpu_count(),
    }
    out = BASE_DIR / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "cold.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    print(markdown(results))


def markdown(results) -> str:
    trees = list(results["rounds"])
    names = [n for n in results["rounds"][trees[0]][0] if not n.startswith("_")]
    head = "| page | " + " | ".join(
        f"{Path(t).name} p50 | p95 | p95 / floor | CPU p50 | CPU / floor" for t in trees
    )
    lines = [head + " |", "|---|" + "---:|" * (5 * len(trees))]
    for name in names:
        cells = []
        for tree in trees:
            best = min(results["rounds"][tree], key=lambda r: r[name]["p95_over_floor"])[name]
            low = min(results["rounds"][tree], key=lambda r: r[name]["cpu_p50_ms"])[name]
            cells += [f"{best['p50_ms']} ms", f"{best['p95_ms']} ms", f"{best['p95_over_floor']}"]
            cells += [f"{low['cpu_p50_ms']} ms", f"{low['cpu_over_floor']}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
