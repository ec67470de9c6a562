#!/usr/bin/env python
# i18n-data-file (fictional benchmark data)
"""Benchmark the HSDS export's time and peak memory with a large directory on PostgreSQL.

Usage: .venv/bin/python bench/hsds_export.py [--services 100000]

It recreates the database named by BENCH_HSDS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/tsunagu_bench_hsds), creates one fictional local government
(架空) with the given number of services, each with an organization (one per ten services),
a place with an address, a phone, a schedule and two taxonomy terms, runs VACUUM ANALYZE and then
`manage.py export_hsds` in a fresh process, reporting its wall time and peak resident memory
(the target: 100,000 services under 300 MB). Results: bench/results/hsds-export.json.
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.run import manage, recreate_database  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tsunagu_bench_hsds"
SLUG = "hsds-bench"
BATCH = 5000


def populate(services: int) -> None:
    """One fictional local government with `services` services and their records."""
    import datetime

    import django

    django.setup()
    from core.models import LocalGovernment
    from directory.models import (
        Address,
        Location,
        Organization,
        Phone,
        Schedule,
        Service,
        ServiceAtLocation,
        Taxonomy,
        TaxonomyTerm,
    )

    lg = LocalGovernment.objects.create(
        code="999997", slug=SLUG, name="ベンチ市（架空）", kind="city", is_synthetic=True
    )
    new = {"local_government": lg}
    taxonomy = Taxonomy.objects.create(**new, kind="need", name="困りごと")
    terms = TaxonomyTerm.objects.bulk_create(
        TaxonomyTerm(**new, taxonomy=taxonomy, code=f"need{i}", name=f"困りごと{i}（架空）")
        for i in range(10)
    )
    through = Service.terms.through
    for start in range(0, services, BATCH):
        count = min(BATCH, services - start)
        organizations = Organization.objects.bulk_create(
            Organization(
                **new, name=f"団体{start + i}（架空）", category="partner", is_fictional=True
            )
            for i in range(0, count, 10)
        )
        places = Location.objects.bulk_create(
            Location(**new, organization=organizations[i // 10], name="本所", ward="中央区")
            for i in range(count)
        )
        Address.objects.bulk_create(
            Address(
                **new,
                location=place,
                address_1="架空町1-1",
                city="ベンチ市",
                state_province="架空県",
            )
            for place in places
        )
        rows = Service.objects.bulk_create(
            Service(
                **new,
                organization=organizations[i // 10],
                name=f"相談窓口{start + i}（架空）",
                description="住まいと仕事の相談に応じます。" * 4,
                is_fictional=True,
            )
            for i in range(count)
        )
        ServiceAtLocation.objects.bulk_create(
            ServiceAtLocation(**new, service=service, location=place)
            for service, place in zip(rows, places, strict=True)
        )
        Phone.objects.bulk_create(
            Phone(**new, service=service, number="096-000-0000") for service in rows
        )
        Schedule.objects.bulk_create(
            Schedule(
                **new,
                service=service,
                byday="MO,TU,WE,TH,FR",
                opens_at=datetime.time(8, 30),
                closes_at=datetime.time(17, 15),
            )
            for service in rows
        )
        through.objects.bulk_create(
            through(service_id=service.pk, taxonomyterm_id=terms[(i + k) % 10].pk)
            for i, service in enumerate(rows)
            for k in (0, 1)
        )


def vacuum_analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def export(folder: str) -> None:
    """Run the export in this (fresh) process; print its time and peak memory as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("export_hsds", folder, local_government=SLUG)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb, 1)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--populate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-to", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ.get("BENCH_HSDS_DATABASE_URL", DEFAULT_URL)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    if args.populate_only:
        os.environ.update(env)
        populate(args.services)
        return
    if args.export_to:
        os.environ.update(env)
        export(args.export_to)
        return
    recreate_database(url)
    manage("migrate", "--noinput", "-v0", env=env)
    subprocess.run(
        [sys.executable, __file__, "--populate-only", "--services", str(args.services)],
        env=env,
        check=True,
    )
    vacuum_analyze(url)
    with tempfile.TemporaryDirectory() as folder:
        measured = subprocess.run(
            [sys.executable, __file__, "--export-to", folder],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        size_mb = sum(path.stat().st_size for path in Path(folder).iterdir()) / 1024 / 1024
    results = {
        "services": args.services,
        **json.loads(measured.stdout.strip().splitlines()[-1]),
        "files_mb": round(size_mb, 1),
        "machine": platform.platform(),
        "python": platform.python_version(),
    }
    out = BASE_DIR / "bench" / "results" / "hsds-export.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
