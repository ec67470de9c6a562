"""Public reads of the directory: the services of a need, one service with everything the
portal shows about it, and whether a service takes calls now (in Asia/Tokyo).

The public sees published, active services of published organizations only. Nothing here
invents data: a service without phones, address or hours says so (staff pages say 未確認).

Person-facing lists show the services a person can go to or call (Reach.PERSON); the
supporters' view shows every reach. A ward matches the services that serve it: city-,
prefecture- and nation-wide ones, those whose listed wards include it, and — when the area is
not set — those with a published place in it. Lists put the crisis lines first, then what
can be called, then (at night) the 24-hour lines, then the package's order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import LocalGovernment
from directory.lists import (
    action_order,
    crisis_first,
    for_reach,
    in_ward,
    with_action_order,
    with_around_the_clock,
)
from directory.models import (
    VERIFICATION_MONTHS,
    Location,
    Phone,
    Reach,
    ReviewStatus,
    Schedule,
    Service,
    ServiceAtLocation,
    Status,
    Taxonomy,
    TaxonomyTerm,
)
from plans.models import Measure
from plans.selectors import published_plan

TOKYO = ZoneInfo("Asia/Tokyo")
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # datetime.weekday() order
DAY_NAMES = [
    gettext_lazy("月"),
    gettext_lazy("火"),
    gettext_lazy("水"),
    gettext_lazy("木"),
    gettext_lazy("金"),
    gettext_lazy("土"),
    gettext_lazy("日"),
]
# やさしい日本語 mode spells the days out: furigana over a lone 月 would read がつ.
LONG_DAY_NAMES = [
    gettext_lazy("月曜日"),
    gettext_lazy("火曜日"),
    gettext_lazy("水曜日"),
    gettext_lazy("木曜日"),
    gettext_lazy("金曜日"),
    gettext_lazy("土曜日"),
    gettext_lazy("日曜日"),
]
# City offices' opening hours: outside them (and on weekends) the 24-hour lines come first.
OFFICE_OPENS = datetime.time(8, 30)
OFFICE_CLOSES = datetime.time(17, 15)


class OpenState:
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"

    labels = {
        OPEN: gettext_lazy("受付中"),
        CLOSED: gettext_lazy("受付時間外"),
        UNKNOWN: gettext_lazy("未確認"),
    }


class Verification:
    UNCONFIRMED = "unconfirmed"
    STALE = "stale"
    RECENT = "recent"


# --- time ---------------------------------------------------------------------------------


def tokyo_now(now: datetime.datetime | None = None) -> datetime.datetime:
    """The current time (or `now`) in Asia/Tokyo, whatever the server's time zone."""
    return timezone.localtime(now or timezone.now(), TOKYO)


def is_night(now: datetime.datetime | None = None) -> bool:
    """Outside city office hours (8:30–17:15 on weekdays), when only 24-hour lines answer."""
    local = tokyo_now(now)
    return local.weekday() >= 5 or not (OFFICE_OPENS <= local.time() < OFFICE_CLOSES)


def _days(byday: str) -> set[int]:
    codes = {code.strip().upper() for code in (byday or "").split(",")}
    return {index for index, code in enumerate(DAY_CODES) if code in codes}


def _schedule_applies(schedule: Schedule, day: datetime.date) -> bool:
    if schedule.valid_from and day < schedule.valid_from:
        return False
    return not (schedule.valid_to and day > schedule.valid_to)


def _schedule_is_open(schedule: Schedule, local: datetime.datetime) -> bool | None:
    """True/False when the schedule says whether it is open at `local`; None when it does not
    say enough (no days or no times)."""
    if schedule.is_24_hours and not schedule.byday:
        return True
    days = _days(schedule.byday)
    if not days:
        return None
    today, now = local.weekday(), local.time()
    if schedule.is_24_hours:
        return today in days and _schedule_applies(schedule, local.date())
    if schedule.opens_at is None or schedule.closes_at is None:
        return None
    opens, closes = schedule.opens_at, schedule.closes_at
    if opens < closes:
        return today in days and _schedule_applies(schedule, local.date()) and opens <= now < closes
    # overnight (e.g. 17:00–9:00): open from `opens` on a listed day into the next morning
    yesterday = local.date() - datetime.timedelta(days=1)
    return (today in days and _schedule_applies(schedule, local.date()) and now >= opens) or (
        (today - 1) % 7 in days and _schedule_applies(schedule, yesterday) and now < closes
    )


def open_state(service: Service, schedules: list[Schedule], now=None) -> str:
    """受付中 / 受付時間外 / 未確認 for a service at `now` (Asia/Tokyo). Public holidays are not
    known here: a schedule's notes (e.g. 祝日を除く) are shown beside its hours."""
    if service.is_24_hours:
        return OpenState.OPEN
    answers = [_schedule_is_open(schedule, tokyo_now(now)) for schedule in schedules]
    if any(answer is True for answer in answers):
        return OpenState.OPEN
    if answers and all(answer is False for answer in answers):
        return OpenState.CLOSED
    return OpenState.UNKNOWN


def _day_label(byday: str, long: bool = False) -> str:
    """MO,TU,WE,TH,FR -> 月〜金; MO,WE,FR -> 月・水・金; every day -> 毎日 (long: 月曜日〜金曜日)"""
    names = LONG_DAY_NAMES if long else DAY_NAMES
    days = sorted(_days(byday))
    if not days:
        return ""
    if len(days) == 7:
        return _("毎日")
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    labels = []
    for run in runs:
        if len(run) >= 3:
            labels.append(
                _("%(first)s〜%(last)s") % {"first": names[run[0]], "last": names[run[-1]]}
            )
        else:
            labels.extend(str(names[day]) for day in run)
    return "・".join(labels)


def _time_label(value: datetime.time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def hours_line(schedule: Schedule, long: bool = False) -> str:
    """One schedule as a line: 月〜金 8:30〜17:15（祝日・年末年始を除く）"""
    days = _day_label(schedule.byday, long)
    if schedule.is_24_hours:
        times = _("24時間")
    elif schedule.opens_at and schedule.closes_at:
        times = _("%(opens)s〜%(closes)s") % {
            "opens": _time_label(schedule.opens_at),
            "closes": _time_label(schedule.closes_at),
        }
    else:
        times = _("時間は電話でおたしかめください")
    line = f"{days} {times}" if days else times
    extra = "　".join(text for text in (schedule.description, schedule.notes) if text)
    return _("%(line)s（%(extra)s）") % {"line": line, "extra": extra} if extra else line


def months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def verification(service: Service, today: datetime.date | None = None) -> str:
    """Whether the entry was checked: never (unconfirmed), over 12 months ago (stale), or
    recently."""
    if service.last_verified_on is None:
        return Verification.UNCONFIRMED
    today = today or tokyo_now().date()
    if service.last_verified_on < months_before(today, VERIFICATION_MONTHS):
        return Verification.STALE
    return Verification.RECENT


# --- the card the portal shows --------------------------------------------------------------


@dataclass
class Place:
    name: str
    ward: str
    address: str  # "" when the data gives none (shown as 未確認)
    postal_code: str
    is_virtual: bool


@dataclass
class ServiceCard:
    """A service with what the portal shows of it, computed once per request."""

    service: Service
    phones: list[Phone]
    hours: list[str]
    plain_hours: list[str]  # the same with the days spelled out, for やさしい日本語
    state: str
    places: list[Place]
    around_the_clock: bool
    terms: list[TaxonomyTerm] = field(default_factory=list)

    @property
    def organization(self):
        return self.service.organization

    @property
    def is_fictional(self) -> bool:
        return self.service.is_fictional or self.service.organization.is_fictional

    @property
    def state_label(self) -> str:
        return str(OpenState.labels[self.state])

    @property
    def hours_unconfirmed(self) -> bool:
        return not self.hours

    @property
    def state_known(self) -> bool:
        """Whether the portal can say 受付中 / 受付時間外 (else it shows no badge)."""
        return self.state != OpenState.UNKNOWN

    @property
    def summary(self) -> str:
        """The one plain line of what the service does for the person; else the start of its
        description (its first sentence)."""
        if self.service.summary:
            return self.service.summary
        text = " ".join(self.service.description.split())
        first = text.split("。")[0]
        return f"{first}。" if first and len(first) < len(text) else text

    @property
    def address_unconfirmed(self) -> bool:
        return not any(place.address for place in self.places)

    @property
    def voice_phones(self) -> list[Phone]:
        return [phone for phone in self.phones if phone.type != Phone.Type.FAX]

    @property
    def other_phones(self) -> list[Phone]:
        return [phone for phone in self.phones if phone.type == Phone.Type.FAX]

    @property
    def wards(self) -> list[str]:
        return sorted({place.ward for place in self.places if place.ward})


def _address_text(address) -> str:
    parts = [address.state_province, address.city]
    if address.region and not address.address_1.startswith(address.region):
        parts.append(address.region)
    parts.append(address.address_1)
    text = "".join(parts)
    return f"{text} {address.address_2}" if address.address_2 else text


def _places(service: Service) -> list[Place]:
    places = []
    for service_at_location in service.service_at_locations.all():
        location = service_at_location.location
        addresses = list(location.addresses.all())
        first = addresses[0] if addresses else None
        places.append(
            Place(
                name=location.name,
                ward=location.ward or (first.region if first else ""),
                address=_address_text(first) if first else "",
                postal_code=first.postal_code if first else "",
                is_virtual=location.location_type == Location.Type.VIRTUAL,
            )
        )
    return places


def _phones(service: Service) -> list[Phone]:
    """The service's own numbers; else those of its places; else its organization's."""
    own = list(service.phones.all())
    if own:
        return own
    at_places = [
        phone
        for service_at_location in service.service_at_locations.all()
        for phone in service_at_location.location.phones.all()
    ]
    return at_places or list(service.organization.phones.all())


def _schedules(service: Service) -> list[Schedule]:
    """The service's own hours; else the hours of the places it is offered at."""
    own = list(service.schedules.all())
    if own:
        return own
    return [
        schedule
        for service_at_location in service.service_at_locations.all()
        for schedule in service_at_location.location.schedules.all()
    ]


def service_card(service: Service, now=None) -> ServiceCard:
    schedules = _schedules(service)
    return ServiceCard(
        service=service,
        phones=_phones(service),
        hours=[hours_line(schedule) for schedule in schedules],
        plain_hours=[hours_line(schedule, long=True) for schedule in schedules],
        state=open_state(service, schedules, now),
        places=_places(service),
        around_the_clock=service.is_24_hours or any(s.is_24_hours for s in schedules),
        terms=list(service.terms.all()),
    )


def service_cards(services, now=None) -> list[ServiceCard]:
    return [service_card(service, now) for service in services]


# --- queries ------------------------------------------------------------------------------


def public_services(local_government: LocalGovernment) -> QuerySet[Service]:
    """Published, active services of published organizations."""
    return Service.objects.filter(
        local_government=local_government,
        review_status=ReviewStatus.PUBLISHED,
        status=Status.ACTIVE,
        organization__review_status=ReviewStatus.PUBLISHED,
    )


def _published_places() -> QuerySet[ServiceAtLocation]:
    return (
        ServiceAtLocation.objects.filter(location__review_status=ReviewStatus.PUBLISHED)
        .select_related("location")
        .prefetch_related(
            "location__addresses",
            "location__schedules",
            Prefetch("location__phones", queryset=Phone.objects.order_by("position", "pk")),
        )
        .order_by("pk")
    )


DETAIL_PREFETCH = (
    Prefetch("phones", queryset=Phone.objects.order_by("position", "pk")),
    Prefetch(
        "organization__phones",
        queryset=Phone.objects.filter(service__isnull=True, location__isnull=True).order_by(
            "position", "pk"
        ),
    ),
    "schedules",
    Prefetch("service_at_locations", queryset=_published_places()),
    Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
)


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """Services with their organization, phones, hours, places and terms fetched in a fixed
    number of queries."""
    return services.select_related("organization").prefetch_related(*DETAIL_PREFETCH)


def terms(local_government: LocalGovernment, kind: str) -> QuerySet[TaxonomyTerm]:
    """The terms of one kind (need, audience, situation) in their order."""
    return (
        TaxonomyTerm.objects.filter(local_government=local_government, taxonomy__kind=kind)
        .select_related("taxonomy")
        .order_by("position", "code")
    )


def need_terms(local_government: LocalGovernment) -> QuerySet[TaxonomyTerm]:
    return terms(local_government, Taxonomy.Kind.NEED)


def need(local_government: LocalGovernment, code: str) -> TaxonomyTerm:
    term = need_terms(local_government).filter(code=code).first()
    if term is None:
        raise Http404("no such need")
    return term


def services_for_need(
    local_government: LocalGovernment,
    term: TaxonomyTerm,
    *,
    ward: str = "",
    night: bool = False,
    reach: str | None = Reach.PERSON,
) -> QuerySet[Service]:
    """The public services tagged with a need, of one reach (None: all), serving one ward if
    given, in action order (action_order)."""
    services = for_reach(public_services(local_government).filter(terms=term), reach)
    if ward:
        services = in_ward(services, ward)
    order = action_order(night, crisis=crisis_first(term.code))
    return with_details(with_action_order(services).order_by(*order))


def around_the_clock_services(local_government: LocalGovernment) -> QuerySet[Service]:
    """The public services that take calls at any hour."""
    return with_details(
        with_around_the_clock(public_services(local_government))
        .filter(around_the_clock=True)
        .order_by("position", "pk")
    )


def wards(local_government: LocalGovernment, term: TaxonomyTerm | None = None) -> list[str]:
    """The wards a visitor may choose: all the local government's wards (package.yaml
    `local_government.wards`); for a body without that list, the wards the public services
    (of a need, if given) are offered in."""
    if local_government.wards:
        return list(local_government.wards)
    services = public_services(local_government)
    if term is not None:
        services = services.filter(terms=term)
    places = (
        Location.objects.filter(
            local_government=local_government,
            review_status=ReviewStatus.PUBLISHED,
            service_at_locations__service__in=services,
        )
        .exclude(ward="")
        .values_list("ward", flat=True)
        .distinct()
    )
    return sorted(set(places))


def service_detail(local_government: LocalGovernment, pk: int) -> Service:
    """One public service with its details and the measures of the published plan it
    carries out."""

    plan = published_plan(local_government)
    measures = Measure.objects.filter(area__pillar__plan=plan) if plan else Measure.objects.none()
    service = (
        with_details(public_services(local_government).filter(pk=pk))
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=measures.select_related("area__pillar").order_by(
                    "area__pillar__number", "area__number", "number"
                ),
            )
        )
        .first()
    )
    if service is None:
        raise Http404("no such service")
    return service


@dataclass
class NeedGroup:
    need: TaxonomyTerm
    cards: list[ServiceCard]


def match_rank(card: ServiceCard, chosen: list[TaxonomyTerm]) -> int:
    """How well a service fits the chosen audience and situation (lower first): per chosen
    term, 0 when the service is tagged with it, 1 when it has no tag of that kind (it is for
    anyone), 3 when it is tagged for others only."""
    rank = 0
    for term in chosen:
        kind_terms = {t.pk for t in card.terms if t.taxonomy.kind == term.taxonomy.kind}
        if not kind_terms:
            rank += 1
        elif term.pk not in kind_terms:
            rank += 3
    return rank


def navigator_results(
    local_government: LocalGovernment,
    needs: list[TaxonomyTerm],
    *,
    audience: TaxonomyTerm | None = None,
    situation: TaxonomyTerm | None = None,
    ward: str = "",
    now=None,
    reach: str | None = Reach.PERSON,
) -> list[NeedGroup]:
    """The public services for each chosen need, of one reach (Reach.PERSON by default:
    the person's list and sheet; None: all, the supporters' view): those made for the chosen
    audience and situation before those for anyone and those for others, after the crisis
    lines (on a listening need, LISTENING_NEEDS) and what can be called (action_order).
    One set of queries whatever the number of needs."""
    through = Service.terms.through
    tagged = through.objects.filter(taxonomyterm__in=needs).values("service")
    services = for_reach(public_services(local_government).filter(pk__in=tagged), reach)
    if ward:
        services = in_ward(services, ward)
    night = is_night(now)
    ordered = with_action_order(services).order_by(*action_order(night))
    cards = service_cards(with_details(ordered), now)
    chosen = [term for term in (audience, situation) if term is not None]
    groups = []
    for term in needs:
        matching = [card for card in cards if any(t.pk == term.pk for t in card.terms)]
        # the crisis lines (on a listening need), then what can be called, then the best fit;
        # stable: at night the 24-hour lines, then the package's order, within those
        first = crisis_first(term.code)
        matching.sort(
            key=lambda card, first=first: (
                first and not card.service.is_crisis,
                not card.service.has_voice,
                match_rank(card, chosen),
            )
        )
        groups.append(NeedGroup(term, matching))
    return groups
