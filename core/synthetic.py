"""Fictional local governments for scale tests and benchmarks (manage.py seed_synthetic).

Apps register a seeder that fills a batch of new synthetic local governments with their own
records; the command creates the local governments and calls every seeder in order.
Everything made here is fictional and marked as such (is_synthetic, names with 架空).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction

from core.models import LocalGovernment

Seeder = Callable[[list[LocalGovernment], random.Random], None]
_SEEDERS: list[tuple[str, Seeder]] = []

# Real 全国地方公共団体コード start with a prefecture number 01–47; 90–99 are unused, so
# fictional codes live there and can never collide with a real body.
FIRST_CODE = 900_00


def register(name: str, seeder: Seeder) -> None:
    if any(existing == name for existing, _ in _SEEDERS):
        raise ValueError(f"synthetic seeder {name} is registered twice")
    _SEEDERS.append((name, seeder))


def seeders() -> list[tuple[str, Seeder]]:
    return list(_SEEDERS)


def with_check_digit(five_digits: int) -> str:
    digits = f"{five_digits:05d}"
    total = sum(int(d) * w for d, w in zip(digits, (6, 5, 4, 3, 2), strict=True))
    return digits + str((11 - total % 11) % 10)


def synthetic_local_governments(count: int) -> list[LocalGovernment]:
    """The first `count` synthetic local governments (built, not saved)."""
    return [
        LocalGovernment(
            code=with_check_digit(FIRST_CODE + index),
            slug=f"synthetic-{index:04d}",
            name=f"架空市{index:04d}（架空）",  # i18n-data: fictional data
            kind=LocalGovernment.Kind.CITY,
            is_synthetic=True,
        )
        for index in range(1, count + 1)
    ]


def seed(count: int, *, batch_size: int = 50, seed_value: int = 20261128, progress=None) -> int:
    """Create synthetic local governments up to `count` in all; return how many were new."""
    existing = set(LocalGovernment.objects.filter(is_synthetic=True).values_list("code", flat=True))
    wanted = [lg for lg in synthetic_local_governments(count) if lg.code not in existing]
    created = 0
    for start in range(0, len(wanted), batch_size):
        batch = wanted[start : start + batch_size]
        with transaction.atomic():
            LocalGovernment.objects.bulk_create(batch)
            saved = list(
                LocalGovernment.objects.filter(code__in=[lg.code for lg in batch]).order_by("code")
            )
            rng = random.Random(seed_value + start)
            for _name, seeder in _SEEDERS:
                seeder(saved, rng)
        created += len(batch)
        if progress:
            progress(created, len(wanted))
    return created
