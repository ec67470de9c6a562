"""What the portal's lists show and in which order (issue 12, docs/directory.md): the
services of one reach, those that serve a ward, and the action order — on the pages of
someone who wants to talk (LISTENING_NEEDS) the crisis lines first; then what can be called,
then (at night) the 24-hour lines, then the package's order."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from directory.models import (
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
)

CRISIS_NEED = "crisis"  # the need code of the crisis lines (いのち・こころの危機)
# The needs whose lists put the crisis lines first: someone who wants to be heard (話を聞いて
# ほしい) is best served by いのちの電話 and こころの電話 first. Elsewhere (学び, 仕事 …) a crisis
# line takes its place by the usual order, so that it does not crowd out the best matches (the
# crisis lines have their own block wherever a query or an answer signals a crisis).
LISTENING_NEEDS = frozenset({CRISIS_NEED, "listen"})
WIDE_AREAS = (ServiceArea.CITY, ServiceArea.PREFECTURE, ServiceArea.NATIONAL)


def with_around_the_clock(services: QuerySet[Service]) -> QuerySet[Service]:
    always_open = Schedule.objects.filter(service=OuterRef("pk"), is_24_hours=True)
    return services.annotate(
        around_the_clock=Case(
            When(Q(is_24_hours=True) | Exists(always_open), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def in_ward(services: QuerySet[Service], ward: str) -> QuerySet[Service]:
    """The services that serve `ward`: wide areas always; listed wards when the ward is
    one of them; the ward of a published place when the area is not set."""
    places = ServiceAtLocation.objects.filter(
        location__ward=ward, location__review_status=ReviewStatus.PUBLISHED
    )
    # area_wards is a JSON list: matched here, not in SQL (JSON containment is not portable)
    listed = [
        pk
        for pk, names in services.filter(area=ServiceArea.WARDS).values_list("pk", "area_wards")
        if ward in (names or [])
    ]
    return services.filter(
        Q(area__in=WIDE_AREAS)
        | Q(pk__in=listed)
        | Q(area=ServiceArea.UNKNOWN, pk__in=places.values("service"))
    )


def for_reach(services: QuerySet[Service], reach: str | None) -> QuerySet[Service]:
    """The services of one reach (Reach.PERSON on person-facing pages); None: all."""
    return services.filter(reach=reach) if reach else services


def _voice(phones: QuerySet[Phone]) -> QuerySet[Phone]:
    return phones.exclude(type=Phone.Type.FAX)


def with_action_order(services: QuerySet[Service]) -> QuerySet[Service]:
    """Annotate what orders a list: is_crisis (tagged with the crisis need), has_voice (the
    card will show a number to call: the service's own, else its published places', else its
    organization's, as service_card picks them) and around_the_clock."""
    crisis = Service.terms.through.objects.filter(
        service=OuterRef("pk"),
        taxonomyterm__code=CRISIS_NEED,
        taxonomyterm__taxonomy__kind=Taxonomy.Kind.NEED,
    )
    own = Phone.objects.filter(service=OuterRef("pk"))
    at_places = Phone.objects.filter(
        location__service_at_locations__service=OuterRef("pk"),
        location__review_status=ReviewStatus.PUBLISHED,
    )
    of_organization = Phone.objects.filter(
        organization=OuterRef("organization"), service__isnull=True, location__isnull=True
    )
    has_voice = Q(Exists(_voice(own))) | (
        ~Q(Exists(own))
        & (
            Q(Exists(_voice(at_places)))
            | (~Q(Exists(at_places)) & Q(Exists(_voice(of_organization))))
        )
    )
    return with_around_the_clock(services).annotate(
        is_crisis=Exists(crisis),
        has_voice=Case(
            When(has_voice, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
    )


def crisis_first(need_code: str) -> bool:
    """Whether the list of this need puts the crisis lines first (LISTENING_NEEDS)."""
    return need_code in LISTENING_NEEDS


def action_order(night: bool, *, crisis: bool = False) -> tuple[str, ...]:
    """The crisis lines first (`crisis`: on a listening need's page), then what can be
    called, then (at night) the 24-hour lines, then the package's order."""
    order = ("-is_crisis",) if crisis else ()
    order += ("-has_voice",)
    order += ("-around_the_clock",) if night else ()
    return (*order, "position", "pk")
