"""Reads of the directory's back office: the lists with their filters and flags, and the
before → after rows of a change request. What a user may see at all is decided by
directory.access; these functions only narrow and shape it."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from directory.back_office import entry_values
from directory.models import (
    VERIFICATION_MONTHS,
    ChangeRequest,
    Organization,
    Phone,
    ReviewStatus,
    Schedule,
    Service,
    Status,
    TaxonomyTerm,
)

PENDING = ChangeRequest.State.PENDING


def verification_cutoff(today: datetime.date, months: int = VERIFICATION_MONTHS) -> datetime.date:
    """The date `months` before `today` (the same day of the month, or its last day)."""
    month_index = today.year * 12 + today.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def due_q(cutoff: datetime.date, prefix: str = "") -> Q:
    """Records never verified, or last verified before `cutoff`: 要確認."""
    return Q(**{f"{prefix}last_verified_on__isnull": True}) | Q(
        **{f"{prefix}last_verified_on__lt": cutoff}
    )


def is_due(record, cutoff: datetime.date) -> bool:
    return record.last_verified_on is None or record.last_verified_on < cutoff


def _flag(cutoff):
    return Case(
        When(due_q(cutoff), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


ORGANIZATION_SORTS = {
    "name": ("position", "name", "pk"),
    "category": ("category", "position", "name", "pk"),
    "verified": (F("last_verified_on").asc(nulls_first=True), "name", "pk"),
    "-verified": (F("last_verified_on").desc(nulls_last=True), "name", "pk"),
}
SERVICE_SORTS = {
    "name": ("name", "pk"),
    "organization": ("organization__position", "organization__name", "position", "pk"),
    "verified": (F("last_verified_on").asc(nulls_first=True), "name", "pk"),
    "-verified": (F("last_verified_on").desc(nulls_last=True), "name", "pk"),
}


def organization_list(
    organizations: QuerySet[Organization],
    *,
    cutoff: datetime.date,
    q: str = "",
    category: str = "",
    due: bool = False,
    pending: bool = False,
    sort: str = "name",
) -> QuerySet[Organization]:
    organizations = organizations.select_related("maintainer").annotate(
        service_count=Count("services", distinct=True),
        pending_count=Count(
            "change_requests", filter=Q(change_requests__state=PENDING), distinct=True
        ),
        is_due=_flag(cutoff),
    )
    if q:
        organizations = organizations.filter(Q(name__icontains=q) | Q(alternate_name__icontains=q))
    if category:
        organizations = organizations.filter(category=category)
    if due:
        organizations = organizations.filter(due_q(cutoff))
    if pending:
        organizations = organizations.filter(pending_count__gt=0)
    return organizations.order_by(*ORGANIZATION_SORTS.get(sort, ORGANIZATION_SORTS["name"]))


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """Services with their organization, phones, hours and terms, in a fixed number of
    queries."""
    return services.select_related("organization__maintainer").prefetch_related(
        Prefetch("phones", queryset=Phone.objects.order_by("position", "pk")),
        Prefetch("schedules", queryset=Schedule.objects.order_by("pk")),
        Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
    )


def service_list(
    services: QuerySet[Service],
    *,
    cutoff: datetime.date,
    q: str = "",
    category: str = "",
    need: str = "",
    status: str = "",
    review: str = "",
    due: bool = False,
    pending: bool = False,
    sort: str = "organization",
) -> QuerySet[Service]:
    services = with_details(services).annotate(
        pending_count=Count(
            "change_requests", filter=Q(change_requests__state=PENDING), distinct=True
        ),
        is_due=_flag(cutoff),
    )
    if q:
        services = services.filter(
            Q(name__icontains=q)
            | Q(alternate_name__icontains=q)
            | Q(organization__name__icontains=q)
        )
    if category:
        services = services.filter(organization__category=category)
    if need:
        tagged = Service.terms.through.objects.filter(
            taxonomyterm__taxonomy__kind="need", taxonomyterm__code=need
        )
        services = services.filter(pk__in=tagged.values("service_id"))
    if status:
        services = services.filter(status=status)
    if review:
        services = services.filter(review_status=review)
    if due:
        services = services.filter(due_q(cutoff))
    if pending:
        services = services.filter(pending_count__gt=0)
    return services.order_by(*SERVICE_SORTS.get(sort, SERVICE_SORTS["organization"]))


def need_choices(local_government) -> list[tuple[str, str]]:
    terms = TaxonomyTerm.objects.filter(
        local_government=local_government, taxonomy__kind="need"
    ).order_by("position", "code")
    return [(term.code, term.name) for term in terms]


def organization_services(organization: Organization, *, cutoff) -> list[Service]:
    services = with_details(organization.services.all()).annotate(
        pending_count=Count(
            "change_requests", filter=Q(change_requests__state=PENDING), distinct=True
        ),
        is_due=_flag(cutoff),
    )
    services = list(services.order_by("position", "pk"))
    for service in services:
        service.schedule_lines = [
            schedule_text(entry_values.schedule_value(schedule))
            for schedule in service.schedules.all()
        ]
        service.schedule_internal_notes = [
            schedule.internal_note for schedule in service.schedules.all() if schedule.internal_note
        ]
    return services


def change_list(requests: QuerySet[ChangeRequest], *, state: str = "") -> QuerySet[ChangeRequest]:
    requests = requests.select_related(
        "organization", "service", "submitted_by", "reviewed_by"
    ).order_by("-submitted_at", "-pk")
    return requests.filter(state=state) if state else requests


def labelled(change_requests) -> list[ChangeRequest]:
    """The requests with `kind_label` (what kind of change) set, for display."""
    change_requests = list(change_requests)
    for change_request in change_requests:
        proposed = change_request.proposed if isinstance(change_request.proposed, dict) else {}
        change_request.kind_label = entry_values.KIND_LABELS.get(proposed.get("kind"), "")
    return change_requests


@dataclass
class ReportGroup:
    maintainer: object  # an accounts.Organization, or None (nobody keeps these entries)
    organizations: list[Organization]
    services: list[Service]

    @property
    def count(self) -> int:
        return len(self.organizations) + len(self.services)


def verification_report(local_government, *, today: datetime.date) -> list[ReportGroup]:
    """The published entries that need verifying (要確認), grouped by who keeps them; the
    entries nobody keeps come last."""
    cutoff = verification_cutoff(today)
    published = ReviewStatus.PUBLISHED
    organizations = (
        Organization.objects.filter(local_government=local_government, review_status=published)
        .filter(due_q(cutoff))
        .select_related("maintainer")
        .order_by("position", "name", "pk")
    )
    services = (
        Service.objects.filter(local_government=local_government, review_status=published)
        .filter(due_q(cutoff))
        .select_related("organization__maintainer")
        .order_by("organization__position", "organization__name", "position", "pk")
    )
    groups: dict[object, ReportGroup] = {}

    def group_for(maintainer) -> ReportGroup:
        key = maintainer.pk if maintainer else None
        if key not in groups:
            groups[key] = ReportGroup(maintainer=maintainer, organizations=[], services=[])
        return groups[key]

    for organization in organizations:
        group_for(organization.maintainer).organizations.append(organization)
    for service in services:
        group_for(service.organization.maintainer).services.append(service)
    return sorted(
        groups.values(),
        key=lambda group: (
            group.maintainer is None,
            group.maintainer.name if group.maintainer else "",
        ),
    )


# --- text of values (lists, CSV, the before → after table) -------------------------------------


def weekday_text(byday: str) -> str:
    days = [day for day in (byday or "").split(",") if day]
    return "・".join(str(entry_values.WEEKDAY_LABELS.get(day, day)) for day in days)


def schedule_text(row: dict) -> str:
    text = _("%(days)s %(opens)s〜%(closes)s") % {
        "days": weekday_text(row.get("byday", "")),
        "opens": row.get("opens_at") or "?",
        "closes": row.get("closes_at") or "?",
    }
    return f"{text}（{row['notes']}）" if row.get("notes") else text


def phone_text(row: dict) -> str:
    text = row.get("number", "")
    if row.get("extension"):
        text += _(" 内線%(extension)s") % {"extension": row["extension"]}
    kind = row.get("type") or Phone.Type.VOICE
    if kind != Phone.Type.VOICE:
        text += f"（{Phone.Type(kind).label}）" if kind in Phone.Type.values else ""
    if row.get("description"):
        text += f" {row['description']}"
    return text


def term_names(local_government) -> dict[str, str]:
    terms = TaxonomyTerm.objects.filter(local_government=local_government).select_related(
        "taxonomy"
    )
    return {entry_values.term_key(term): term.name for term in terms}


FIELD_MODELS = {"organization": Organization, "service": Service}
EXTRA_LABELS = {
    "phones": lambda: _("電話番号"),
    "schedules": lambda: _("受付時間"),
    "terms": lambda: _("分類（ニーズ・対象・状況）"),
}
CHOICES = {
    "category": Organization.Category,
    "status": Status,
    "review_status": ReviewStatus,
}


def field_label(model, name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]()
    return str(model._meta.get_field(name).verbose_name)


def value_text(name: str, value, *, names: dict[str, str]) -> str:
    """A value of the proposal JSON as the reviewer reads it."""
    if value is None or value == "" or value == []:
        return ""
    if name == "phones":
        return "\n".join(phone_text(row) for row in value if isinstance(row, dict))
    if name == "schedules":
        return "\n".join(schedule_text(row) for row in value if isinstance(row, dict))
    if name == "terms":
        return "、".join(names.get(key, key) for key in value)
    if name in CHOICES:
        choices = CHOICES[name]
        return str(choices(value).label) if value in choices.values else str(value)
    if isinstance(value, bool):
        return _("はい") if value else _("いいえ")
    return str(value)


@dataclass
class DiffRow:
    name: str
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def change_rows(change_request: ChangeRequest) -> list[DiffRow]:
    """The before → after rows of a request. A pending request compares with the entry as it
    is now; a closed one with the entry as it was when proposed."""
    proposed = change_request.proposed if isinstance(change_request.proposed, dict) else {}
    kind = proposed.get("kind")
    values = proposed.get("values") if isinstance(proposed.get("values"), dict) else {}
    before = proposed.get("before") if isinstance(proposed.get("before"), dict) else {}
    pending = change_request.state == PENDING
    names = term_names(change_request.local_government_id)

    if kind == entry_values.ORGANIZATION:
        model, order = Organization, entry_values.ORGANIZATION_PROPOSAL_FIELDS
        if pending:
            before = entry_values.organization_values(change_request.organization)
        after = values
        keys = [name for name in order if name in values]
    else:
        model, order = Service, entry_values.SERVICE_PROPOSAL_FIELDS
        if kind == entry_values.NEW_SERVICE:
            # what will be published: the draft as it is now (while pending)
            after = (
                entry_values.service_values(change_request.service)
                if pending and change_request.service
                else values
            )
            keys = [
                name
                for name in order
                if name in before or after.get(name) not in ("", [], None, False)
            ]
        else:
            if pending and change_request.service:
                before = entry_values.service_values(change_request.service)
            after = values
            keys = [name for name in order if name in values]
    return [
        DiffRow(
            name=name,
            label=field_label(model, name),
            before=value_text(name, before.get(name), names=names),
            after=value_text(name, after.get(name), names=names),
        )
        for name in keys
    ]
