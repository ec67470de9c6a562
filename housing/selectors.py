"""Finding safety-net homes: the one search every page uses (the supporters' search, a case's
"find a home", the public listing and the API)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, QuerySet

from housing.models import SafetyNetHome


@dataclass
class HomeCriteria:
    """What a supporter looks for. `accepts` is a mask: every bit set must be accepted."""

    ward: str = ""
    max_rent: int | None = None  # rent + common fee ceiling (円 a month)
    layout: str = ""
    vacant_only: bool = False
    accepts: int = 0
    barrier_free: bool = False
    pets_allowed: bool = False
    near: tuple[Decimal, Decimal] | None = None  # (latitude, longitude)
    within_km: Decimal | None = None
    public_only: bool = False


def homes_of(local_government) -> QuerySet[SafetyNetHome]:
    return SafetyNetHome.objects.filter(local_government=local_government).select_related(
        "provider__organization"
    )


def search_homes(local_government, criteria: HomeCriteria) -> QuerySet[SafetyNetHome]:
    """The local government's active homes that meet `criteria`, cheapest first (a distance
    filter is a bounding box here; `by_distance` orders a page of them)."""
    homes = homes_of(local_government).filter(is_active=True)
    if criteria.public_only:
        homes = homes.filter(is_public=True)
    if criteria.ward:
        homes = homes.filter(ward=criteria.ward)
    if criteria.max_rent is not None:
        homes = homes.alias(cost=F("rent") + F("common_fee")).filter(cost__lte=criteria.max_rent)
    if criteria.layout:
        homes = homes.filter(layout=criteria.layout)
    if criteria.vacant_only:
        homes = homes.filter(vacancies__gt=0)
    if criteria.barrier_free:
        homes = homes.filter(barrier_free=True)
    if criteria.pets_allowed:
        homes = homes.filter(pets_allowed=True)
    if criteria.accepts:
        homes = homes.alias(accepted=F("accepts").bitand(criteria.accepts)).filter(
            accepted=criteria.accepts
        )
    if criteria.near is not None and criteria.within_km:
        lat, lon = (Decimal(str(v)) for v in criteria.near)
        dlat = Decimal(str(float(criteria.within_km) / 111.0))
        dlon = Decimal(
            str(float(criteria.within_km) / (111.0 * max(math.cos(math.radians(float(lat))), 0.01)))
        )
        homes = homes.filter(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
        )
    return homes.order_by("rent", "common_fee", "id")


def distance_km(home: SafetyNetHome, near: tuple[Decimal, Decimal]) -> float | None:
    """The great-circle distance from `near` to the home, or None where it has no position."""
    if home.latitude is None or home.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(
        math.radians, (float(near[0]), float(near[1]), float(home.latitude), float(home.longitude))
    )
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))
