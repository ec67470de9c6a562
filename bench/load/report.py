#!/usr/bin/env python
"""Summarise a load-test run (bench/load/run): locust's statistics per page, the run's
parameters and the machine, to bench/results/loadtest.csv and loadtest.json, and a Markdown
table on stdout for docs/benchmarks.md. Exits non-zero when any request failed, locust
reported an error, or a server logged a traceback.

Usage: bench/load/report.py --stats var/loadtest/locust_stats.csv --results bench/results \\
           --server-log var/loadtest/gunicorn-8001.log … [--param users=50 …]
"""

import argparse
import csv
import json
import os
import platform
from pathlib import Path

COLUMNS = ["page", "method", "requests", "failures", "p50_ms", "p95_ms", "max_ms", "per_second"]


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # locust writes N/A for a page with no request
        return 0.0


def read_stats(path: Path) -> tuple[list[dict], dict]:
    """Locust's rows per page, and its aggregated row. Times in ms: locust keeps them in
    buckets (to 10 ms above 100 ms, to 100 ms above 1 s), so p50/p95 are that coarse."""
    rows, total = [], None
    with path.open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            entry = {
                "page": row["Name"],
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "max_ms": round(_number(row["Max Response Time"])),
                "per_second": round(_number(row["Requests/s"]), 2),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                rows.append(entry)
    if total is None:
        raise SystemExit(f"{path}: no Aggregated row (did locust run?)")
    return rows, total


def tracebacks(paths: list[Path]) -> int:
    return sum(
        path.read_text(encoding="utf-8", errors="replace").count("Traceback (most recent call")
        for path in paths
        if path.exists()
    )


def machine() -> dict:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def markdown(rows: list[dict], total: dict) -> str:
    lines = [
        "| page | method | requests | failures | p50 ms | p95 ms | max ms | requests/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in [*rows, {**total, "page": "**all**", "method": ""}]:
        lines.append(
            f"| {row['page']} | {row['method']} | {row['requests']} | {row['failures']} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['max_ms']} "
            f"| {row['per_second']} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stats", type=Path, required=True)
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--server-log", type=Path, action="append", default=[])
    parser.add_argument("--locust-status", type=int, default=0)
    parser.add_argument("--param", action="append", default=[], help="name=value, recorded")
    args = parser.parse_args()

    if not args.stats.exists():
        print(f"load test FAILED: no statistics ({args.stats}): see var/loadtest/locust.log")
        return 1
    rows, total = read_stats(args.stats)
    server_tracebacks = tracebacks(args.server_log)
    args.results.mkdir(parents=True, exist_ok=True)
    with (args.results / "loadtest.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows([*rows, {**total, "page": "all", "method": ""}])
    summary = {
        "parameters": dict(item.split("=", 1) for item in args.param),
        "machine": machine(),
        "requests": total["requests"],
        "failures": total["failures"],
        "requests_per_second": total["per_second"],
        "server_tracebacks": server_tracebacks,
        "locust_exit_status": args.locust_status,
        "pages": rows,
    }
    (args.results / "loadtest.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(markdown(rows, total))
    print(
        f"\n{total['requests']} requests, {total['failures']} failed, "
        f"{total['per_second']} requests/s; {server_tracebacks} tracebacks in the server logs; "
        f"results in {args.results}/loadtest.csv and loadtest.json"
    )
    failed = total["failures"] or server_tracebacks or args.locust_status
    if failed:
        print("load test FAILED: see var/loadtest/locust_failures.csv and the server logs")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
