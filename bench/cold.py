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
off; it reports p50, p95 and p95 / floor p95 of the same round. For each tree the table gives
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
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from bench.run import measure_pages

    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False, TSUNAGU_PAGE_CACHE_SECONDS=0):
        client = Client()
        urls = pages()
        for url in urls.values():  # a page this tree does not have is left out
            if client.get(url).status_code != 200:
                sys.exit(f"{url} is not 200")
        result = measure_pages(client, urls, iterations, warmup=10)
    floor = result["floor (trivial view)"]["p95_ms"]
    for row in result.values():
        row["p95_over_floor"] = round(row["p95_ms"] / floor, 1)
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
        f"{Path(t).name} p50 | {Path(t).name} p95 | {Path(t).name} p95 / floor" for t in trees
    )
    lines = [head + " |", "|---|" + "---:|" * (3 * len(trees))]
    for name in names:
        cells = []
        for tree in trees:
            best = min(results["rounds"][tree], key=lambda r: r[name]["p95_over_floor"])[name]
            cells += [f"{best['p50_ms']} ms", f"{best['p95_ms']} ms", f"{best['p95_over_floor']}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
