"""Reads of the public housing pages: homes whose landlords agreed to a public listing
(through housing.selectors.search_homes with public_only), the directory's consultation
windows for housing, and the published 市営住宅 rounds and rules. Another body's record is 404
under this body's slug."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from directory import selectors as directory_selectors
from directory.models import Reach, Taxonomy
from housing.models import PublicHousingRound, PublicHousingRule, SafetyNetHome
from housing.selectors import HomeCriteria, homes_of, search_homes

HOUSING_NEED = "housing"  # the directory's need term for 住まい (すむところ)


def public_homes(local_government, criteria: HomeCriteria) -> QuerySet[SafetyNetHome]:
    criteria.public_only = True
    return search_homes(local_government, criteria)


def public_home(local_government, pk: int) -> SafetyNetHome:
    home = homes_of(local_government).filter(is_active=True, is_public=True, pk=pk).first()
    if home is None:
        raise Http404
    return home


def public_wards(local_government) -> list[str]:
    homes = homes_of(local_government).filter(is_active=True, is_public=True).exclude(ward="")
    return list(homes.order_by("ward").values_list("ward", flat=True).distinct())


def housing_windows(local_government) -> list[directory_selectors.ServiceCard]:
    """The directory's published services for 住まい that a person can contact directly, in
    the directory's order (names and phones as the directory has them)."""
    services = directory_selectors.with_details(
        directory_selectors.public_services(local_government)
        .filter(
            terms__code=HOUSING_NEED,
            terms__taxonomy__kind=Taxonomy.Kind.NEED,
            reach=Reach.PERSON,
        )
        .order_by("position", "pk")
        .distinct()
    )
    return directory_selectors.service_cards(services)


@dataclass(frozen=True)
class RoundRow:
    round: PublicHousingRound
    state: str  # "open", "upcoming", "closed"


def round_state(housing_round: PublicHousingRound, today: datetime.date) -> str:
    if housing_round.application_from > today:
        return "upcoming"
    if housing_round.application_until is None or housing_round.application_until >= today:
        return "open"
    return "closed"


STATE_ORDER = {"open": 0, "upcoming": 1, "closed": 2}
PAST_ROUNDS_SHOWN = 10


def published_rounds(local_government, today: datetime.date) -> list[RoundRow]:
    """Published rounds: open ones first (ending soonest first), then upcoming (soonest
    first), then the last PAST_ROUNDS_SHOWN closed ones (latest first)."""
    rounds = PublicHousingRound.objects.filter(local_government=local_government, is_published=True)
    current = list(
        rounds.filter(Q(application_until__isnull=True) | Q(application_until__gte=today))
    )
    past = list(
        rounds.filter(application_until__lt=today).order_by("-application_until", "-id")[
            :PAST_ROUNDS_SHOWN
        ]
    )
    rows = [RoundRow(r, round_state(r, today)) for r in current]
    rows.sort(
        key=lambda row: (
            STATE_ORDER[row.state],
            row.round.application_until or datetime.date.max
            if row.state == "open"
            else row.round.application_from,
            row.round.pk,
        )
    )
    return rows + [RoundRow(r, "closed") for r in past]


def rules(local_government) -> QuerySet[PublicHousingRule]:
    return PublicHousingRule.objects.filter(local_government=local_government).order_by(
        "order", "id"
    )
