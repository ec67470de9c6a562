"""Reads of the supporters' search of safety-net homes (セーフティネット住宅).

Who reads: the city's supporters (the secretariat, the departments, partner bodies and
更生保護ボランティア) see every active home of their own local government, public or not: a
landlord's consent to a public listing is about the public, not about those who support a
person. A housing provider keeps its own listings in the providers' part and does not search
the others'. Another body's home is a 404. Every home goes through
housing.selectors.search_homes, the one search."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404

from core.access import has_role
from core.fields.choice_masks import bit
from core.roles import Role
from directory.models import Location, Phone, ReviewStatus
from housing.models import Acceptance, LocalAcceptance, SafetyNetHome
from housing.selectors import HomeCriteria, distance_km, homes_of, search_homes

SEARCH_ROLES = (Role.SECRETARIAT, Role.DEPARTMENT, Role.PARTNER, Role.VOLUNTEER)
LOCAL_KEY = "local-{}"


def can_search(user, local_government) -> bool:
    return has_role(user, SEARCH_ROLES) and user.local_government_id == local_government.pk


def searchable_homes(user, local_government, criteria: HomeCriteria) -> QuerySet[SafetyNetHome]:
    """The homes `user` may find with `criteria` (none for anyone else)."""
    if not can_search(user, local_government):
        return SafetyNetHome.objects.none()
    return search_homes(local_government, criteria)


def home_for(user, local_government, pk: int) -> SafetyNetHome:
    """One active home of the user's body with its provider and the provider's directory
    entry, or 404."""
    if not can_search(user, local_government):
        raise Http404
    home = (
        homes_of(local_government)
        .filter(is_active=True, pk=pk)
        .select_related("provider__directory_organization")
        .first()
    )
    if home is None:
        raise Http404
    return home


@dataclass(frozen=True)
class AcceptanceChoice:
    """One kind of 住宅確保要配慮者 to filter on: a national one or the body's own."""

    key: str
    label: str
    mask: int
    is_local: bool = False


def acceptance_choices(local_government) -> list[AcceptanceChoice]:
    """The national list (housing.models.Acceptance) then the body's LocalAcceptance rows."""
    national = [
        AcceptanceChoice(value, str(label), bit(Acceptance, value))
        for value, label in Acceptance.choices
    ]
    local = [
        AcceptanceChoice(LOCAL_KEY.format(row.bit), row.label, 1 << row.bit, True)
        for row in LocalAcceptance.objects.filter(local_government=local_government)
    ]
    return national + local


def accepted_labels(home: SafetyNetHome, choices: list[AcceptanceChoice]) -> list[str]:
    return [choice.label for choice in choices if home.accepts & choice.mask == choice.mask]


def wards(local_government, *, public_only: bool = False) -> list[str]:
    homes = homes_of(local_government).filter(is_active=True).exclude(ward="")
    if public_only:
        homes = homes.filter(is_public=True)
    return list(homes.order_by("ward").values_list("ward", flat=True).distinct())


def layouts(local_government) -> list[str]:
    homes = homes_of(local_government).filter(is_active=True).exclude(layout="")
    return list(homes.order_by("layout").values_list("layout", flat=True).distinct())


def near_locations(local_government) -> list[Location]:
    """The body's published directory locations with a position (e.g. a ward office), to
    search around."""
    return list(
        Location.objects.filter(
            local_government=local_government,
            review_status=ReviewStatus.PUBLISHED,
            organization__review_status=ReviewStatus.PUBLISHED,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .select_related("organization")
        .order_by("organization__position", "organization__name", "pk")
    )


def by_distance(
    homes: QuerySet[SafetyNetHome], near: tuple[Decimal, Decimal], within_km: Decimal
) -> list[tuple[int, float]]:
    """(id, km) of the homes (already inside search_homes' bounding box) that lie within
    `within_km` of `near`, nearest first. Only ids and positions are read."""
    found = []
    for pk, latitude, longitude in homes.values_list("pk", "latitude", "longitude"):
        km = distance_km(_Position(latitude, longitude), near)
        if km is not None and km <= float(within_km):
            found.append((pk, km))
    found.sort(key=lambda item: (item[1], item[0]))
    return found


@dataclass(frozen=True)
class _Position:
    latitude: Decimal | None
    longitude: Decimal | None


def provider_phones(home: SafetyNetHome) -> list[Phone]:
    """The voice numbers of the provider's directory entry (the one source of names and
    phones), in the directory's order; none when the provider has no entry."""
    entry = home.provider.directory_organization
    if entry is None:
        return []
    return list(
        Phone.objects.filter(organization=entry, service__isnull=True, location__isnull=True)
        .exclude(type=Phone.Type.FAX)
        .order_by("position", "pk")
    )
