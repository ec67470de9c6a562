"""The supporters' search filters, read from the query string defensively (core.web.params):
a value that is not one of the choices, or not a number in range, counts as not given."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.web.params import id_param, int_param
from housing.search.selectors import AcceptanceChoice
from housing.selectors import HomeCriteria

MAX_RENT = 1_000_000  # 円 a month: anything above is no ceiling a supporter means
RADII_KM = (1, 2, 3, 5, 10)
DEFAULT_RADIUS_KM = 3
MAX_ACCEPTS = 40  # more values than there are choices: the rest is ignored
TEXT_LIMIT = 20  # ward and layout names are short (the models' max_length)
SORTS = ("rent", "-rent", "-vacancies", "ward", "-floor_area", "distance")
DEFAULT_SORT = "rent"


@dataclass
class SearchFilters:
    """What the page shows as chosen, and the search's criteria."""

    ward: str = ""
    max_rent: int | None = None
    layout: str = ""
    vacant_only: bool = False
    accepts: list[str] = field(default_factory=list)
    barrier_free: bool = False
    pets_allowed: bool = False
    location: int | None = None
    radius_km: int = DEFAULT_RADIUS_KM
    sort: str = DEFAULT_SORT

    @property
    def any(self) -> bool:
        return bool(
            self.ward
            or self.max_rent is not None
            or self.layout
            or self.vacant_only
            or self.accepts
            or self.barrier_free
            or self.pets_allowed
            or self.location
        )


def _choice(query, name: str, allowed) -> str:
    value = query.get(name, "")
    if not isinstance(value, str):
        return ""
    value = value.strip()[: TEXT_LIMIT * 2]
    return value if value in allowed else ""


def _flag(query, name: str) -> bool:
    return query.get(name, "") in ("1", "on", "true")


def parse(
    query, *, wards, layouts, acceptances: list[AcceptanceChoice], locations
) -> SearchFilters:
    """The filters in `query` (a QueryDict), each checked against what the body has."""
    known = {choice.key for choice in acceptances}
    accepts = []
    for value in query.getlist("accepts")[:MAX_ACCEPTS]:
        if value in known and value not in accepts:
            accepts.append(value)
    location = id_param(query, "near")
    if location is not None and location not in {place.pk for place in locations}:
        location = None
    radius = int_param(query, "km", default=DEFAULT_RADIUS_KM, minimum=1, maximum=max(RADII_KM))
    sort = _choice(query, "sort", SORTS) or ("distance" if location else DEFAULT_SORT)
    if sort == "distance" and not location:
        sort = DEFAULT_SORT
    return SearchFilters(
        ward=_choice(query, "ward", set(wards)),
        max_rent=int_param(query, "max_rent", minimum=0, maximum=MAX_RENT),
        layout=_choice(query, "layout", set(layouts)),
        vacant_only=_flag(query, "vacant"),
        accepts=accepts,
        barrier_free=_flag(query, "barrier_free"),
        pets_allowed=_flag(query, "pets"),
        location=location,
        radius_km=radius if radius in RADII_KM else DEFAULT_RADIUS_KM,
        sort=sort,
    )


def criteria(
    filters: SearchFilters, acceptances: list[AcceptanceChoice], locations
) -> HomeCriteria:
    """The one search's criteria for `filters` (several attributes: all must be accepted)."""
    mask = 0
    for choice in acceptances:
        if choice.key in filters.accepts:
            mask |= choice.mask
    near = None
    if filters.location:
        place = next(place for place in locations if place.pk == filters.location)
        near = (place.latitude, place.longitude)
    return HomeCriteria(
        ward=filters.ward,
        max_rent=filters.max_rent,
        layout=filters.layout,
        vacant_only=filters.vacant_only,
        accepts=mask,
        barrier_free=filters.barrier_free,
        pets_allowed=filters.pets_allowed,
        near=near,
        within_km=Decimal(filters.radius_km) if near else None,
    )
